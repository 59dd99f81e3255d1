"""Huawei Cloud SIS streaming TTS (``/v1/{project_id}/vcs/voices/clone``, ``text_pieces`` MULTI).

A reply is one START (MULTI, voice and audio config) on its own connection,
one MSG per piece of text as it arrives (at most 300 characters each), END,
then audio until the END response (the flow is :mod:`.duplex`'s). The service
speaks only whole sentences and may keep an unfinished one, so text after the
last sentence end is held until more comes, and the reply's last text is given
a full stop.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from aiohttp import ClientSession, ClientWebSocketResponse, WSMessage, WSMsgType

from . import huawei_catalog as catalog
from .duplex import DuplexProvider, Turn
from .errors import InvalidRequestError, ProtocolError, ServiceUnavailableError, TtsTimeoutError
from .huawei import HuaweiAuth, HuaweiFamily, prosody, sis_error
from .huawei_rtts import IDLE_TIMEOUT_CODE
from .models import AudioFormat, Deadlines, SynthesisOptions, TextFormat
from .provider import Request
from .stream import TURN_END, Reading
from .text import normalize
from .warm_sockets import StaleSocket

_SENTENCE_END = re.compile(r"(?:[。！？!?…]|\.(?=\s))[\"'”’」』）)\]}》]*")
"""Where a sentence ends inside streamed text, with its closing quotes (a last "." waits: 3.14, example.com)."""
_FINAL_STOPS = "。！？.!?…"
_CLOSERS = "\"'”’」』）)]}》〉"
_SOFT_STOPS = ",，、:：;；\n"
_SPEAKABLE = re.compile(r"\w")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _with_full_stop(text: str) -> str:
    """``text`` ending in sentence punctuation (after any closing quotes), so the service speaks all of it."""
    text = text.rstrip()
    if not _SPEAKABLE.search(text):
        return ""
    body = text.rstrip(_CLOSERS)
    if body[-1:] and body[-1] in _FINAL_STOPS:
        return text
    stop = "。" if _CJK.search(body[-10:]) else "."
    if body[-1:] and body[-1] in _SOFT_STOPS:
        return body[:-1] + stop + text[len(body) :]
    return body + stop + text[len(body) :]


class HuaweiStreamingProvider(HuaweiFamily, DuplexProvider):
    """Streaming TTS voices of one Huawei Cloud account."""

    name = "huawei"
    family = catalog.STREAMING
    path = "/vcs/voices/clone"
    message_limit = 300
    turn_limit = 100_000
    service_text_timeout = 20.0
    """SIS.0416 ends a request that waits for text (assumed like SIS's other 20 s limits)."""
    service_idle_timeout = 20.0
    keeps_connections = False

    def __init__(self, auth: HuaweiAuth, session: ClientSession, *, deadlines: Deadlines | None = None) -> None:
        """Sign connections with ``auth``; use ``session`` for them (not closed by the provider)."""
        super().__init__(session, deadlines=deadlines, max_warm_sockets=1)
        self.auth = auth

    def _check(self, options: SynthesisOptions) -> Request:
        region = self.account.region
        model = catalog.CATALOG.model_for(options.model or catalog.STREAMING_MODEL, self.family, region)
        voice_id, voice = catalog.CATALOG.voice_for(model, options.voice, region)
        rate = catalog.CATALOG.sample_rate_for(model, voice, options.sample_rate)
        if options.text_format is TextFormat.SSML:
            raise InvalidRequestError("Streaming TTS does not accept SSML")
        if options.instructions:
            raise InvalidRequestError("Streaming TTS voices do not take instructions")
        config = {
            "audio_format": "pcm",
            "sample_rate": str(rate),
            "voice_name": voice_id,
            "speed": prosody(options.speed),
            "pitch": prosody(options.pitch),
            "volume": options.volume,
        }
        return Request(model.id, config, AudioFormat(rate))

    # -- the protocol ---------------------------------------------------------

    def _new_turn_id(self) -> str:
        return uuid.uuid4().hex

    async def _connect(self, endpoint_key: str) -> ClientWebSocketResponse:
        del endpoint_key  # one API
        return await self._open()

    async def _start_turn(self, ws: ClientWebSocketResponse, turn: Turn, request: Request, *, reused: bool) -> None:
        start = {"command": "START", "text_pieces": "MULTI", "config": request.parameters}
        try:
            await ws.send_str(json.dumps(start))
        except (ConnectionError, OSError) as err:
            if reused:
                raise StaleSocket from err
            raise ServiceUnavailableError(f"Lost the connection to {self.service_name}") from err
        within = self._deadlines.task_start
        try:
            message = await ws.receive(timeout=within)
        except TimeoutError as err:
            raise TtsTimeoutError(f"{self.service_name} did not answer START within {within:g} s") from err
        if message.type is not WSMsgType.TEXT and reused:
            raise StaleSocket
        event = self._event(ws, message)
        kind = event.get("resp_type")
        if kind in ("ERROR", "FATAL_ERROR"):
            if reused and event.get("error_code") == IDLE_TIMEOUT_CODE:
                raise StaleSocket  # the service gave up on the idle connection before we used it
            raise sis_error(event.get("error_code"), event.get("error_msg"), self.account)
        if kind != "START":
            raise ProtocolError(f"Expected START from {self.service_name}, got {kind}")

    def _ready_text(self, pending: str, *, final: bool) -> tuple[str, str]:
        """Send whole sentences; hold the unfinished rest; end the reply's text with a full stop."""
        if final:
            return _with_full_stop(pending), ""
        cut = 0
        for match in _SENTENCE_END.finditer(pending):
            cut = match.end()
        if not _SPEAKABLE.search(pending[:cut]):
            return "", pending  # nothing to say yet (the service refuses symbols alone)
        return pending[:cut], pending[cut:]

    def _text_message(self, turn: Turn, text: str) -> str:
        return json.dumps({"command": "MSG", "text": normalize(text)}, ensure_ascii=False)

    def _end_message(self, turn: Turn) -> str:
        return json.dumps({"command": "END"})

    def _read(self, ws: ClientWebSocketResponse, message: WSMessage, turn: Turn) -> Reading:
        if message.type is WSMsgType.BINARY:
            data: bytes = message.data
            return data
        event = self._event(ws, message)
        kind = event.get("resp_type")
        if kind == "END":
            if event.get("reason", "NORMAL") != "NORMAL":
                raise ServiceUnavailableError(f"{self.service_name} ended the reply with an error")
            return TURN_END
        if kind in ("ERROR", "FATAL_ERROR"):
            raise sis_error(event.get("error_code"), event.get("error_msg"), self.account)
        if kind == "EVENT":
            return self._on_event(event)
        return None

    def _on_event(self, event: dict[str, Any]) -> Reading:
        """Handle an EVENT: the service dropped a request (its time field is ``timestamp`` or ``time_stamp``)."""
        if event.get("event") == "EXCEEDED_TOTAL_TEXT_LENGTH":
            raise InvalidRequestError(f"{self.service_name} dropped text past its 100,000-character limit")
        return None  # VCS_END: a command after END, which does not change the reply
