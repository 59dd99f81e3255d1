"""A fake Model Studio (DashScope), written from the docs.

The inference endpoint behaves as ``shared/docs/cloud-protocols.md`` §3.1-3.3
describes the real service: the key is checked at the handshake (HTTP 401),
each connection runs one task at a time — CosyVoice through run-task /
continue-task / finish-task (``duplex``), Sambert with its whole text in
run-task (``out``) — audio goes out as binary frames each announced by a
``result-generated`` event, usage is cumulative, failures are ``task-failed``
followed by a close, malformed payloads close with 1007, and idle connections
and silent tasks time out. The realtime endpoint (Qwen-TTS, §3.4) is
:mod:`.qwen_realtime`'s.

Its audio is deterministic: every non-blank character becomes a run of
samples whose value comes from the character, so the same text gives the same
bytes however it was chunked (see :func:`fake_pcm`).

:class:`Faults` holds the knobs tests turn: handshake and first-audio delays,
a real-time pace, failures, drops and stalls after K frames, rate limits.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .audio import FRAME_SECONDS, fake_pcm
from .faults import Faults, ServiceFailure
from .qwen_realtime import RealtimeConnection, SessionRecord, realtime_model
from .socket import ServedSocket

INFERENCE_PATHS = ("/api-ws/v1/inference", "/api-ws/v1/inference/")
REALTIME_PATH = "/api-ws/v1/realtime"
SAMPLE_RATES = (8000, 16000, 22050, 24000, 44100, 48000)
FORMATS = ("pcm", "wav", "mp3", "opus")
LANGUAGE_HINTS = ("zh", "en", "fr", "de", "ja", "ko", "ru")
MESSAGE_LIMIT = 20_000
TASK_LIMIT = 200_000
RUN_TASK_KEYS = {"task_group", "task", "function", "model", "parameters", "input"}
CONTINUE_TASK_KEYS = RUN_TASK_KEYS - {"parameters"}
"""The official SDK repeats run-task's task_group, task, function and model in every continue-task."""

# The voices this fake accepts, per model and region (a subset of the voice list).
VOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "cosyvoice-v3-flash": {
        "longanyang": ("cn-beijing", "ap-southeast-1"),
        "longanhuan": ("cn-beijing", "ap-southeast-1"),
        "longxiaochun_v3": ("cn-beijing", "ap-southeast-1"),
        "loongabby_v3": ("cn-beijing",),
    },
    "cosyvoice-v3-plus": {
        "longanyang": ("cn-beijing", "ap-southeast-1"),
        "longanhuan": ("cn-beijing", "ap-southeast-1"),
    },
    "cosyvoice-v2": {
        "longxiaochun_v2": ("cn-beijing",),
        "longhua_v2": ("cn-beijing",),
    },
}
MODEL_REGIONS = {
    "cosyvoice-v3-flash": ("cn-beijing", "ap-southeast-1"),
    "cosyvoice-v3-plus": ("cn-beijing", "ap-southeast-1"),
    "cosyvoice-v2": ("cn-beijing",),
}
INSTRUCTION_VOICES = {"longanyang", "longanhuan"}
# Sambert voices this fake knows (each is a model id; Beijing only) and the rates it accepts.
SAMBERT_VOICES = ("sambert-zhichu-v1", "sambert-zhiqi-v1", "sambert-zhiyue-v1", "sambert-eva-v1")
SAMBERT_SAMPLE_RATES = (8000, 16000, 24000, 48000)
SAMBERT_TEXT_LIMIT = 10_000
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def weighted(text: str) -> int:
    """Billing length: a Han character counts twice."""
    return len(text) + len(_HAN.findall(text))


def _sentences(text: str) -> list[str]:
    """Cut ``text`` after each sentence end (the rest is the last sentence)."""
    pieces = []
    while match := _SENTENCE_END.search(text):
        pieces.append(text[: match.end()])
        text = text[match.end() :]
    return [*pieces, text] if text else pieces


@dataclass
class TaskRecord:
    """One task as the fake saw it."""

    task_id: str
    connection: int
    model: str
    parameters: dict[str, Any]
    texts: list[str] = field(default_factory=list)
    state: str = "running"
    """running, finished, failed or cancelled (the client left mid-task)."""
    error_code: str | None = None
    audio: bytearray = field(default_factory=bytearray)
    frames: int = 0
    usage: int = 0


@dataclass
class ConnectionRecord:
    """One accepted WebSocket connection."""

    id: int
    headers: dict[str, str]
    tasks: list[TaskRecord] = field(default_factory=list)
    closed_by: str | None = None
    """client, server or drop."""


