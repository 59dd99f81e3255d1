"""A fake OpenAI-compatible speech endpoint (``POST /v1/audio/speech``), for bridges such as ``wyoming-openai``.

It takes the request OpenAI documents (model, voice, input, response_format
``pcm`` or ``wav``) with a bearer key, and streams :func:`~.audio.fake_pcm` of
the input at 24 kHz (a WAV header of unknown length first, for ``wav``), after
the first-audio delay and at the pace of :class:`~.faults.Faults`.
"""

from __future__ import annotations

import asyncio
import struct

from aiohttp import web

from .audio import FRAME_SECONDS, fake_pcm
from .faults import Faults

RATE = 24000
FORMATS = ("pcm", "wav")


class FakeOpenAISpeech:
    """``/v1/audio/speech`` on loopback, accepting ``api_key``."""

    def __init__(self, *, api_key: str = "sk-test", faults: Faults | None = None) -> None:
        """Accept ``api_key``; delays and pace from ``faults``."""
        self.api_key = api_key
        self.faults = faults or Faults()
        self.region = "openai"
        self.requests: list[dict[str, object]] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: any free port); return the base URL (``…/v1``)."""
        app = web.Application()
        app.router.add_post("/v1/audio/speech", self._speech)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0]
        self.url = f"http://{bound[0]}:{bound[1]}/v1"
        return self.url

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _speech(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, "invalid_api_key", "Incorrect API key provided.")
        body = await request.json()
        text, audio_format = body.get("input"), body.get("response_format", "mp3")
        if not isinstance(text, str) or not text.strip() or not body.get("model") or not body.get("voice"):
            return _error(400, "invalid_request_error", "model, voice and a non-empty input are required.")
        if audio_format not in FORMATS:
            return _error(400, "invalid_request_error", f"response_format {audio_format!r} is not served here.")
        self.requests.append(body)
        response = web.StreamResponse(headers={"Content-Type": f"audio/{audio_format}"})
        await response.prepare(request)
        if self.faults.first_audio_delay:
            await asyncio.sleep(self.faults.first_audio_delay)
        pcm = fake_pcm(text, RATE)
        frame_bytes = int(RATE * FRAME_SECONDS) * 2
        for start in range(0, len(pcm), frame_bytes):
            frame = pcm[start : start + frame_bytes]
            await response.write((_wav_header() if audio_format == "wav" and start == 0 else b"") + frame)
            if self.faults.pace:
                await asyncio.sleep(len(frame) / 2 / RATE / self.faults.pace)
        await response.write_eof()
        return response


def _wav_header() -> bytes:
    """A streamed WAV's header: 16-bit mono at 24 kHz, its lengths unknown (0xFFFFFFFF) as OpenAI sends them."""
    unknown = 0xFFFFFFFF
    fmt = struct.pack("<HHIIHH", 1, 1, RATE, RATE * 2, 2, 16)
    return (
        b"RIFF"
        + struct.pack("<I", unknown)
        + b"WAVEfmt "
        + struct.pack("<I", 16)
        + fmt
        + b"data"
        + struct.pack("<I", unknown)
    )


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"message": message, "type": code, "code": code}}, status=status)
