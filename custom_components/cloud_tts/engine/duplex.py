"""Duplex streaming: a reply's text goes out in messages while its audio comes back.

Shared by the services whose unit of work takes text as it arrives: a
CosyVoice task, a Qwen-TTS realtime session. A *turn* is one such unit on one
connection: started, fed text messages the moment the caller's chunks arrive,
ended, and answered with audio until the service's end event. A reply becomes
several consecutive turns (one format, audio concatenated) when its text
pauses longer than the service tolerates or outgrows a turn.

A provider supplies the protocol (:class:`DuplexProvider`'s abstract methods);
this module supplies the flow, the deadlines and connection reuse.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import abstractmethod
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import partial
from typing import ClassVar

from aiohttp import ClientError, ClientSession, ClientWebSocketResponse, WSMessage

from .errors import InvalidRequestError, ProtocolError, ServiceUnavailableError, TtsError, TtsTimeoutError
from .flow import ServiceFlow
from .models import SAFE_SHARE, Deadlines, SynthesisOptions
from .provider import Request
from .reply_log import ReplyLog
from .stream import PAUSED, TURN_END, Reading, TextFeed
from .text import normalize, split_text, weighted_length
from .warm_sockets import WarmSockets

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class Turn:
    """One turn on one connection and what its text sender has done so far."""

    id: str
    weight: int = 0
    last_sent: float = 0.0
    messages: int = 0
    opening: list[str] = field(default_factory=list)
    """Texts of the turn's first messages, which go out with its start (see ``text_with_start``)."""
    finishing: bool = False
    """All the turn's text was sent, and the end message if the service wants one."""
    failed: bool = False
    """The sender failed and closed the connection; its error is the reply's."""
    reported: TtsError | None = None
    """An error the service reported while the turn went on; the provider decides when it ends the reply."""


class _SendFailed(ServiceUnavailableError):
    """Text could not be sent: the connection is gone."""


class NoTextYet(Exception):
    """A turn got no text before a pause or the end; retry when text comes."""