class _BadPayload(Exception):
    """The message breaks the protocol: the service closes with 1007."""


_FINISH = object()


class FakeDashScope:
    """The fake service; ``start()`` it and point the client at ``url``."""

    def __init__(
        self,
        *,
        api_keys: frozenset[str] = frozenset({"sk-test"}),
        region: str = "cn-beijing",
        workspaces: frozenset[str] | None = None,
        faults: Faults | None = None,
    ) -> None:
        """Accept ``api_keys`` (and, if given, only ``workspaces``)."""
        self.api_keys = api_keys
        self.region = region
        self.workspaces = workspaces
        self.faults = faults or Faults()
        self.connections: list[ConnectionRecord] = []
        self.sessions: list[SessionRecord] = []
        """Realtime (Qwen-TTS) sessions, one per connection."""
        self.handshakes = 0
        self._live: set[_Connection] = set()
        self._live_realtime: set[RealtimeConnection] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    @property
    def tasks(self) -> list[TaskRecord]:
        """Every task on every connection, in order of arrival."""
        return [task for conn in self.connections for task in conn.tasks]

    @property
    def running_tasks(self) -> int:
        """Tasks being served now."""
        tasks = sum(1 for conn in self._live if conn.task is not None and conn.task.record.state == "running")
        return tasks + sum(1 for conn in self._live_realtime if conn.running)

    @property
    def open_connections(self) -> int:
        """Connections open now."""
        return len(self._live) + len(self._live_realtime)

    def make_app(self) -> web.Application:
        """The aiohttp application serving the inference and realtime endpoints."""
        app = web.Application()
        for path in INFERENCE_PATHS:
            app.router.add_get(path, self._handle)
        app.router.add_get(REALTIME_PATH, self._handle_realtime)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: any free port); return the base URL."""
        self._runner = web.AppRunner(self.make_app(), handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.url = f"ws://{host}:{bound}"
        return self.url

    async def stop(self) -> None:
        """Close every connection and stop serving."""
        for conn in [*self._live, *self._live_realtime]:
            await conn.close(1001, "server shutting down", by="server")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _refusal(self, request: web.Request) -> web.Response | None:
        """The handshake's answer when the upgrade is refused (bad key, injected status)."""
        faults = self.faults
        if faults.handshake_delay:
            await asyncio.sleep(faults.handshake_delay)
        self.handshakes += 1
        if faults.handshake_status is not None:
            return web.json_response(
                {"code": "ServiceUnavailable", "message": "Service temporarily unavailable."},
                status=faults.handshake_status,
            )
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or key not in self.api_keys:
            return web.json_response(
                {"code": "InvalidApiKey", "message": "Invalid API-key provided.", "request_id": str(uuid.uuid4())},
                status=401,
            )
        workspace = request.headers.get("X-DashScope-WorkSpace")
        if self.workspaces is not None and workspace is not None and workspace not in self.workspaces:
            return web.json_response(
                {"code": "NOT AUTHORIZED", "message": "Access denied: workspace does not exist."},
                status=401,
            )
        return None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if (refusal := await self._refusal(request)) is not None:
            return refusal
        ws = web.WebSocketResponse(max_msg_size=4 * 1024 * 1024)
        await ws.prepare(request)
        record = ConnectionRecord(len(self.connections), dict(request.headers))
        self.connections.append(record)
        conn = _Connection(self, ws, request, record)
        self._live.add(conn)
        try:
            await conn.serve()
        finally:
            self._live.discard(conn)
        return ws

    async def _handle_realtime(self, request: web.Request) -> web.StreamResponse:
        if (refusal := await self._refusal(request)) is not None:
            return refusal
        ws = web.WebSocketResponse(max_msg_size=4 * 1024 * 1024)
        await ws.prepare(request)
        requested = request.query.get("model")
        model = realtime_model(requested, self.region)
        if model is None:
            error = {"code": "ModelNotFound", "message": f"Model not found ({requested})!"}
            await ws.send_str(json.dumps({"event_id": "event_0", "type": "error", "error": error}))
            await ws.close()
            return ws
        conn = RealtimeConnection(self, ws, request, model)
        self.sessions.append(conn.record)
        self._live_realtime.add(conn)
        try:
            await conn.serve()
        finally:
            self._live_realtime.discard(conn)
        return ws


