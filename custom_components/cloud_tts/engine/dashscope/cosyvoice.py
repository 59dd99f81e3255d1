"""Alibaba Model Studio CosyVoice: duplex streaming over run/continue/finish-task.

One reply runs as one task on one WebSocket: text chunks go out as
``continue-task`` the moment they arrive, audio comes back as binary frames
(the flow is :mod:`.duplex`'s). A connection whose task finished cleanly is
kept warm for the next task.
"""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import ClientWebSocketResponse, WSMessage

from ..duplex import DuplexProvider, Turn
from ..errors import InvalidRequestError
from ..models import AudioFormat, SynthesisOptions, TextFormat
from ..provider import Request
from ..stream import Reading
from ..text import weighted_length
from . import catalog
from .protocol import (
    INFERENCE_PATH,
    ModelStudioFamily,
    read_task_message,
    start_task,
    task_command,
)

DEFAULT_MODEL = "cosyvoice-v3-flash"
INSTRUCTION_LIMIT = 100
LANGUAGE_HINTS = frozenset({"zh", "en", "fr", "de", "ja", "ko", "ru"})


class CosyVoiceProvider(ModelStudioFamily, DuplexProvider):
    """CosyVoice models of one Model Studio account."""

    name = "dashscope"
    family = catalog.COSYVOICE
    message_limit = 20_000
    """Weighted characters in one continue-task (Han characters count twice)."""
    turn_limit = 200_000
    """Weighted characters in one task."""
    han_counts_double = True
    service_text_timeout = 23.0
    """The service fails a task that gets no text (or finish-task) for this long."""
    service_idle_timeout = 60.0
    """The service drops a connection idle this long after a task."""

    # -- checking a request -------------------------------------------------

    def _check(self, options: SynthesisOptions) -> Request:
        model = catalog.model_for(options.model or DEFAULT_MODEL, self.family, self.account.region)
        voice_id, voice = catalog.voice_for(model, options.voice, self.account.region, custom_prefix="cosyvoice-")
        rate = catalog.sample_rate_for(model, voice, options.sample_rate)
        parameters: dict[str, Any] = {
            "text_type": "PlainText",
            "voice": voice_id,
            "format": "pcm",
            "sample_rate": rate,
            "volume": options.volume,
            "rate": options.speed,
            "pitch": options.pitch,
        }
        ssml = options.text_format is TextFormat.SSML
        if ssml:
            if not model.supports_ssml:
                raise InvalidRequestError(f"{model.name} does not accept SSML")
            parameters["enable_ssml"] = True
        if options.instructions:
            if not (model.supports_instructions and (voice is None or voice.supports_instructions)):
                raise InvalidRequestError(f"Voice {voice_id} of {model.name} does not take instructions")
            if weighted_length(options.instructions) > INSTRUCTION_LIMIT:
                raise InvalidRequestError(
                    f"Instructions are limited to {INSTRUCTION_LIMIT} characters (a Chinese character counts as 2)"
                )
            parameters["instruction"] = options.instructions
        if options.language and model.id.startswith("cosyvoice-v3"):
            hint = options.language.split("-")[0].lower()
            if hint in LANGUAGE_HINTS:
                parameters["language_hints"] = [hint]
        if options.seed is not None:
            if not 0 <= options.seed <= 65535:
                raise InvalidRequestError("seed must be between 0 and 65535")
            parameters["seed"] = options.seed
        return Request(model.id, parameters, AudioFormat(rate), ssml)

    # -- the protocol ---------------------------------------------------------

    def _new_turn_id(self) -> str:
        return uuid.uuid4().hex

    def _endpoint_key(self, request: Request) -> str:
        return INFERENCE_PATH  # one endpoint serves every CosyVoice model

    async def _connect(self, endpoint_key: str) -> ClientWebSocketResponse:
        return await self._open(self.account.url(endpoint_key))

    async def _start_turn(self, ws: ClientWebSocketResponse, turn: Turn, request: Request, *, reused: bool) -> None:
        payload = {
            "task_group": "audio",
            "task": "tts",
            "function": "SpeechSynthesizer",
            "model": request.model,
            "parameters": request.parameters,
            "input": {},
        }
        run_task = task_command("run-task", turn.id, "duplex", payload)
        await start_task(ws, run_task, turn.id, self.account, within=self._deadlines.task_start, reused=reused)

    def _text_message(self, turn: Turn, text: str) -> str:
        return task_command("continue-task", turn.id, "duplex", {"input": {"text": text}})

    def _end_message(self, turn: Turn) -> str:
        return task_command("finish-task", turn.id, "duplex", {"input": {}})

    def _read(self, ws: ClientWebSocketResponse, message: WSMessage, turn: Turn) -> Reading:
        return read_task_message(message, turn.id, ws, self.account)
