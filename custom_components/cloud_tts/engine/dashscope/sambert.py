"""Alibaba Model Studio Sambert: one whole text per task (``streaming: "out"``), Beijing only.

Each Sambert voice is its own model id. The service takes no streamed text,
so a reply is spoken piece by piece (:mod:`.piecewise`): each piece is one
run-task on a warm connection, answered by binary audio and task-finished.
"""

from __future__ import annotations

import uuid

from aiohttp import ClientWebSocketResponse, WSMessage

from ..errors import InvalidRequestError
from ..models import AudioFormat, SynthesisOptions, TextFormat
from ..piecewise import PiecewiseProvider, Read
from ..provider import Request
from ..stream import Reading
from ..warm_sockets import Begin
from . import catalog
from .protocol import (
    INFERENCE_PATH,
    ModelStudioFamily,
    read_task_message,
    start_task,
    task_command,
)

MODEL = "sambert"
DEFAULT_VOICE = "sambert-zhichu-v1"


class SambertProvider(ModelStudioFamily, PiecewiseProvider):
    """Sambert voices of one Model Studio account."""

    name = "dashscope"
    family = catalog.SAMBERT
    piece_limit = 10_000
    """Characters of one task's text."""
    service_idle_timeout = 60.0

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

    def _piece(self, text: str, request: Request) -> tuple[Begin, Read]:
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

        def read(ws: ClientWebSocketResponse, message: WSMessage) -> Reading:
            return read_task_message(message, task_id, ws, self.account)

        return begin, read
