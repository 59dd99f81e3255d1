"""One client connection: events read within limits, replies spoken in order, each to its end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event, async_write_event
from wyoming.info import Describe
from wyoming.server import AsyncEventHandler
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped

from cloud_tts_engine import AudioFormat, TextFormat, TextInput, TtsError, TtsProvider

from .framing import MalformedEvent, UnreadableEvent, read_event
from .requests import BadRequest, Speech, chunk_text, stream_speech, whole_text
from .settings import Limits
from .streamed_text import StreamedText
from .voices import VoiceDirectory

_LOGGER = logging.getLogger(__name__)

REFUSALS_QUEUED = 64
"""Refused or malformed requests waiting for their turn to be answered; beyond, reading pauses."""


@dataclass
class _Reply:
    """One request's reply, answered in the order the requests came."""

    text: TextInput
    speech: Speech
    stream: StreamedText | None = None
    """The text of a streamed reply (its end is ``synthesize-stopped``)."""
    failure: Error | None = None
    """Set: the reply is this error (and no more audio)."""
    accepted: bool = False
    audio_ended: bool = False
    speaking: asyncio.Task[None] | None = None

    def fail(self, error: Error) -> None:
        """End the reply with ``error``: its provider stops, later text is dropped."""
        if self.failure is None:
            self.failure = error
            if self.stream is not None:
                self.stream.close()
            if self.speaking is not None:
                self.speaking.cancel()


def _layout(audio_format: AudioFormat) -> dict[str, int]:
    """Return the rate, width and channels of ``audio-start`` and ``audio-chunk``."""
    return {"rate": audio_format.rate, "width": audio_format.width, "channels": audio_format.channels}


class ClientGone(ConnectionError):
    """The client left, or stopped reading for longer than the write deadline."""


