"""Alibaba Model Studio Sambert: one whole text per task (``streaming: "out"``), Beijing only.

Each Sambert voice is its own model id. The service takes no streamed text,
so a reply is spoken piece by piece (:mod:`.piecewise`): each piece is one
run-task on a warm connection, answered by binary audio and task-finished.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

from aiohttp import ClientSession, ClientWebSocketResponse

from . import dashscope_catalog as catalog
from .dashscope import (
    INFERENCE_PATH,
    DashScopeAccount,
    ModelStudioFamily,
    read_task_message,
    start_task,
    task_command,
)
from .errors import InvalidRequestError, TtsTimeoutError
from .models import AudioFormat, Deadlines, SynthesisOptions, TextFormat
from .piecewise import PiecewiseProvider
from .provider import Request
from .stream import TURN_END
from .warm_sockets import WarmSockets

MODEL = "sambert"
DEFAULT_VOICE = "sambert-zhichu-v1"
SERVICE_IDLE_TIMEOUT = 60.0


class SambertProvider(ModelStudioFamily, PiecewiseProvider):
    """Sambert voices of one Model Studio account."""

    name = "dashscope"
    family = catalog.SAMBERT
    piece_limit = 10_000
    """Characters of one task's text."""

    def __init__(
        self,
        account: DashScopeAccount,
        session: ClientSession,
        *,
        deadlines: Deadlines | None = None,
        max_warm_sockets: int = 4,
    ) -> None:
        """Use ``session`` for connections (not closed by the provider)."""
        self.account = account
        self._session = session
        self._deadlines = deadlines or Deadlines()
        if self._deadlines.warm_socket >= SERVICE_IDLE_TIMEOUT:
            raise ValueError(f"warm_socket must stay under {SERVICE_IDLE_TIMEOUT:g} s, the service's own limit")
        self._sockets = WarmSockets(self._connect, max_idle=max_warm_sockets, keep_for=self._deadlines.warm_socket)

    @property
    def warm_connections(self) -> int:
        """Connections open and waiting for the next reply."""
        return self._sockets.idle_count

    async def validate_credentials(self) -> None:
        """Open a connection (the handshake checks the key) and keep it warm."""
        await self._sockets.prewarm()

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Open a connection so the next request skips the handshake."""
        del options  # one endpoint serves every Sambert voice
        await self._sockets.prewarm()

    async def close(self) -> None:
        """Close the warm connections."""
        await self._sockets.close()

    def _check(self, options: SynthesisOptions) -> Request:
        model = catalog.model_for(options.model or MODEL, self.family, self.account.region)
        voice_id, voice = catalog.voice_for(model, options.voice or DEFAULT_VOICE, self.account.region)
        rate = catalog.sample_rate_for(model, voice, options.sample_rate)
        if options.text_format is TextFormat.SSML:
            raise InvalidRequestError("Sambert does not accept SSML here")
        if options.instructions:
            raise InvalidRequestError("Sambert voices do not take instructions")
        parameters = {
            "text_type": "PlainText",
            "format": "pcm",
            "sample_rate": rate,
            "volume": options.volume,
            "rate": options.speed,
            "pitch": options.pitch,
        }
        return Request(voice_id, parameters, AudioFormat(rate))

    async def _connect(self) -> ClientWebSocketResponse:
        return await self._open(self.account.url(INFERENCE_PATH))

    async def _speak_piece(self, text: str, request: Request) -> AsyncGenerator[bytes, None]:
        task_id = uuid.uuid4().hex
        payload = {
            "task_group": "audio",
            "task": "tts",
            "function": "SpeechSynthesizer",
            "model": request.model,
            "parameters": request.parameters,
            "input": {"text": text},
        }
        run_task = task_command("run-task", task_id, "out", payload)

        async def begin(ws: ClientWebSocketResponse, reused: bool) -> None:
            await start_task(ws, run_task, task_id, self.account, within=self._deadlines.task_start, reused=reused)

        ws = await self._sockets.start(begin)
        finished = False
        gap = self._deadlines.audio_gap
        try:
            while True:
                try:
                    message = await ws.receive(timeout=gap)
                except TimeoutError:
                    raise TtsTimeoutError(f"{self.service_name} sent no audio for {gap:g} s") from None
                reading = read_task_message(message, task_id, ws, self.account)
                if reading is TURN_END:
                    finished = True
                    return
                if reading:
                    yield reading
        finally:
            if finished:
                self._sockets.release(ws)
            else:
                self._sockets.discard(ws)
