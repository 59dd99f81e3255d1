"""The fake Model Studio realtime endpoint (Qwen-TTS realtime), written from the docs.

It behaves as ``shared/docs/cloud-protocols.md`` §3.4 and the Qwen-TTS
realtime event references describe the service: ``session.created`` on
connect; client events read as they arrive and handled in order (the docs' own
client appends text right behind ``session.update``, without waiting for
``session.updated``); ``session.update`` checked field by field (and refused
once text has come); ``input_text_buffer.append`` spoken sentence by sentence in
``server_commit`` mode or on ``input_text_buffer.commit`` in ``commit`` mode;
every response as response.created … ``response.audio.delta`` (base64 PCM) …
``response.done``; ``session.finish`` flushes, answers ``session.finished`` and
closes. Client events need unique ``event_id``s. Failures are ``error`` events;
one during synthesis closes the connection, one refusing a client event does not.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMessage, WSMsgType, web

from .audio import FRAME_SECONDS, fake_pcm
from .faults import ServiceFailure
from .socket import ServedSocket

if TYPE_CHECKING:
    from .dashscope import FakeDashScope

BOTH = ("cn-beijing", "ap-southeast-1")
QWEN3_RATES = (8000, 16000, 24000, 48000)


@dataclass(frozen=True)
class RealtimeModel:
    """What the fake knows of one realtime model."""

    regions: tuple[str, ...]
    voices: frozenset[str]
    sample_rates: tuple[int, ...] = QWEN3_RATES
    custom_voice_prefix: str | None = None
    instructions: bool = False
    prosody: bool = True


MODELS = {
    "qwen3-tts-flash-realtime": RealtimeModel(BOTH, frozenset({"Cherry", "Ethan", "Serena", "Kiki", "Eldric Sage"})),
    "qwen3-tts-instruct-flash-realtime": RealtimeModel(BOTH, frozenset({"Cherry", "Serena"}), instructions=True),
    "qwen3-tts-vc-realtime-2026-01-15": RealtimeModel(BOTH, frozenset(), custom_voice_prefix="qwen-tts-vc-"),
    "qwen3-tts-vd-realtime-2026-01-15": RealtimeModel(BOTH, frozenset(), custom_voice_prefix="qwen-tts-vd-"),
    "qwen-tts-realtime": RealtimeModel(("cn-beijing",), frozenset({"Cherry", "Ethan"}), (24000,), prosody=False),
}
ALIASES = {
    "qwen3-tts-flash-realtime-2025-11-27": "qwen3-tts-flash-realtime",
    "qwen3-tts-flash-realtime-2025-09-18": "qwen3-tts-flash-realtime",
    "qwen3-tts-instruct-flash-realtime-2026-01-22": "qwen3-tts-instruct-flash-realtime",
    "qwen-tts-realtime-latest": "qwen-tts-realtime",
    "qwen-tts-realtime-2025-07-15": "qwen-tts-realtime",
}
LANGUAGE_TYPES = frozenset(
    {"Auto", "Chinese", "English", "German", "Italian", "Portuguese", "Spanish", "Japanese", "Korean", "French"}
    | {"Russian"}
)
SESSION_KEYS = frozenset(
    {
        "voice",
        "mode",
        "language_type",
        "response_format",
        "sample_rate",
        "speech_rate",
        "volume",
        "pitch_rate",
        "instructions",
        "optimize_instructions",
        "bit_rate",
    }
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")


@dataclass
class ResponseRecord:
    """One response: the text it spoke and how it ended."""

    id: str
    text: str
    status: str = "in_progress"
    audio: bytearray = field(default_factory=bytearray)


@dataclass
class SessionRecord:
    """One realtime session (one connection) as the fake saw it."""

    id: str
    model: str
    config: dict[str, Any]
    texts: list[str] = field(default_factory=list)
    updates: int = 0
    commits: int = 0
    responses: list[ResponseRecord] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    state: str = "open"
    """open, finished, failed or cancelled (the client left before session.finished)."""
    error_code: str | None = None
    frames: int = 0
    closed_by: str | None = None
    traffic: list[tuple[str, str]] = field(default_factory=list)
    """("in", type) for each client event as it arrived, ("out", type) for each server event as it went out
    (audio deltas left out), in order."""

    @property
    def audio(self) -> bytes:
        """Every response's audio, in order."""
        return b"".join(bytes(response.audio) for response in self.responses)


class _Fatal(ServiceFailure):
    """A failure during the session: an error event, then the connection closes."""


