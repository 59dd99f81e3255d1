"""Alibaba Model Studio CosyVoice: duplex streaming over run/continue/finish-task.

One reply runs as one task on one WebSocket: text chunks go out as
``continue-task`` the moment they arrive, audio comes back as binary frames.
A reply becomes several consecutive tasks (same format, audio concatenated)
when its text pauses longer than the service tolerates or outgrows a task.
A connection whose task finished cleanly is kept warm for the next task.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, ClientWebSocketResponse, ClientWSTimeout, WSMsgType

from . import dashscope_catalog as catalog
from .dashscope import DashScopeAccount, connection_error, task_failure
from .errors import InvalidRequestError, ProtocolError, ServiceUnavailableError, TtsError, TtsTimeoutError
from .models import AudioFormat, Deadlines, Model, SynthesisOptions, TextFormat, Voice
from .provider import TtsProvider
from .stream import PAUSED, AudioStream, TextFeed, TextInput
from .text import normalize, split_text, weighted_length
from .warm_sockets import WarmSockets

INFERENCE_PATH = "/api-ws/v1/inference"
DEFAULT_MODEL = "cosyvoice-v3-flash"
MESSAGE_LIMIT = 20_000
"""Weighted characters in one continue-task (Han characters count twice)."""
TASK_LIMIT = 200_000
"""Weighted characters in one task."""
INSTRUCTION_LIMIT = 100
LANGUAGE_HINTS = frozenset({"zh", "en", "fr", "de", "ja", "ko", "ru"})
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
SERVICE_TEXT_TIMEOUT = 23.0
"""The service fails a task that gets no text (or finish-task) for this long."""
SERVICE_IDLE_TIMEOUT = 60.0
"""The service drops a connection idle this long after a task."""


@dataclass(frozen=True, slots=True)
class _Request:
    """A checked request: the run-task parameters and how to feed text."""

    model: str
    parameters: dict[str, Any]
    audio_format: AudioFormat
    ssml: bool


@dataclass(slots=True)
class _TaskProgress:
    """What the text sender of one task has done so far."""

    weight: int = 0
    last_sent: float = field(default=0.0)
    finishing: bool = False
    """finish-task is on its way: all the task's text was sent."""
    failed: bool = False
    """The sender failed and closed the connection; its error is the reply's."""


class _NoTextYet(Exception):
    """A task got no text before a pause or the end; retry when text comes."""


class _StaleSocket(Exception):
    """A reused connection was found closed before the task started."""