class CloudTtsHandler(AsyncEventHandler):
    """Answers one client: describe at once; replies one at a time, each to its end.

    A reply ends with ``audio-stop`` (an ``error`` first if it failed; ``synthesize-stopped``
    after, for a stream). A client's mistakes are answered that way too and logged at
    most once as a warning; the limits keep a careless or hostile client's cost bounded.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        info: Event,
        directory: VoiceDirectory,
        limits: Limits,
        unreachable: Mapping[TtsProvider, str],
    ) -> None:
        """Serve ``info`` for describe and the voices of ``directory``; refuse replies of ``unreachable`` services."""
        super().__init__(reader, writer)
        self._info = info
        self._directory = directory
        self._limits = limits
        self._unreachable = unreachable
        self._replies: asyncio.Queue[_Reply] = asyncio.Queue()
        self._waiting = 0
        """Replies queued or in progress, refused ones included."""
        self._accepted = 0
        """Replies queued or in progress that will speak."""
        self._room = asyncio.Event()
        self._current: _Reply | None = None
        self._stream: _Reply | None = None
        """The open stream's reply, from synthesize-start to synthesize-stop."""
        self._idle: asyncio.Timeout | None = None
        self._warned = False
        peer = writer.get_extra_info("peername")
        self._peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else "a local client"

    async def run(self) -> None:
        """Read events until the client leaves, idles too long, or sends what cannot be read."""
        worker = asyncio.create_task(self._speak_in_turn())
        try:
            async with asyncio.timeout(None) as self._idle:
                self._rest_from_now()
                await self._read_events()
        except TimeoutError:
            if self._idle is not None and self._idle.expired():
                _LOGGER.info("Closed the connection of %s: idle for %g s", self._peer, self._limits.idle_timeout)
            else:
                _LOGGER.debug("%s left (its socket timed out)", self._peer)
        except UnreadableEvent as err:
            self._complain(f"Unreadable event: {err}; closing the connection")
            current = self._current or self._stream
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            await self._end_reply_abruptly(current, Error(text=f"Unreadable event: {err}", code="BadRequest"))
        except ConnectionError:
            _LOGGER.debug("%s left", self._peer)
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            await self._close()

    async def handle_event(self, event: Event) -> bool:
        """Answer describe, or queue a reply (replies are spoken in order by their own task)."""
        try:
            if Describe.is_type(event.type):
                await self.write_event(self._info)
            elif SynthesizeStart.is_type(event.type):
                self._end_stream()  # a new stream without a stop ends the open one
                stream = StreamedText(self._limits.max_event_bytes)
                self._stream = _Reply(text=stream, speech=Speech(), stream=stream)
                try:
                    self._stream.speech = stream_speech(event)
                except BadRequest as err:
                    self._stream.fail(self._bad_request(f"Malformed {event.type} event: {err}"))
                await self._queue(self._stream)
            elif SynthesizeChunk.is_type(event.type):
                if self._stream is not None and self._stream.stream is not None:
                    await self._stream.stream.put(chunk_text(event))
            elif SynthesizeStop.is_type(event.type):
                self._end_stream()
            elif Synthesize.is_type(event.type) and self._stream is None:
                # (while a stream is open, a synthesize is its text again for older clients: ignored)
                text, speech = whole_text(event)
                await self._queue(_Reply(text=text, speech=speech))
        except BadRequest as err:
            await self._refuse(f"Malformed {event.type} event: {err}")
        return True

    async def write_event(self, event: Event) -> None:
        """Send an event, within the write deadline; never to a client already gone."""
        if self.writer.transport.is_closing():
            raise ClientGone
        try:
            async with asyncio.timeout(self._limits.write_timeout):
                await async_write_event(event, self.writer)
        except ConnectionError:
            raise ClientGone from None
        except TimeoutError:
            _LOGGER.info("Disconnected %s: it left replies unread for %g s", self._peer, self._limits.write_timeout)
            self.writer.transport.abort()
            raise ClientGone from None

    async def _read_events(self) -> None:
        while True:
            try:
                event = await read_event(self.reader, self._limits.max_event_bytes)
            except MalformedEvent as err:
                await self._refuse(f"Malformed event: {err}")
                continue
            if event is None:
                _LOGGER.debug("%s left", self._peer)
                return
            await self.handle_event(event)
            if not self._waiting:
                self._rest_from_now()

    async def _refuse(self, message: str) -> None:
        """Answer a client's mistake in its turn: an error, and the end of the reply it was to have."""
        error = self._bad_request(message)
        if self._stream is not None:
            self._stream.fail(error)  # (its synthesize-stop, or the next synthesize-start, still closes it)
        else:
            await self._queue(_Reply(text="", speech=Speech(), failure=error))

    async def _queue(self, reply: _Reply) -> None:
        """Queue a reply; refuse it with an error if the connection has too many waiting already."""
        while self._waiting >= self._limits.max_queued_replies + REFUSALS_QUEUED:
            if self.writer.transport.is_closing():
                raise ClientGone
            self._room.clear()
            await self._room.wait()
        if reply.failure is None:
            if self._accepted >= self._limits.max_queued_replies:
                message = (
                    f"Too many requests: at most {self._limits.max_queued_replies} replies may be "
                    "in progress or waiting on one connection"
                )
                self._complain(message)
                reply.fail(Error(text=message, code="TooManyRequests"))
            else:
                reply.accepted = True
                self._accepted += 1
        self._waiting += 1
        self._rest(None)
        self._replies.put_nowait(reply)

    def _end_stream(self) -> None:
        if self._stream is not None:
            if self._stream.stream is not None:
                self._stream.stream.close()
            self._stream = None

    async def _speak_in_turn(self) -> None:
        """Speak the queued replies one after another (the connection's only writer of replies)."""
        while True:
            reply = await self._replies.get()
            self._current = reply
            try:
                await self._answer(reply)
            except ConnectionError:
                self.writer.transport.abort()  # the reading loop sees the end and cleans up
                self._end_stream()
                self._room.set()
                return
            finally:
                self._current = None
                if reply.stream is not None:
                    reply.stream.close()
                self._waiting -= 1
                self._accepted -= reply.accepted
                self._room.set()
                if not self._waiting:
                    self._rest_from_now()

    async def _answer(self, reply: _Reply) -> None:
        """Write one reply to its end."""
        if reply.failure is None:
            reply.speaking = asyncio.create_task(self._speak(reply))
            try:
                await reply.speaking
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise  # the connection is going, not only this reply (which ``fail`` cancels)
            except ConnectionError:
                raise
            except Exception as err:  # a bug must still end the reply, or the client waits forever
                _LOGGER.exception("Reply failed unexpectedly")
                reply.failure = Error(text=f"Internal error: {err!r}", code="InternalError")
        if reply.failure is not None and not reply.audio_ended:
            await self.write_event(reply.failure.event())
            await self._end_audio(reply)
        if reply.stream is not None:
            await self.write_event(SynthesizeStopped().event())

    async def _speak(self, reply: _Reply) -> None:
        """Write the reply's audio events, or an error and the end of audio."""
        began = time.monotonic()
        try:
            voice = reply.speech.voice
            provider, options = self._directory.resolve(voice.name if voice else None, voice.speaker if voice else None)
            if (why := self._unreachable.get(provider)) is not None:  # (logged once, at start-up)
                await self.write_event(Error(text=why, code="ServiceUnavailableError").event())
                await self._end_audio(reply)
                return
            if reply.speech.ssml:
                options = replace(options, text_format=TextFormat.SSML)
            async with provider.synthesize(reply.text, options) as audio:
                started = False
                async for pcm in audio:
                    if not started:  # the format is final at the first audio (a fallback may speak)
                        _LOGGER.debug("First audio after %.0f ms", (time.monotonic() - began) * 1000)
                        await self.write_event(AudioStart(**_layout(audio.format)).event())
                        started = True
                    await self.write_event(AudioChunk(**_layout(audio.format), audio=pcm).event())
                if not started:
                    await self.write_event(AudioStart(**_layout(audio.format)).event())
            await self._end_audio(reply)
        except TtsError as err:
            _LOGGER.warning("Reply failed: %s", err)
            await self.write_event(Error(text=str(err), code=err.code or type(err).__name__).event())
            await self._end_audio(reply)

    async def _end_audio(self, reply: _Reply) -> None:
        reply.audio_ended = True
        await self.write_event(AudioStop().event())

    async def _end_reply_abruptly(self, current: _Reply | None, error: Error) -> None:
        """End the reply in progress (or the one the unreadable event was to ask for) with ``error``."""
        with contextlib.suppress(ClientGone):
            await self.write_event(error.event())
            if current is None or not current.audio_ended:
                await self.write_event(AudioStop().event())
            if current is not None and current.stream is not None:
                await self.write_event(SynthesizeStopped().event())

    def _bad_request(self, message: str) -> Error:
        self._complain(message)
        return Error(text=message, code="BadRequest")

    def _complain(self, message: str) -> None:
        """Log a client's mistake: the first as a warning, the rest of the connection's at debug level."""
        if self._warned:
            _LOGGER.debug("%s: %s", self._peer, message)
        else:
            self._warned = True
            _LOGGER.warning("%s: %s (its further mistakes are logged at debug level)", self._peer, message)

    def _rest_from_now(self) -> None:
        self._rest(asyncio.get_running_loop().time() + self._limits.idle_timeout)

    def _rest(self, deadline: float | None) -> None:
        """Close the connection at ``deadline`` unless an event comes (None: a reply is in progress)."""
        if self._idle is not None and not self._idle.expired():
            self._idle.reschedule(deadline)

    async def _close(self) -> None:
        """Close the connection, flushing what is written within the write deadline."""
        self._end_stream()
        self.writer.close()
        try:
            async with asyncio.timeout(self._limits.write_timeout):
                await self.writer.wait_closed()
        except TimeoutError:
            self.writer.transport.abort()
        except ConnectionError:
            pass