class _Invalid(_Fatal):
    """A client event the service refuses; the connection stays open."""


_FINISH = object()


class RealtimeConnection(ServedSocket):
    """One connection to the realtime endpoint: one session."""

    def __init__(self, server: FakeDashScope, ws: web.WebSocketResponse, request: web.Request, model: str) -> None:
        self.server = server
        self.ws = ws
        self.request = request
        self.spec = MODELS[ALIASES.get(model, model)]
        self.record = SessionRecord(
            id=f"sess_{uuid.uuid4().hex[:12]}",
            model=model,
            config={"voice": "Cherry", "mode": "server_commit", "response_format": "pcm", "sample_rate": 24000},
        )
        self.buffer = ""
        self.finishing = False
        self.jobs: asyncio.Queue[object] = asyncio.Queue()
        self.worker: asyncio.Task[None] | None = None
        self.idle_timer: asyncio.TimerHandle | None = None
        self.inbox: asyncio.Queue[WSMessage] = asyncio.Queue()
        self._event_counter = 0
        self._background: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> bool:
        """Whether the session has text and has not ended."""
        return self.record.state == "open" and bool(self.record.texts)

    async def serve(self) -> None:
        await self.send(
            "session.created",
            session={
                "object": "realtime.session",
                "model": self.record.model,
                "id": self.record.id,
                **self.record.config,
            },
        )
        self._arm_idle()
        self.worker = asyncio.create_task(self._speak_until_gone())
        handler = asyncio.create_task(self._handle_until_gone())
        try:
            async for msg in self.ws:
                self._arm_idle()
                self.record.traffic.append(("in", _event_type(msg)))
                if self._drops_unanswered(msg):
                    self.drop()
                    break
                self.inbox.put_nowait(msg)
        finally:
            handler.cancel()
            if self.record.closed_by is None:
                self.record.closed_by = "client"
            if self.record.state == "open":
                self.record.state = "cancelled"
            if self.idle_timer is not None:
                self.idle_timer.cancel()
            if self.worker is not None and self.worker is not asyncio.current_task():
                self.worker.cancel()

    def _drops_unanswered(self, msg: WSMessage) -> bool:
        """Whether the ``drop_unanswered`` fault ends the connection now: text came and nothing was answered."""
        faults = self.server.faults
        answered = any(way == "out" and kind != "session.created" for way, kind in self.record.traffic)
        if faults.drop_unanswered and _event_type(msg) == "input_text_buffer.append" and not answered:
            faults.drop_unanswered -= 1
            return True
        return False

    async def _handle_until_gone(self) -> None:
        """Handle the client's events one after another, in the order they arrived."""
        with contextlib.suppress(ConnectionError):
            while not self.ws.closed:
                msg = await self.inbox.get()
                if msg.type is not WSMsgType.TEXT:
                    await self.error("invalid_value", "Only JSON text events are accepted.")
                    continue
                try:
                    await self._on_event(msg.data)
                except _Invalid as invalid:
                    await self.error(invalid.code, invalid.message)
                except _Fatal as fatal:
                    await self.fail(fatal.code, fatal.message)

    async def send(self, event_type: str, **fields: Any) -> None:
        self._event_counter += 1
        event = {"event_id": f"event_{self.record.id}_{self._event_counter}", "type": event_type, **fields}
        if event_type != "response.audio.delta":
            self.record.traffic.append(("out", event_type))
        await self.ws.send_str(json.dumps(event, ensure_ascii=False))

    async def error(self, code: str, message: str) -> None:
        await self.send("error", error={"type": "invalid_request_error", "code": code, "message": message})

    async def fail(self, code: str, message: str) -> None:
        """An error during the session: report it and close, as the service does."""
        self.record.state = "failed"
        self.record.error_code = code
        await self.error(code, message)
        await self.close(1000, "session failed", by="server")

    # -- client events ---------------------------------------------------------

    async def _on_event(self, data: str) -> None:
        try:
            event = json.loads(data)
        except ValueError:
            raise _Invalid("invalid_value", "The event is not valid JSON.") from None
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise _Invalid("invalid_value", "Missing required parameter: 'type'.")
        event_id = event.get("event_id")
        if not isinstance(event_id, str) or not event_id or event_id in self.record.event_ids:
            raise _Invalid("invalid_value", "Each client event needs an event_id unique in the session.")
        self.record.event_ids.append(event_id)
        kind = event["type"]
        if self.finishing or self.record.state != "open":
            raise _Invalid("invalid_value", "Session already finished or failed.")
        if kind == "session.update":
            await self._update(event)
        elif kind == "input_text_buffer.append":
            await self._append(event)
        elif kind == "input_text_buffer.commit":
            await self._commit()
        elif kind == "input_text_buffer.clear":
            self.buffer = ""
            await self.send("input_text_buffer.cleared")
        elif kind == "session.finish":
            self._finish()
        elif kind == "response.cancel":
            raise _Invalid("invalid_value", "The fake does not cancel responses.")
        else:
            raise _Invalid("invalid_value", f"Unknown event type: '{kind}'.")

    async def _update(self, event: dict[str, Any]) -> None:
        if self.record.texts:
            raise _Invalid("invalid_value", "Session update error: session already started or finished or failed.")
        session = event.get("session")
        if not isinstance(session, dict):
            raise _Invalid("invalid_value", "Missing required parameter: 'session'.")
        self._check_session(session)
        if self.server.faults.task_start_delay:
            await asyncio.sleep(self.server.faults.task_start_delay)
        self.record.config |= session
        self.record.updates += 1
        await self.send("session.updated", session={"id": self.record.id, **self.record.config})

    def _check_session(self, session: dict[str, Any]) -> None:
        spec = self.spec
        unknown = set(session) - SESSION_KEYS
        if unknown:
            raise _Invalid("invalid_value", f"Unknown parameter: 'session.{sorted(unknown)[0]}'.")
        voice = session.get("voice", self.record.config["voice"])
        custom = spec.custom_voice_prefix is not None and str(voice).startswith(spec.custom_voice_prefix)
        if voice not in spec.voices and not custom:
            raise _Invalid("invalid_value", f"Invalid value: '{voice}'. The voice is not supported by the model.")
        if session.get("mode", "server_commit") not in ("server_commit", "commit"):
            raise _Invalid("invalid_value", "Invalid value for 'session.mode'.")
        if session.get("language_type", "Auto") not in LANGUAGE_TYPES:
            raise _Invalid("invalid_value", "Invalid value for 'session.language_type'.")
        if session.get("response_format", "pcm") != "pcm":
            raise _Invalid("invalid_value", "The fake only produces pcm.")
        if session.get("sample_rate", 24000) not in spec.sample_rates:
            raise _Invalid("invalid_value", f"Invalid value for 'session.sample_rate': {session.get('sample_rate')}.")
        for name in ("speech_rate", "pitch_rate", "volume"):
            if name not in session:
                continue
            if not spec.prosody:
                raise _Invalid("invalid_value", f"'session.{name}' is not supported by this model.")
            value = session[name]
            low, high = (0, 100) if name == "volume" else (0.5, 2.0)
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                raise _Invalid("invalid_value", f"Invalid value for 'session.{name}': {value}.")
        if "instructions" in session and not spec.instructions:
            raise _Invalid("invalid_value", "'session.instructions' is not supported by this model.")
        if not isinstance(session.get("optimize_instructions", False), bool):
            raise _Invalid("invalid_value", "Invalid value for 'session.optimize_instructions'.")

    async def _append(self, event: dict[str, Any]) -> None:
        text = event.get("text")
        if not isinstance(text, str):
            raise _Invalid("invalid_value", "Missing required parameter: 'text'.")
        refused = self.server.faults.refused_text
        if refused is not None and refused in text:
            raise _Invalid("invalid_value", "Invalid value for 'text'.")
        limit = self.server.faults.max_concurrent_tasks
        if not self.record.texts and limit is not None and self.server.running_tasks >= limit:
            raise _Fatal("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.")
        self.record.texts.append(text)
        self.buffer += text
        if self.record.config["mode"] == "server_commit":
            while match := _SENTENCE_END.search(self.buffer):
                await self._enqueue(self.buffer[: match.end()])
                self.buffer = self.buffer[match.end() :]

    async def _commit(self) -> None:
        if not self.buffer.strip():
            raise _Invalid("invalid_value", "Error committing input text buffer: buffer is empty.")
        await self._enqueue(self.buffer)
        self.buffer = ""

    async def _enqueue(self, text: str) -> None:
        self.record.commits += 1
        await self.send("input_text_buffer.committed", item_id="")
        self.jobs.put_nowait(text)

    def _finish(self) -> None:
        """Flush (server_commit) what is buffered, then end the session after the last response."""
        self.finishing = True
        if self.record.config["mode"] == "server_commit" and self.buffer.strip():
            self.record.commits += 1
            self.jobs.put_nowait(self.buffer)
        self.buffer = ""
        self.jobs.put_nowait(_FINISH)

    # -- speaking --------------------------------------------------------------

    async def _speak_until_gone(self) -> None:
        with contextlib.suppress(ConnectionError):
            await self._speak()

    async def _speak(self) -> None:
        while (job := await self.jobs.get()) is not _FINISH:
            await self._respond(str(job))
            if self.record.state != "open":
                return
        self.record.state = "finished"
        await self.send("session.finished")
        await self.close(1000, "session finished", by="server")

    async def _respond(self, text: str) -> None:
        faults = self.server.faults
        config = self.record.config
        response = ResponseRecord(f"resp_{uuid.uuid4().hex[:12]}", text)
        self.record.responses.append(response)
        item = f"item_{uuid.uuid4().hex[:12]}"
        ids = {"response_id": response.id, "item_id": item, "output_index": 0, "content_index": 0}
        voice = config["voice"]
        await self.send(
            "response.created",
            response={
                "id": response.id,
                "object": "realtime.response",
                "status": "in_progress",
                "voice": voice,
                "output": [],
            },
        )
        await self.send(
            "response.output_item.added",
            response_id=response.id,
            output_index=0,
            item={"id": item, "type": "message", "status": "in_progress", "role": "assistant", "content": []},
        )
        await self.send("response.content_part.added", **ids, part={"type": "audio", "text": ""})
        rate = int(config["sample_rate"])
        pcm = fake_pcm(text, rate, float(config.get("speech_rate", 1.0)))
        frame_bytes = int(rate * FRAME_SECONDS) * 2
        for start in range(0, len(pcm), frame_bytes):
            if not await self._before_frame():
                return
            frame = pcm[start : start + frame_bytes]
            await self.send("response.audio.delta", **ids, delta=base64.b64encode(frame).decode())
            response.audio += frame
            self.record.frames += 1
            if faults.pace:
                await asyncio.sleep(len(frame) / 2 / rate / faults.pace)
        await self.send("response.audio.done", **ids)
        await self.send("response.content_part.done", **ids, part={"type": "audio", "text": ""})
        await self.send(
            "response.output_item.done",
            response_id=response.id,
            output_index=0,
            item={"id": item, "status": "completed"},
        )
        response.status = faults.response_status or "completed"
        done: dict[str, Any] = {
            "id": response.id,
            "status": response.status,
            "usage": {"characters": sum(len(r.text) for r in self.record.responses)},
        }
        if response.status == "failed":
            done["status_details"] = {
                "type": "failed",
                "error": {"code": faults.fail_code, "message": faults.fail_message},
            }
        elif response.status != "completed":
            done["status_details"] = {"type": response.status, "reason": "max_output_tokens"}
        await self.send("response.done", response=done)

    async def _before_frame(self) -> bool:
        """Apply the delays and faults due before the next frame; False if the session ended."""
        faults = self.server.faults
        sent = self.record.frames
        if sent == 0 and faults.first_audio_delay:
            await asyncio.sleep(faults.first_audio_delay)
        if faults.fail_after_frames == sent:
            await self.fail(faults.fail_code, faults.fail_message)
            return False
        if faults.drop_after_frames == sent:
            self.drop()
            return False
        if faults.stall_after_frames == sent:
            await asyncio.Event().wait()
        return True

    def _arm_idle(self) -> None:
        if self.idle_timer is not None:
            self.idle_timer.cancel()
        self.idle_timer = asyncio.get_running_loop().call_later(self.server.faults.idle_timeout, self._idle)

    def _idle(self) -> None:
        task = asyncio.create_task(self.close(1000, "idle timeout", by="server"))
        self._background.add(task)
        task.add_done_callback(self._background.discard)


def _event_type(msg: WSMessage) -> str:
    """The type of the client event ``msg`` carries, or "?" when it carries none."""
    try:
        event = json.loads(msg.data) if msg.type is WSMsgType.TEXT else None
    except ValueError:
        return "?"
    kind = event.get("type") if isinstance(event, dict) else None
    return kind if isinstance(kind, str) else "?"


def realtime_model(model: str | None, region: str) -> str | None:
    """The model to serve, or None if this region has no such realtime model."""
    spec = MODELS.get(ALIASES.get(model or "", model or ""))
    return model if spec is not None and region in spec.regions else None