class CosyVoiceProvider(TtsProvider):
    """CosyVoice models of one Model Studio account."""

    name = "dashscope"

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
        if self._deadlines.text_pause >= SERVICE_TEXT_TIMEOUT or self._deadlines.warm_socket >= SERVICE_IDLE_TIMEOUT:
            raise ValueError(
                f"text_pause must stay under {SERVICE_TEXT_TIMEOUT:g} s and warm_socket under "
                f"{SERVICE_IDLE_TIMEOUT:g} s, the service's own limits"
            )
        self._url = account.url(INFERENCE_PATH)
        self._sockets = WarmSockets(self._connect, max_idle=max_warm_sockets, keep_for=self._deadlines.warm_socket)

    def models(self) -> list[Model]:
        """CosyVoice models of the account's region."""
        return [m for m in catalog.models_in(self.account.region) if m.id.startswith("cosyvoice")]

    def voices(self) -> list[Voice]:
        """CosyVoice system voices of the account's region."""
        return [v for v in catalog.voices_in(self.account.region) if v.model.startswith("cosyvoice")]

    async def validate_credentials(self) -> None:
        """Open a connection (the handshake checks the key) and keep it warm."""
        await self._sockets.prewarm()

    async def prewarm(self) -> None:
        """Open a connection so the next request skips the handshake."""
        await self._sockets.prewarm()

    async def close(self) -> None:
        """Close the warm connections."""
        await self._sockets.close()

    def synthesize(self, text: TextInput, options: SynthesisOptions | None = None) -> AudioStream:
        """Speak ``text``; the request is checked before anything is sent."""
        request = self._check(options or SynthesisOptions())
        if isinstance(text, str) and not normalize(text).strip():
            raise InvalidRequestError("There is no text to speak")
        return AudioStream(request.audio_format, self._speak(TextFeed(text), request))

    # -- checking a request -------------------------------------------------

    def _check(self, options: SynthesisOptions) -> _Request:
        model = self._model(options.model or DEFAULT_MODEL)
        voice_id, voice = self._voice(model, options.voice)
        rate = options.sample_rate or model.default_sample_rate
        if rate not in model.sample_rates:
            raise InvalidRequestError(
                f"{model.name} cannot produce {rate} Hz; choose one of {', '.join(map(str, model.sample_rates))}"
            )
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
        return _Request(model.id, parameters, AudioFormat(rate), ssml)

    def _model(self, model_id: str) -> Model:
        model = catalog.MODELS.get(model_id)
        if model is None or not model_id.startswith("cosyvoice"):
            names = ", ".join(m.id for m in self.models())
            raise InvalidRequestError(f"Unknown CosyVoice model '{model_id}'; choose one of: {names}")
        if self.account.region not in model.regions:
            raise InvalidRequestError(
                f"{model.name} is not offered in {self.account.region_name}; "
                f"choose one of: {', '.join(m.id for m in self.models())}"
            )
        return model

    def _voice(self, model: Model, voice_id: str | None) -> tuple[str, Voice | None]:
        """Return the voice id to send and its catalog entry (None for a custom voice)."""
        region = self.account.region
        if voice_id is None:
            default = next((v for v in catalog.VOICES[model.id].values() if region in v.regions), None)
            if default is None:
                raise InvalidRequestError(f"{model.name} has no system voices; give a cloned or designed voice id")
            return default.id, default
        voice = catalog.VOICES[model.id].get(voice_id)
        if voice is not None:
            if region not in voice.regions:
                raise InvalidRequestError(
                    f"Voice {voice_id} of {model.name} is not offered in {self.account.region_name}"
                )
            return voice_id, voice
        owners = [m for m, voices in catalog.VOICES.items() if voice_id in voices]
        if owners:
            raise InvalidRequestError(
                f"Voice {voice_id} belongs to {', '.join(owners)}, not {model.id}; choose a voice of {model.name}"
            )
        if voice_id.startswith("cosyvoice-"):
            return voice_id, None  # a cloned or designed voice; the service checks its model
        raise InvalidRequestError(f"Unknown voice '{voice_id}' for {model.name}")

    # -- speaking ------------------------------------------------------------

    async def _speak(self, feed: TextFeed, request: _Request) -> AsyncGenerator[bytes, None]:
        """Run the reply's tasks one after another and pass their audio on."""
        try:
            if request.ssml:
                feed = TextFeed(await _whole_ssml(feed))
            spoken = 0
            while spoken == 0 or await _more_text(feed):
                try:
                    async with aclosing(self._run_task(feed, request)) as task_audio:
                        async for audio in task_audio:
                            yield audio
                except _NoTextYet:
                    if await _more_text(feed):
                        continue
                    if spoken:
                        return
                    raise InvalidRequestError("There is no text to speak") from None
                spoken += 1
                if feed.exhausted:
                    return
        finally:
            await feed.aclose()

    async def _run_task(self, feed: TextFeed, request: _Request) -> AsyncGenerator[bytes, None]:
        ws, reused = await self._sockets.acquire()
        task_id = uuid.uuid4().hex
        try:
            try:
                await self._start(ws, task_id, request, reused=reused)
            except _StaleSocket:
                self._sockets.discard(ws)
                ws = await self._connect()
                await self._start(ws, task_id, request, reused=False)
        except BaseException:
            self._sockets.discard(ws)
            raise
        progress = _TaskProgress(last_sent=asyncio.get_running_loop().time())
        sender = asyncio.create_task(self._send_text(ws, task_id, feed, progress))
        finished = False
        try:
            async with aclosing(self._receive(ws, task_id, sender, progress)) as task_audio:
                async for audio in task_audio:
                    yield audio
            finished = True
        finally:
            if finished:
                self._sockets.release(ws)
            else:
                self._sockets.discard(ws)
                sender.cancel()
                await asyncio.gather(sender, return_exceptions=True)

    async def _connect(self) -> ClientWebSocketResponse:
        try:
            async with asyncio.timeout(self._deadlines.connect):
                return await self._session.ws_connect(
                    self._url,
                    headers=self.account.headers(),
                    timeout=ClientWSTimeout(ws_close=2.0),
                    max_msg_size=MAX_MESSAGE_BYTES,
                    autoclose=True,
                )
        except Exception as err:
            raise connection_error(err, self.account) from err

    async def _start(self, ws: ClientWebSocketResponse, task_id: str, request: _Request, *, reused: bool) -> None:
        """Send run-task and wait for task-started.

        A reused connection that turns out closed raises :class:`_StaleSocket`.
        """
        run_task = {
            "header": {"action": "run-task", "task_id": task_id, "streaming": "duplex"},
            "payload": {
                "task_group": "audio",
                "task": "tts",
                "function": "SpeechSynthesizer",
                "model": request.model,
                "parameters": request.parameters,
                "input": {},
            },
        }
        closed = ServiceUnavailableError(f"{self.account.service_name} closed the connection before the task started")
        try:
            await ws.send_str(json.dumps(run_task, ensure_ascii=False))
            msg = await ws.receive(timeout=self._deadlines.task_start)
        except ConnectionError as err:
            raise (_StaleSocket() if reused else closed) from err
        except TimeoutError as err:
            raise TtsTimeoutError(
                f"{self.account.service_name} did not start the task within {self._deadlines.task_start:g} s"
            ) from err
        if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING, WSMsgType.ERROR):
            if ws.close_code == 1007:
                raise self._closed_error(ws)
            raise _StaleSocket if reused else closed
        event = self._event(msg.data) if msg.type is WSMsgType.TEXT else {}
        name = event.get("event")
        if name == "task-failed":
            raise task_failure(event.get("error_code"), event.get("error_message"), self.account)
        if name != "task-started" or event.get("task_id") != task_id:
            raise ProtocolError(f"Expected task-started, got {name or msg.type.name}")

    async def _send_text(
        self,
        ws: ClientWebSocketResponse,
        task_id: str,
        feed: TextFeed,
        progress: _TaskProgress,
    ) -> None:
        """Send the task's text as it arrives, then finish-task.

        Stops taking text when the caller pauses past the service's limit or
        the task is full; what is left stays in ``feed`` for the next task.
        Closes ``ws`` on failure, so that the receiver wakes up.
        """
        loop = asyncio.get_running_loop()
        held = ""
        try:
            while True:
                pause_left = progress.last_sent + self._deadlines.text_pause - loop.time()
                chunk = await feed.next(within=max(0.0, pause_left))
                if chunk is None:
                    break
                if chunk is PAUSED:
                    if progress.weight:
                        break
                    raise _NoTextYet
                text = held + normalize(chunk)
                if not text.strip():
                    held = text
                    continue
                held = ""
                pieces = split_text(text, MESSAGE_LIMIT, han_counts_double=True)
                for index, piece in enumerate(pieces):
                    weight = weighted_length(piece)
                    if progress.weight + weight > TASK_LIMIT:
                        feed.push_back("".join(pieces[index:]))
                        break
                    await self._send(ws, _command("continue-task", task_id, {"text": piece}))
                    progress.weight += weight
                    progress.last_sent = loop.time()
                else:
                    continue
                break
            if not progress.weight:
                raise _NoTextYet
            progress.finishing = True
            await self._send(ws, _command("finish-task", task_id, {}))
            progress.last_sent = loop.time()
        except Exception:
            progress.failed = True
            await ws.close()  # wakes the receiver, which re-raises this
            raise

    async def _send(self, ws: ClientWebSocketResponse, message: str) -> None:
        try:
            await ws.send_str(message)
        except (ConnectionError, ClientError) as err:
            raise ServiceUnavailableError(
                f"Lost the connection to {self.account.service_name} while sending text"
            ) from err

    async def _receive(
        self,
        ws: ClientWebSocketResponse,
        task_id: str,
        sender: asyncio.Task[None],
        progress: _TaskProgress,
    ) -> AsyncGenerator[bytes, None]:
        """Yield the task's audio frames until task-finished."""
        loop = asyncio.get_running_loop()
        gap = self._deadlines.audio_gap
        last_heard = loop.time()
        while True:
            wait = max(last_heard, progress.last_sent) + gap - loop.time()
            try:
                if wait <= 0:
                    raise TimeoutError
                msg = await ws.receive(timeout=wait)
            except TimeoutError:
                if max(last_heard, progress.last_sent) + gap > loop.time():
                    continue  # text went out while we waited: the service may still be busy
                raise TtsTimeoutError(f"{self.account.service_name} sent no audio for {gap:g} s") from None
            last_heard = loop.time()
            if progress.failed:
                await sender  # raises the sender's error
            if msg.type is WSMsgType.BINARY:
                yield msg.data
            elif msg.type is WSMsgType.TEXT:
                event = self._event(msg.data)
                name = event.get("event")
                if name == "task-finished":
                    if event.get("task_id") != task_id or not progress.finishing:
                        raise ProtocolError("Model Studio finished the task before all text was sent")
                    await sender
                    return
                if name == "task-failed":
                    raise task_failure(event.get("error_code"), event.get("error_message"), self.account)
            else:
                raise self._closed_error(ws)

    def _closed_error(self, ws: ClientWebSocketResponse) -> TtsError:
        if ws.close_code == 1007:
            return ProtocolError("Model Studio rejected a malformed message (close 1007)", code="1007")
        return ServiceUnavailableError(
            f"{self.account.service_name} closed the connection mid-reply (close code {ws.close_code})"
        )

    @staticmethod
    def _event(data: str) -> dict[str, Any]:
        """Return the header of a server event."""
        try:
            header = json.loads(data)["header"]
        except (ValueError, KeyError, TypeError) as err:
            raise ProtocolError(f"Model Studio sent an unreadable event: {data[:200]!r}") from err
        if not isinstance(header, dict):
            raise ProtocolError("Model Studio sent an event without a header")
        return header


def _command(action: str, task_id: str, text_input: dict[str, str]) -> str:
    return json.dumps(
        {
            "header": {"action": action, "task_id": task_id, "streaming": "duplex"},
            "payload": {"input": text_input},
        },
        ensure_ascii=False,
    )


async def _whole_ssml(feed: TextFeed) -> str:
    """Collect an SSML document: the service takes it in one message."""
    parts = []
    while (chunk := await feed.next()) is not None:
        assert isinstance(chunk, str)
        parts.append(chunk)
    document = normalize("".join(parts)).strip()
    if not document:
        raise InvalidRequestError("There is no text to speak")
    if weighted_length(document) > MESSAGE_LIMIT:
        raise InvalidRequestError(
            f"SSML text is limited to {MESSAGE_LIMIT} characters (a Chinese character counts as 2)"
        )
    return document


async def _more_text(feed: TextFeed) -> bool:
    """Wait (at the caller's pace) for a non-blank chunk; push it back."""
    while (chunk := await feed.next()) is not None:
        assert isinstance(chunk, str)
        if normalize(chunk).strip():
            feed.push_back(chunk)
            return True
    return False
