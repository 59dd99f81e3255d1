"""Alibaba Model Studio Qwen-TTS realtime: text appended as it arrives, audio as base64 deltas.

A reply is one session on a fresh connection (the service ends the
connection after ``session.finished``): ``session.update`` with the voice and
audio settings, ``input_text_buffer.append`` per chunk in ``server_commit``
mode (the service decides when to speak what it has), then ``session.finish``
to flush. The flow is :mod:`.duplex`'s. The text at hand goes right behind
``session.update``, without waiting for ``session.updated``, as the docs' own
WebSocket client sends it (the service reads a connection's events in order):
a whole text is on its way, ``session.finish`` included, before any answer.
Once the provider was prewarmed, a connection is kept open ahead of the next
reply and replaced as replies take it, so replies that keep coming do not
wait for a handshake.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any

from aiohttp import ClientWebSocketResponse, WSMessage

from ..duplex import DuplexProvider, Turn
from ..errors import InvalidRequestError, ProtocolError, ServiceUnavailableError, TtsError, TtsTimeoutError
from ..events import CLOSED_STATES, json_event
from ..models import AudioFormat, SynthesisOptions, TextFormat
from ..provider import Request
from ..stream import TURN_END, Reading
from ..text import weighted_length
from ..warm_sockets import StaleSocket
from . import catalog
from .protocol import ModelStudioFamily, task_failure

REALTIME_PATH = "/api-ws/v1/realtime"
DEFAULT_MODEL = "qwen3-tts-flash-realtime"
INSTRUCTION_LIMIT = 3200
"""Weighted characters; the service counts 1,600 tokens (about one per Chinese character)."""
LANGUAGE_TYPES = {
    "zh": "Chinese",
    "yue": "Chinese",
    "wuu": "Chinese",
    "nan": "Chinese",
    "en": "English",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "es": "Spanish",
    "ja": "Japanese",
    "ko": "Korean",
    "fr": "French",
    "ru": "Russian",
}
FIXED_PROSODY_MODELS = frozenset({"qwen-tts-realtime"})
"""Models that speak at their own speed, pitch and volume."""


class QwenTtsProvider(ModelStudioFamily, DuplexProvider):
    """Qwen-TTS realtime models of one Model Studio account."""

    name = "dashscope"
    family = catalog.QWEN_REALTIME
    warm_sockets = 1  # one session per connection: one opened ahead of the next reply
    message_limit = 600
    """Characters per append: the service documents none; 600 is its HTTP API's limit per request."""
    service_text_timeout = 60.0
    service_idle_timeout = 60.0
    keeps_connections = False
    text_with_start = True

    # -- checking a request -------------------------------------------------

    def _check(self, options: SynthesisOptions) -> Request:
        model_id = options.model or DEFAULT_MODEL
        model = catalog.model_for(model_id, self.family, self.account.region)
        voice_id, voice = catalog.voice_for(model, options.voice, self.account.region)
        rate = catalog.sample_rate_for(model, voice, options.sample_rate)
        if options.text_format is TextFormat.SSML:
            raise InvalidRequestError(f"{model.name} does not accept SSML")
        session: dict[str, Any] = {
            "voice": voice_id,
            "mode": "server_commit",
            "language_type": _language_type(options.language),
            "response_format": "pcm",
            "sample_rate": rate,
        }
        if model.id in FIXED_PROSODY_MODELS:
            if (options.speed, options.pitch, options.volume) != (1.0, 1.0, 50):
                raise InvalidRequestError(f"{model.name} speaks at its own speed, pitch and volume")
        else:
            session |= {"speech_rate": options.speed, "pitch_rate": options.pitch, "volume": options.volume}
        if options.instructions:
            if not model.supports_instructions:
                raise InvalidRequestError(f"{model.name} does not take instructions; use {_instruct_models()}")
            if weighted_length(options.instructions) > INSTRUCTION_LIMIT:
                raise InvalidRequestError("Instructions are limited to 1,600 tokens (about 1,600 Chinese characters)")
            session["instructions"] = options.instructions
            session["optimize_instructions"] = options.optimize_instructions
        return Request(model_id, session, AudioFormat(rate))

    # -- the protocol ---------------------------------------------------------

    def _new_turn_id(self) -> str:
        return uuid.uuid4().hex[:12]

    async def _connect(self, endpoint_key: str) -> ClientWebSocketResponse:
        """Connect for the model ``endpoint_key`` and wait for ``session.created``."""
        ws = await self._open(self.account.url(REALTIME_PATH).with_query(model=endpoint_key))
        try:
            await self._expect(ws, "session.created", reused=False)
        except BaseException:
            await ws.close()
            raise
        return ws

    async def _start_turn(self, ws: ClientWebSocketResponse, turn: Turn, request: Request, *, reused: bool) -> None:
        """Send session.update with the text at hand right behind it, then wait for session.updated.

        Until the service answers, a reused connection that turns out closed is stale: nothing of the reply
        was answered (no audio comes before session.updated), so the turn starts over on a fresh connection,
        its text with it. An error is an answer: the settings were refused, and the reply fails with it (the
        connection is closed, so nothing the session might still say reaches the listener).
        """
        update = {"event_id": f"{turn.id}_update", "type": "session.update", "session": request.parameters}
        messages = [json.dumps(update, ensure_ascii=False)]
        messages += [_append(f"{turn.id}_{index}", text) for index, text in enumerate(turn.opening)]
        if turn.finishing:
            messages.append(self._end_message(turn))
        try:
            for message in messages:
                await ws.send_str(message)
        except ConnectionError as err:
            if reused:
                raise StaleSocket from err
            raise ServiceUnavailableError(f"Lost the connection to {self.service_name}") from err
        await self._expect(ws, "session.updated", reused=reused)

    async def _expect(self, ws: ClientWebSocketResponse, expected: str, *, reused: bool) -> None:
        """Wait for the ``expected`` event; an ``error`` event raises its error."""
        within = self._deadlines.task_start
        try:
            message = await ws.receive(timeout=within)
        except TimeoutError as err:
            raise TtsTimeoutError(f"{self.service_name} did not answer within {within:g} s") from err
        if message.type in CLOSED_STATES and reused:
            raise StaleSocket
        event = json_event(ws, message, self.service_name)
        if event.get("type") == "error":
            raise self._error(event)
        if event.get("type") != expected:
            raise ProtocolError(f"Expected {expected} from {self.service_name}, got {event.get('type')}")

    def _text_message(self, turn: Turn, text: str) -> str:
        return _append(f"{turn.id}_{turn.messages}", text)

    def _end_message(self, turn: Turn) -> str:
        return json.dumps({"event_id": f"{turn.id}_finish", "type": "session.finish"})

    def _read(self, ws: ClientWebSocketResponse, message: WSMessage, turn: Turn) -> Reading:
        """Read one event; an ``error`` event is the reply's error once the session ends.

        The service sends ``error`` "for both client-side and server-side
        errors"; a failure during synthesis is an error followed by the
        service closing the connection (Model Studio, real-time speech
        synthesis: connection reuse), so a close after an error raises it. An
        error the session goes on after refused something we sent, and all we
        send is text: the session is finished as usual (the official SDK's
        ``QwenTtsRealtime`` passes errors on and reads on too), its audio
        passed on, and then the reply fails, for some of its text went unspoken.
        """
        if message.type in CLOSED_STATES and turn.reported is not None:
            raise turn.reported
        event = json_event(ws, message, self.service_name)
        kind = event.get("type")
        if kind == "response.audio.delta":
            try:
                return base64.b64decode(event["delta"], validate=True)
            except (KeyError, TypeError, binascii.Error) as err:
                raise ProtocolError(f"{self.service_name} sent unreadable audio") from err
        if kind == "session.finished":
            if turn.reported is not None:
                raise turn.reported
            return TURN_END
        if kind == "error":
            turn.reported = turn.reported or self._error(event)
        if kind == "response.done":
            response = _object(event.get("response"))
            if response.get("status") != "completed":
                raise self._failed_response(response)
        return None

    def _error(self, event: dict[str, Any]) -> TtsError:
        error = _object(event.get("error"))
        return task_failure(error.get("code") or error.get("type"), error.get("message"), self.account)

    def _failed_response(self, response: dict[str, Any]) -> TtsError:
        status = response.get("status") or "unknown"
        details = _object(response.get("status_details"))
        error = _object(details.get("error"))
        if error:
            return task_failure(error.get("code") or error.get("type"), error.get("message"), self.account)
        reason = details.get("reason") or "no reason given"
        return ServiceUnavailableError(
            f"{self.service_name} ended a response as {status} ({reason}); the reply is incomplete",
            code=status,
        )


def _append(event_id: str, text: str) -> str:
    return json.dumps({"event_id": event_id, "type": "input_text_buffer.append", "text": text}, ensure_ascii=False)


def _object(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (the service's events are not all alike)."""
    return value if isinstance(value, dict) else {}


def _language_type(language: str | None) -> str:
    """Return the service's name of a BCP-47 language, or Auto."""
    if not language:
        return "Auto"
    return LANGUAGE_TYPES.get(language.split("-")[0].lower(), "Auto")


def _instruct_models() -> str:
    return ", ".join(
        m.id for m in catalog.MODELS.values() if m.family == catalog.QWEN_REALTIME and m.supports_instructions
    )