class DuplexProvider(ServiceFlow):
    """Base of providers that stream a reply's text into turns.

    ``message_limit`` and ``turn_limit`` bound one text message and one turn
    (weighted when ``han_counts_double``); ``service_text_timeout`` is how long
    the service waits for text; ``keeps_connections`` says whether a
    connection can take another turn after one ended cleanly (otherwise
    connections are opened ahead of use and each serves one turn).
    """

    message_limit: ClassVar[int]
    turn_limit: ClassVar[int | None] = None
    han_counts_double: ClassVar[bool] = False
    service_text_timeout: ClassVar[float]
    keeps_connections: ClassVar[bool] = True
    text_with_start: ClassVar[bool] = False
    """Whether the text a reply has ready may go out with a turn's start (:meth:`_takes_with_start` says when),
    so that it waits for no answer: ``_start_turn`` then sends ``turn.opening`` (and, when ``turn.finishing``,
    the end of the turn's text) with its start, and a reused connection counts as stale until the first answer."""

    def __init__(
        self, session: ClientSession, *, deadlines: Deadlines | None = None, max_warm_sockets: int | None = None
    ) -> None:
        """Use ``session`` for connections (not closed by the provider)."""
        super().__init__(session, deadlines=deadlines, max_warm_sockets=max_warm_sockets)
        # One Deadlines serves services with different limits: stay well inside this one's.
        self._text_pause = min(self._deadlines.text_pause, SAFE_SHARE * self.service_text_timeout)
        self._pools: dict[str, WarmSockets] = {}
        self._closed = False

    # -- what a provider supplies --------------------------------------------

    def _endpoint_key(self, request: Request) -> str:
        """Which endpoint ``request`` needs: connections are kept per endpoint (by default, per model)."""
        return request.model

    @abstractmethod
    async def _connect(self, endpoint_key: str) -> ClientWebSocketResponse:
        """Open a connection to the endpoint of ``endpoint_key``, ready to start a turn."""

    @abstractmethod
    async def _start_turn(self, ws: ClientWebSocketResponse, turn: Turn, request: Request, *, reused: bool) -> None:
        """Start ``turn`` (with ``turn.opening``, see ``text_with_start``) and wait until it takes text.

        Raise :class:`~.warm_sockets.StaleSocket` if a reused ``ws`` was found dead before any answer.
        """

    @abstractmethod
    def _text_message(self, turn: Turn, text: str) -> str:
        """Build the message carrying ``text`` within ``turn``."""

    @abstractmethod
    def _end_message(self, turn: Turn) -> str:
        """Build the message saying all of ``turn``'s text was sent."""

    @abstractmethod
    def _read(self, ws: ClientWebSocketResponse, message: WSMessage, turn: Turn) -> Reading:
        """Interpret one message from the service; raise a TtsError for a failure."""

    @abstractmethod
    def _new_turn_id(self) -> str:
        """Return a fresh turn id."""

    def _takes_with_start(self, texts: list[str], *, whole: bool) -> bool:
        """Whether a turn's start carries ``texts``, its first messages' texts (``whole``: all its text)."""
        del texts, whole
        return True

    # -- the public interface --------------------------------------------------

    @property
    def warm_connections(self) -> int:
        """Connections open and waiting for the next reply."""
        return sum(pool.idle_count for pool in self._pools.values())

    async def validate_credentials(self) -> None:
        """Open a connection (the handshake checks the credentials) and keep it for the next reply."""
        await self.prewarm()

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Open a connection so that the next reply with ``options`` skips the handshake."""
        request = self._check(options or SynthesisOptions())
        await self._pool(self._endpoint_key(request)).prewarm()

    async def keep_ready(self, options: SynthesisOptions | None = None, *, every_family: bool = False) -> None:
        """Keep a connection ready for replies with ``options``: replaced when it expires or a reply takes it."""
        del every_family  # one family
        request = self._check(options or SynthesisOptions())
        await self._pool(self._endpoint_key(request)).keep_ready()

    async def close(self) -> None:
        """Close the warm connections; the provider takes no more requests."""
        self._closed = True
        await asyncio.gather(*(pool.close() for pool in self._pools.values()))

    # -- the flow ------------------------------------------------------------------

    def _pool(self, endpoint_key: str) -> WarmSockets:
        if self._closed:
            raise ServiceUnavailableError("The provider was closed; make a new one")
        pool = self._pools.get(endpoint_key)
        if pool is None:
            pool = WarmSockets(
                partial(self._connect, endpoint_key),
                max_idle=self._max_warm_sockets,
                keep_for=self._keep_warm,
            )
            self._pools[endpoint_key] = pool
        return pool

    async def _speak(self, feed: TextFeed, request: Request, log: ReplyLog) -> AsyncGenerator[bytes, None]:
        """Run the reply's turns one after another and pass their audio on."""
        try:
            if request.ssml:
                feed = TextFeed(await self._whole_ssml(feed))
            spoken = 0
            while spoken == 0 or await _more_text(feed):
                try:
                    async with aclosing(self._run_turn(feed, request, log)) as turn_audio:
                        async for audio in turn_audio:
                            yield audio
                except NoTextYet:
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

    async def _run_turn(self, feed: TextFeed, request: Request, log: ReplyLog) -> AsyncGenerator[bytes, None]:
        pool = self._pool(self._endpoint_key(request))
        turn = Turn(self._new_turn_id())
        connection_reused = False

        async def begin(ws: ClientWebSocketResponse, reused: bool) -> None:
            nonlocal connection_reused
            connection_reused = reused
            if (reused or pool.keeps_ready) and not self.keeps_connections:
                pool.replenish()
            if self.text_with_start:
                await self._take_ready_text(feed, turn)
            await self._start_turn(ws, turn, request, reused=reused)

        asked = time.monotonic()
        ws = await pool.start(begin)
        log.task_started(f"task {turn.id}", reused=connection_reused, since=asked)
        turn.last_sent = asyncio.get_running_loop().time()
        sender = asyncio.create_task(self._send_text(ws, turn, feed))
        finished = False
        try:
            async with aclosing(self._receive(ws, turn, sender)) as turn_audio:
                async for audio in turn_audio:
                    yield audio
            finished = True
        finally:
            kept = finished and self.keeps_connections
            log.task_ended(f"task {turn.id}", kept=kept)
            if kept:
                pool.release(ws)
            else:
                pool.discard(ws)
                sender.cancel()
                await asyncio.gather(sender, return_exceptions=True)

    async def _take_ready_text(self, feed: TextFeed, turn: Turn) -> None:
        """Add the text ``feed`` has ready now to ``turn.opening`` if the start takes it; leave the rest in ``feed``.

        Called again when the turn starts over on a fresh connection (nothing was answered on the stale one):
        the opening keeps what it took, and takes what came since.
        """
        if turn.finishing:
            return
        ready = ""
        while isinstance(chunk := await feed.next(within=0), str):
            ready += chunk
        text, held = self._ready_text(normalize(ready), final=chunk is None)
        whole = chunk is None and not held
        texts = self._message_texts(text) if text else []
        weight = sum(map(self._measure, texts))
        fits = self.turn_limit is None or turn.weight + weight <= self.turn_limit
        if texts and fits and self._takes_with_start([*turn.opening, *texts], whole=whole):
            turn.opening += texts
            turn.weight += weight
            turn.messages += len(texts)
            turn.finishing = whole
            ready = held
        if ready:
            feed.push_back(ready)

    def _ready_text(self, pending: str, *, final: bool) -> tuple[str, str]:
        """Split ``pending`` text into what to send now and what to hold for later.

        ``final`` is the turn's last chance to send. By default everything that
        is not blank goes at once.
        """
        del final
        return (pending, "") if pending.strip() else ("", pending)

    async def _send_text(self, ws: ClientWebSocketResponse, turn: Turn, feed: TextFeed) -> None:
        """Send the turn's text as it arrives, then the end message.

        Stops taking text when the caller pauses past the service's limit or
        the turn is full; what is left stays in ``feed`` for the next turn.
        Closes ``ws`` on failure, so that the receiver wakes up.
        """
        if turn.finishing:
            return  # all of it went out with the turn's start
        loop = asyncio.get_running_loop()
        held = ""
        last_arrival = loop.time()
        try:
            while True:
                pause_left = turn.last_sent + self._text_pause - loop.time()
                chunk = await feed.next(within=max(0.0, pause_left))
                if chunk is None:
                    break
                if chunk is PAUSED:
                    early, rest = held[:-1], held[-1:]
                    if last_arrival > turn.last_sent and any(char.isalnum() for char in early):
                        # Text keeps coming but is held back: send all but its end, so the service hears from us.
                        held = "" if not await self._send_pieces(ws, turn, early, feed, then=rest) else rest
                        if held:
                            continue
                        break
                    if turn.weight or held.strip():
                        break
                    raise NoTextYet
                last_arrival = loop.time()
                ready, held = self._ready_text(held + normalize(chunk), final=False)
                if ready and not await self._send_pieces(ws, turn, ready, feed, then=held):
                    held = ""
                    break
            last, _ = self._ready_text(held, final=True)
            if last:
                await self._send_pieces(ws, turn, last, feed)
            if not turn.weight:
                raise NoTextYet
            turn.finishing = True
            await self._send(ws, self._end_message(turn))
            turn.last_sent = loop.time()
        except _SendFailed:
            raise  # the connection is gone: the receiver meets its close, or the service's error before it
        except Exception:
            turn.failed = True
            await ws.close()  # wakes the receiver, which re-raises this
            raise

    async def _send_pieces(
        self, ws: ClientWebSocketResponse, turn: Turn, text: str, feed: TextFeed, *, then: str = ""
    ) -> bool:
        """Send ``text`` in messages within the limits.

        Returns False when the turn is full; the unsent rest (and ``then``) is pushed back to ``feed``.
        """
        pieces = self._message_texts(text)
        for index, piece in enumerate(pieces):
            weight = self._measure(piece)
            if self.turn_limit is not None and turn.weight + weight > self.turn_limit:
                feed.push_back("".join(pieces[index:]) + then)
                return False
            await self._send(ws, self._text_message(turn, piece))
            turn.weight += weight
            turn.messages += 1
            turn.last_sent = asyncio.get_running_loop().time()
        return True

    def _measure(self, text: str) -> int:
        """How much of the limits ``text`` takes."""
        return weighted_length(text) if self.han_counts_double else len(text)

    def _message_texts(self, text: str) -> list[str]:
        """Cut ``text`` into the texts of messages within ``message_limit``."""
        return split_text(text, self.message_limit, han_counts_double=self.han_counts_double)

    async def _send(self, ws: ClientWebSocketResponse, message: str) -> None:
        try:
            await ws.send_str(message)
        except (ConnectionError, ClientError) as err:
            raise _SendFailed(f"Lost the connection to {self.service_name} while sending text") from err

    async def _receive(
        self, ws: ClientWebSocketResponse, turn: Turn, sender: asyncio.Task[None]
    ) -> AsyncGenerator[bytes, None]:
        """Yield the turn's audio until the service ends the turn.

        Audio may pause while text is still coming, so the audio deadline
        counts from whichever came last: audio heard or text sent. Once all
        the text was sent and audio has begun, the shorter stall deadline
        applies (the first audio and the caller's pauses get ``audio_gap``).
        """
        loop = asyncio.get_running_loop()
        stall = self._deadlines.stalled_after
        last_heard = loop.time()
        heard_audio = False
        while True:
            gap = stall if heard_audio and turn.finishing else self._deadlines.audio_gap
            left = max(last_heard, turn.last_sent) + gap - loop.time()
            if left <= 0:
                raise TtsTimeoutError(f"{self.service_name} sent no audio for {gap:g} s")
            try:
                # Waking within the stall deadline applies it soon after the end message went out.
                message = await ws.receive(timeout=min(left, stall))
            except TimeoutError:
                continue  # the deadline is checked again (text may have gone out meanwhile)
            last_heard = loop.time()
            if turn.failed:
                await sender  # raises the sender's error
            reading = self._read(ws, message, turn)
            if reading is TURN_END:
                if not turn.finishing:
                    raise ProtocolError(f"{self.service_name} ended the reply before all text was sent")
                await sender
                return
            if reading:
                heard_audio = True
                yield reading
                last_heard = loop.time()  # time spent waiting for our listener is not the service's

    async def _whole_ssml(self, feed: TextFeed) -> str:
        """Collect an SSML document: services take it in one message."""
        parts = []
        while (chunk := await feed.next()) is not None:
            assert isinstance(chunk, str)
            parts.append(chunk)
        document = normalize("".join(parts)).strip()
        if not document:
            raise InvalidRequestError("There is no text to speak")
        if self._measure(document) > self.message_limit:
            raise InvalidRequestError(
                f"SSML text is limited to {self.message_limit} characters"
                + (" (a Chinese character counts as 2)" if self.han_counts_double else "")
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
