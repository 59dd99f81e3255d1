"""Huawei Cloud SIS real-time TTS (``/v1/{project_id}/rtts``): one text per connection.

The service takes one START (text and config) per connection and answers
START, binary audio, END. A reply is spoken piece by piece (:mod:`.piecewise`):
each piece, cut at a sentence or clause, gets its own connection, opened while
the previous piece is still playing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

from aiohttp import ClientSession, ClientWebSocketResponse, WSMsgType

from . import huawei_catalog as catalog
from .errors import InvalidRequestError, ProtocolError, ServiceUnavailableError, TtsTimeoutError
from .huawei import HuaweiAuth, HuaweiFamily, prosody, sis_error
from .models import AudioFormat, Deadlines, SynthesisOptions, TextFormat
from .piecewise import PiecewiseProvider
from .provider import Request
from .warm_sockets import StaleSocket, WarmSockets

SHORT_TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 10_000
IDLE_TIMEOUT_CODE = "SIS.0304"
SERVICE_IDLE_TIMEOUT = 20.0
"""The service drops a connection that gets no START for this long."""


class HuaweiRttsProvider(HuaweiFamily, PiecewiseProvider):
    """Real-time TTS voices of one Huawei Cloud account."""

    name = "huawei"
    family = catalog.RTTS
    path = "/rtts"
    piece_limit = SHORT_TEXT_LIMIT

    def __init__(self, auth: HuaweiAuth, session: ClientSession, *, deadlines: Deadlines | None = None) -> None:
        """Sign connections with ``auth``; use ``session`` for them (not closed by the provider)."""
        self.auth = auth
        self._session = session
        self._deadlines = deadlines or Deadlines()
        keep_for = min(self._deadlines.warm_socket, 0.75 * SERVICE_IDLE_TIMEOUT)
        self._sockets = WarmSockets(self._open, max_idle=1, keep_for=keep_for)

    @property
    def warm_connections(self) -> int:
        """Connections open and waiting for the next piece."""
        return self._sockets.idle_count

    async def validate_credentials(self) -> None:
        """Sign in (a token from IAM, or an AK/SK signature) with a handshake; keep the connection briefly."""
        await self._sockets.prewarm()

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Open a connection for the next reply (kept until the service would drop it)."""
        del options
        await self._sockets.prewarm()

    async def close(self) -> None:
        """Close the open connections."""
        await self._sockets.close()

    def _check(self, options: SynthesisOptions) -> Request:
        region = self.account.region
        model = catalog.CATALOG.model_for(options.model or catalog.RTTS_MODEL, self.family, region)
        voice_id, voice = catalog.CATALOG.voice_for(model, options.voice, region)
        rate = catalog.CATALOG.sample_rate_for(model, voice, options.sample_rate)
        if options.text_format is TextFormat.SSML:
            raise InvalidRequestError("Real-time TTS does not accept SSML")
        if options.instructions:
            raise InvalidRequestError("Real-time TTS voices do not take instructions")
        config = {
            "audio_format": "pcm",
            "sample_rate": str(rate),
            "property": voice_id,
            "speed": prosody(options.speed),
            "pitch": prosody(options.pitch),
            "volume": options.volume,
        }
        return Request(voice_id, config, AudioFormat(rate))

    def _piece_limit(self, request: Request) -> int:
        long_text = request.model in catalog.LONG_TEXT_VOICES or self.account.region == catalog.RIYADH
        return LONG_TEXT_LIMIT if long_text else SHORT_TEXT_LIMIT

    async def _speak_piece(self, text: str, request: Request) -> AsyncGenerator[bytes, None]:
        start = json.dumps({"command": "START", "text": text, "config": request.parameters}, ensure_ascii=False)

        async def begin(ws: ClientWebSocketResponse, reused: bool) -> None:
            try:
                await ws.send_str(start)
            except (ConnectionError, OSError) as err:
                if reused:
                    raise StaleSocket from err
                raise ServiceUnavailableError(f"Lost the connection to {self.service_name}") from err
            response = await self._next_event(ws, self._deadlines.task_start, reused=reused, waiting="START")
            if response.get("resp_type") != "START":
                raise ProtocolError(f"Expected START from {self.service_name}, got {response.get('resp_type')}")

        ws = await self._sockets.start(begin)
        try:
            while True:
                try:
                    message = await ws.receive(timeout=self._deadlines.audio_gap)
                except TimeoutError:
                    gap = self._deadlines.audio_gap
                    raise TtsTimeoutError(f"{self.service_name} sent no audio for {gap:g} s") from None
                if message.type is WSMsgType.BINARY:
                    yield message.data
                    continue
                event = self._event(ws, message)
                kind = event.get("resp_type")
                if kind == "END":
                    if event.get("reason", "NORMAL") != "NORMAL":
                        raise ServiceUnavailableError(f"{self.service_name} ended the text with an error")
                    return
                if kind in ("ERROR", "FATAL_ERROR"):
                    raise sis_error(event.get("error_code"), event.get("error_msg"), self.account)
        finally:
            self._sockets.discard(ws)  # one text per connection

    async def _next_event(
        self, ws: ClientWebSocketResponse, within: float, *, reused: bool, waiting: str
    ) -> dict[str, Any]:
        try:
            message = await ws.receive(timeout=within)
        except TimeoutError as err:
            raise TtsTimeoutError(f"{self.service_name} did not answer {waiting} within {within:g} s") from err
        if message.type is not WSMsgType.TEXT and reused:
            raise StaleSocket
        event = self._event(ws, message)
        if event.get("resp_type") in ("ERROR", "FATAL_ERROR"):
            if reused and event.get("error_code") == IDLE_TIMEOUT_CODE:
                raise StaleSocket  # the service gave up on the idle connection before we used it
            raise sis_error(event.get("error_code"), event.get("error_msg"), self.account)
        return event