class _Task:
    def __init__(self, record: TaskRecord, streaming_ssml: bool, *, whole_text: bool = False) -> None:
        self.record = record
        self.ssml = streaming_ssml
        self.whole_text = whole_text
        """Sambert: the text came with run-task; continue/finish-task are refused."""
        self.started = False
        self.finishing = False
        self.pending = ""
        self.queue: asyncio.Queue[object] = asyncio.Queue()
        self.worker: asyncio.Task[None] | None = None
        self.text_timer: asyncio.TimerHandle | None = None


class _Connection(ServedSocket):
    def __init__(
        self,
        server: FakeDashScope,
        ws: web.WebSocketResponse,
        request: web.Request,
        record: ConnectionRecord,
    ) -> None:
        self.server = server
        self.ws = ws
        self.request = request
        self.record = record
        self.task: _Task | None = None
        self.idle_timer: asyncio.TimerHandle | None = None
        self._background: set[asyncio.Task[None]] = set()

    async def serve(self) -> None:
        self._arm_idle()
        try:
            async for msg in self.ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_text(msg.data)
                else:
                    await self.close(1007, "binary frames are not accepted", by="server")
        finally:
            if self.record.closed_by is None:
                self.record.closed_by = "client"
            self._end_task("cancelled")
            if self.idle_timer is not None:
                self.idle_timer.cancel()

    async def send_event(self, task_id: str, event: str, payload: dict[str, Any], **header: Any) -> None:
        message = {"header": {"task_id": task_id, "event": event, "attributes": {}, **header}, "payload": payload}
        await self.ws.send_str(json.dumps(message, ensure_ascii=False))

    async def _on_text(self, data: str) -> None:
        try:
            message = json.loads(data)
            header = message["header"]
            payload = message["payload"]
            action = header["action"]
            task_id = header["task_id"]
            if not isinstance(task_id, str) or not task_id or "input" not in payload:
                raise _BadPayload
            if action == "run-task":
                await self._run_task(task_id, header, payload)
            elif action == "continue-task":
                await self._continue_task(task_id, payload)
            elif action == "finish-task":
                await self._finish_task(task_id, payload)
            else:
                raise _BadPayload
        except (ValueError, KeyError, TypeError, _BadPayload):
            await self.close(1007, "Invalid payload data", by="server")
        except ServiceFailure as failure:
            await self._fail(failure.code, failure.message)

    async def _run_task(self, task_id: str, header: dict[str, Any], payload: dict[str, Any]) -> None:
        if set(payload) - RUN_TASK_KEYS or not isinstance(payload["input"], dict):
            raise _BadPayload
        model = payload.get("model")
        sambert = isinstance(model, str) and model.startswith("sambert-")
        if header.get("streaming") != ("out" if sambert else "duplex"):
            raise _BadPayload
        if self.task is not None:
            raise ServiceFailure("InvalidParameter", "Invalid action('run-task')! Please follow the protocol!")
        parameters = payload.get("parameters")
        if not isinstance(parameters, dict):
            raise _BadPayload
        record = TaskRecord(task_id, self.record.id, str(model), parameters)
        self.record.tasks.append(record)
        self.task = _Task(record, bool(parameters.get("enable_ssml")), whole_text=sambert)
        if self.idle_timer is not None:
            self.idle_timer.cancel()
        faults = self.server.faults
        if faults.run_task_failure is not None:
            raise ServiceFailure(*faults.run_task_failure)
        limit = faults.max_concurrent_tasks
        if limit is not None and self.server.running_tasks > limit:
            raise ServiceFailure("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.")
        if sambert:
            self._check_sambert(str(model), parameters, payload["input"])
        else:
            self._check_parameters(str(model), parameters)
        self.task.worker = asyncio.create_task(self._synthesize_until_gone(self.task))

    def _check_sambert(self, model: str, parameters: dict[str, Any], text_input: dict[str, Any]) -> None:
        """Sambert: the voice is the model, the whole text comes with run-task."""
        assert self.task is not None
        if self.server.region != "cn-beijing" or model not in SAMBERT_VOICES:
            raise ServiceFailure("ModelNotFound", f"Model not found ({model})!")
        if parameters.get("sample_rate") not in SAMBERT_SAMPLE_RATES:
            raise ServiceFailure("InvalidParameter", f"Unsupported sample rate: {parameters.get('sample_rate')}")
        self._check_audio_parameters(parameters)
        text = text_input.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ServiceFailure("InvalidParameter", "Parameter invalid: text is null")
        if len(text) > SAMBERT_TEXT_LIMIT:
            raise ServiceFailure("InvalidParameter", "Range of input length should be [1, 10000]")
        self.task.record.texts.append(text)
        for sentence in _sentences(text):
            self.task.queue.put_nowait(sentence)
        self.task.queue.put_nowait(_FINISH)

    def _check_parameters(self, model: str, parameters: dict[str, Any]) -> None:
        region = self.server.region
        if region not in MODEL_REGIONS.get(model, ()):
            raise ServiceFailure("ModelNotFound", f"Model not found ({model})!")
        voice = parameters.get("voice")
        clone = isinstance(voice, str) and voice.startswith(f"{model}-")
        if not clone and region not in VOICES[model].get(str(voice), ()):
            raise ServiceFailure("InvalidParameter", "[tts:]Engine return error code: 418")
        if parameters.get("sample_rate") not in SAMPLE_RATES:
            raise ServiceFailure("InvalidParameter", f"Unsupported sample rate: {parameters.get('sample_rate')}")
        self._check_audio_parameters(parameters)
        instruction = parameters.get("instruction")
        if instruction is not None:
            if model.startswith("cosyvoice-v2") or not (clone or voice in INSTRUCTION_VOICES):
                raise ServiceFailure("InvalidParameter", "instruction is not supported by this voice")
            if weighted(str(instruction)) > 100:
                raise ServiceFailure("InvalidParameter", "instruction is too long")
        hints = parameters.get("language_hints")
        if hints is not None and (not isinstance(hints, list) or not set(hints) <= set(LANGUAGE_HINTS)):
            raise ServiceFailure("InvalidParameter", "language_hints is invalid")

    @staticmethod
    def _check_audio_parameters(parameters: dict[str, Any]) -> None:
        if parameters.get("text_type") != "PlainText":
            raise ServiceFailure("InvalidParameter", "text_type must be PlainText")
        if parameters.get("format") not in FORMATS:
            raise ServiceFailure("InvalidParameter", f"Unsupported audio format: {parameters.get('format')}")
        if parameters.get("format") != "pcm":
            raise ServiceFailure("InvalidParameter", "the fake only produces pcm")
        volume = parameters.get("volume", 50)
        if not isinstance(volume, int) or not 0 <= volume <= 100:
            raise ServiceFailure("InvalidParameter", "volume must be in [0, 100]")
        for name in ("rate", "pitch"):
            value = parameters.get(name, 1.0)
            if not isinstance(value, int | float) or not 0.5 <= value <= 2.0:
                raise ServiceFailure("InvalidParameter", f"{name} must be in [0.5, 2.0]")

    async def _continue_task(self, task_id: str, payload: dict[str, Any]) -> None:
        if set(payload) - CONTINUE_TASK_KEYS or set(payload["input"]) != {"text"}:
            raise _BadPayload
        task = self._current(task_id)
        if payload.get("model", task.record.model) != task.record.model:
            raise _BadPayload
        text = payload["input"]["text"]
        if not isinstance(text, str):
            raise _BadPayload
        if not task.started or task.finishing or task.whole_text:
            raise ServiceFailure("InvalidParameter", "Invalid action('continue-task')! Please follow the protocol!")
        if task.ssml and task.record.texts:
            raise ServiceFailure("InvalidParameter", "Text request limit violated, expected 1.")
        if weighted(text) > MESSAGE_LIMIT:
            raise ServiceFailure("InvalidParameter", "Range of input length should be [1, 20000]")
        if sum(map(weighted, task.record.texts)) + weighted(text) > TASK_LIMIT:
            raise ServiceFailure("InvalidParameter", "Range of task input length should be [1, 200000]")
        task.record.texts.append(text)
        self._arm_text_timer(task)
        task.pending += text
        if task.ssml:
            return
        while match := _SENTENCE_END.search(task.pending):
            sentence, task.pending = task.pending[: match.end()], task.pending[match.end() :]
            task.queue.put_nowait(sentence)

    async def _finish_task(self, task_id: str, payload: dict[str, Any]) -> None:
        if set(payload) != {"input"} or payload["input"]:
            raise _BadPayload
        task = self._current(task_id)
        if not task.started or task.finishing or task.whole_text:
            raise ServiceFailure("InvalidParameter", "Invalid action('finish-task')! Please follow the protocol!")
        if not "".join(task.record.texts).strip():
            raise ServiceFailure("InvalidParameter", "Parameter invalid: text is null")
        task.finishing = True
        if task.text_timer is not None:
            task.text_timer.cancel()
        if task.pending:
            task.queue.put_nowait(task.pending)
            task.pending = ""
        task.queue.put_nowait(_FINISH)

    def _current(self, task_id: str) -> _Task:
        if self.task is None or self.task.record.task_id != task_id:
            raise ServiceFailure("InvalidParameter", "task_id does not match a running task")
        return self.task

    async def _synthesize_until_gone(self, task: _Task) -> None:
        """Serve the task; a client that went away just ends it."""
        try:
            await self._synthesize(task)
        except ConnectionError:
            self._end_task("cancelled")

    async def _synthesize(self, task: _Task) -> None:
        faults = self.server.faults
        record = task.record
        if faults.task_start_delay:
            await asyncio.sleep(faults.task_start_delay)
        await self.send_event(record.task_id, "task-started", {})
        task.started = True
        if not task.whole_text:
            self._arm_text_timer(task)
        rate = int(record.parameters["sample_rate"])
        speed = float(record.parameters.get("rate", 1.0))
        frame_bytes = int(rate * FRAME_SECONDS) * 2
        index = 0
        while (item := await task.queue.get()) is not _FINISH:
            sentence = str(item)
            output = {"sentence": {"index": index, "words": []}, "original_text": sentence}
            await self.send_event(record.task_id, "result-generated", {"output": {**output, "type": "sentence-begin"}})
            pcm = fake_pcm(sentence, rate, speed)
            for start in range(0, len(pcm), frame_bytes):
                await self._before_frame(task)
                frame = pcm[start : start + frame_bytes]
                await self.send_event(
                    record.task_id,
                    "result-generated",
                    {"output": {"sentence": {"index": index, "words": []}, "type": "sentence-synthesis"}},
                )
                await self.ws.send_bytes(frame)
                record.audio += frame
                record.frames += 1
                if faults.pace:
                    await asyncio.sleep(len(frame) / 2 / rate / faults.pace)
            record.usage += weighted(sentence)
            await self.send_event(
                record.task_id,
                "result-generated",
                {"output": {**output, "type": "sentence-end"}, "usage": {"characters": record.usage}},
            )
            index += 1
        await self.send_event(
            record.task_id,
            "task-finished",
            {"output": {"sentence": {"words": []}}, "usage": {"characters": record.usage}},
            request_uuid=str(uuid.uuid4()),
        )
        self._end_task("finished")
        if faults.close_after_task:
            await self.close(1000, "bye", by="server")
        else:
            self._arm_idle()

    async def _before_frame(self, task: _Task) -> None:
        """Apply the delays and faults that come before the next frame."""
        faults = self.server.faults
        sent = task.record.frames
        if sent == 0 and faults.first_audio_delay:
            await asyncio.sleep(faults.first_audio_delay)
        if faults.fail_after_frames == sent:
            await self._fail(faults.fail_code, faults.fail_message)
            raise asyncio.CancelledError
        if faults.drop_after_frames == sent:
            self.drop()
            raise asyncio.CancelledError
        if faults.stall_after_frames == sent:
            await asyncio.Event().wait()

    async def _fail(self, code: str, message: str) -> None:
        task_id = self.task.record.task_id if self.task else ""
        if self.task is not None:
            self.task.record.error_code = code
        self._end_task("failed")
        await self.send_event(task_id, "task-failed", {}, error_code=code, error_message=message)
        await self.close(1000, "task failed", by="server")

    def _end_task(self, state: str) -> None:
        task, self.task = self.task, None
        if task is None:
            return
        if task.record.state == "running":
            task.record.state = state
        if task.text_timer is not None:
            task.text_timer.cancel()
        if task.worker is not None and task.worker is not asyncio.current_task():
            task.worker.cancel()

    def _arm_text_timer(self, task: _Task) -> None:
        if task.text_timer is not None:
            task.text_timer.cancel()
        task.text_timer = asyncio.get_running_loop().call_later(
            self.server.faults.text_timeout, self._spawn_failure, "CLIENT_ERROR", "request timeout after 23 seconds."
        )

    def _arm_idle(self) -> None:
        if self.idle_timer is not None:
            self.idle_timer.cancel()
        self.idle_timer = asyncio.get_running_loop().call_later(
            self.server.faults.idle_timeout, self._spawn_close, "idle timeout"
        )

    def _spawn_failure(self, code: str, message: str) -> None:
        self._spawn(self._fail(code, message))

    def _spawn_close(self, reason: str) -> None:
        self._spawn(self.close(1000, reason, by="server"))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
