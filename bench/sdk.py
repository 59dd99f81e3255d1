"""The official ``dashscope`` SDK, used the way its documentation shows: blocking calls, one thread per stream.

CosyVoice through ``SpeechSynthesizer.streaming_call`` (a new connection per
synthesizer, closed after use); Qwen-TTS realtime through ``QwenTtsRealtime``
(connect, update the session, append, finish). Audio arrives in callbacks on
the SDK's own WebSocket thread.
"""

from __future__ import annotations

import base64
import threading
from typing import Any

import dashscope
from dashscope.audio.qwen_tts_realtime import AudioFormat as QwenFormat
from dashscope.audio.qwen_tts_realtime import QwenTtsRealtime, QwenTtsRealtimeCallback
from dashscope.audio.tts_v2 import AudioFormat, ResultCallback, SpeechSynthesizer

from .paths.base import Reply, now

RATE = 24000
BYTES_PER_SECOND = RATE * 2
TIMEOUT = 120.0


class _Audio:
    """What a reply's callbacks saw: when audio began, how much came, how it ended."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.size = 0
        self.error: str | None = None
        self.done = threading.Event()

    def heard(self, pcm: bytes) -> None:
        self.first = self.first or now()
        self.size += len(pcm)

    def reply(self, started: float) -> Reply:
        if not self.done.wait(TIMEOUT):
            self.error = self.error or "timed out"
        return Reply(started, self.first, self.size / BYTES_PER_SECOND, self.error)


class _CosyVoiceCallback(ResultCallback):
    def __init__(self, audio: _Audio) -> None:
        self.audio = audio

    def on_data(self, data: bytes) -> None:
        self.audio.heard(data)

    def on_complete(self) -> None:
        self.audio.done.set()

    def on_error(self, message: Any) -> None:
        self.audio.error = str(message)
        self.audio.done.set()


class _QwenCallback(QwenTtsRealtimeCallback):
    def __init__(self, audio: _Audio) -> None:
        self.audio = audio

    def on_event(self, message: Any) -> None:
        kind = message.get("type")
        if kind == "response.audio.delta":
            self.audio.heard(base64.b64decode(message["delta"]))
        elif kind == "session.finished":
            self.audio.done.set()
        elif kind == "error":
            self.audio.error = str(message.get("error"))
            self.audio.done.set()

    def on_close(self, close_status_code: Any, close_msg: Any) -> None:
        self.audio.done.set()


def cosyvoice_reply(endpoint: str, text: str, voice: str) -> Reply:
    """One CosyVoice reply through the SDK (blocks; call it in a thread)."""
    dashscope.api_key = "sk-test"
    audio = _Audio()
    synthesizer = SpeechSynthesizer(
        model="cosyvoice-v3-flash",
        voice=voice,
        format=AudioFormat.PCM_24000HZ_MONO_16BIT,
        callback=_CosyVoiceCallback(audio),
        url=f"{endpoint}/api-ws/v1/inference",
    )
    started = now()
    synthesizer.streaming_call(text)
    synthesizer.streaming_complete()  # type: ignore[no-untyped-call]
    return audio.reply(started)


def qwen_reply(endpoint: str, text: str, voice: str) -> Reply:
    """One Qwen-TTS realtime reply through the SDK (blocks; call it in a thread)."""
    dashscope.api_key = "sk-test"
    audio = _Audio()
    client = QwenTtsRealtime(
        model="qwen3-tts-flash-realtime", callback=_QwenCallback(audio), url=f"{endpoint}/api-ws/v1/realtime"
    )
    started = now()
    client.connect()
    try:
        client.update_session(voice=voice, response_format=QwenFormat.PCM_24000HZ_MONO_16BIT, mode="server_commit")
        client.append_text(text)
        client.finish()
        return audio.reply(started)
    finally:
        client.close()


SDK_REPLIES = {"CosyVoice": cosyvoice_reply, "Qwen-TTS realtime": qwen_reply}
