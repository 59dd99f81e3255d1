"""Piecewise synthesis: a reply spoken as consecutive requests that each take a whole text.

Shared by the services that take no streamed text (Sambert, Huawei real-time
TTS). The caller's
text is cut into pieces as soon as a sentence, or a long enough clause, is
complete (what piled up meanwhile is merged, up to the service's limit), and
each piece is one request. The next piece's request runs while the current
one's audio is passed on, so pieces follow each other without a gap; audio
leaves in order and in one format.

A provider supplies how to start a piece on a connection and how to read
what comes back (:meth:`PiecewiseProvider._piece`); connections are kept for
the next piece where the service allows it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import abstractmethod
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing
from typing import ClassVar

from aiohttp import ClientSession, ClientWebSocketResponse, WSMessage

from .errors import InvalidRequestError, TtsTimeoutError
from .flow import ServiceFlow
from .models import Deadlines, SynthesisOptions
from .provider import Request
from .reply_log import ReplyLog
from .stream import PAUSED, TURN_END, Reading, TextFeed
from .text import ClauseSegmenter, weighted_length
from .warm_sockets import Begin, WarmSockets

_LOGGER = logging.getLogger(__name__)

SENTENCE_PAUSE = 0.3
"""Seconds without text after which a trailing ``.`` is taken as the end of a sentence."""

_Item = bytes | BaseException | None
Read = Callable[[ClientWebSocketResponse, WSMessage], Reading]
"""Interpret one message of a piece: audio, nothing to pass on, or the end (a failure raises)."""


class _Piece:
    """One piece's request, run in the background; its audio waits in a queue."""

    def __init__(self) -> None:
        self.audio: asyncio.Queue[_Item] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None


class PiecewiseProvider(ServiceFlow):
    """Base of providers whose requests each take one whole text.

    ``piece_limit`` is the most one request takes (weighted when
    ``han_counts_double``); ``clause_min`` the shortest clause worth its own
    request; ``lookahead`` how many pieces run ahead of the one being heard;
    ``keeps_connections`` whether a connection takes another piece after one
    ended cleanly; ``service_idle_timeout`` when the service drops an idle one.
    """

    piece_limit: ClassVar[int]
    han_counts_double: ClassVar[bool] = False
    clause_min: ClassVar[int] = 30
    lookahead: ClassVar[int] = 1
    keeps_connections: ClassVar[bool] = True

    def __init__(
        self, session: ClientSession, *, deadlines: Deadlines | None = None, max_warm_sockets: int | None = None
    ) -> None:
        """Use ``session`` for connections (not closed by the provider)."""
        super().__init__(session, deadlines=deadlines, max_warm_sockets=max_warm_sockets)
        self._sockets = WarmSockets(self._connect, max_idle=self._max_warm_sockets, keep_for=self._keep_warm)

    @abstractmethod
    async def _connect(self) -> ClientWebSocketResponse:
        """Open a connection, ready to start a piece."""

    @abstractmethod
    def _piece(self, text: str, request: Request) -> tuple[Begin, Read]:
        """How to start speaking ``text`` on a connection, and how to read the answer."""

    @property
    def warm_connections(self) -> int:
        """Connections open and waiting for the next piece."""
        return self._sockets.idle_count

    async def validate_credentials(self) -> None:
        """Open a connection (the handshake checks the credentials) and keep it for the next piece."""
        await self._sockets.prewarm()

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Open a connection so that the next reply skips the handshake (one endpoint serves every voice)."""
        del options
        await self._sockets.prewarm()

    async def keep_ready(self, options: SynthesisOptions | None = None, *, every_family: bool = False) -> None:
        """Keep a connection ready for the next reply: replaced when it expires or a piece takes it."""
        del options, every_family  # one family, one endpoint
        await self._sockets.keep_ready()

    async def close(self) -> None:
        """Close the open connections."""
        await self._sockets.close()

    def _piece_limit(self, request: Request) -> int:
        """Return the most text one request like ``request`` takes."""
        del request
        return self.piece_limit

    async def _speak_piece(self, text: str, request: Request, log: ReplyLog, name: str) -> AsyncGenerator[bytes, None]:
        """Speak one piece (called ``name`` in the log): yield its PCM; end only when all of it was spoken."""
        begin, read = self._piece(text, request)
        connection_reused = False

        async def begin_noting_reuse(ws: ClientWebSocketResponse, reused: bool) -> None:
            nonlocal connection_reused
            connection_reused = reused
            if (reused or self._sockets.keeps_ready) and not self.keeps_connections:
                self._sockets.replenish()  # one text per connection: the next piece or reply finds one open
            await begin(ws, reused)

        asked = time.monotonic()
        ws = await self._sockets.start(begin_noting_reuse)
        log.task_started(name, reused=connection_reused, since=asked)
        gap = self._deadlines.audio_gap  # the piece's whole text is sent: once audio began, a silence is a stall
        finished = False
        try:
            while True:
                try:
                    message = await ws.receive(timeout=gap)
                except TimeoutError:
                    raise TtsTimeoutError(f"{self.service_name} sent no audio for {gap:g} s") from None
                reading = read(ws, message)
                if reading is TURN_END:
                    finished = True
                    return
                if reading:
                    gap = self._deadlines.stalled_after
                    yield reading
        finally:
            kept = finished and self.keeps_connections
            log.task_ended(name, kept=kept)
            if kept:
                self._sockets.release(ws)
            else:
                self._sockets.discard(ws)

    async def _speak(self, feed: TextFeed, request: Request, log: ReplyLog) -> AsyncGenerator[bytes, None]:
        """Pass on the pieces' audio in order while later pieces are fetched."""
        order: asyncio.Queue[_Piece | BaseException | None] = asyncio.Queue()
        slots = asyncio.Semaphore(1 + self.lookahead)
        started: list[_Piece] = []

        async def schedule() -> None:
            try:
                async with aclosing(self._pieces(feed, self._piece_limit(request))) as pieces:
                    async for text in pieces:
                        await slots.acquire()
                        piece = _Piece()
                        name = f"task {len(started) + 1} ({len(text)} characters)"
                        speaking = self._speak_piece(text, request, log, name)
                        piece.task = asyncio.create_task(self._fetch(piece, speaking))
                        started.append(piece)
                        order.put_nowait(piece)
                order.put_nowait(None)
            except Exception as err:  # noqa: BLE001 - the caller's text failed: the reply fails with it
                order.put_nowait(err)

        scheduler = asyncio.create_task(schedule())
        try:
            spoken = 0
            while (piece := await order.get()) is not None:
                if isinstance(piece, BaseException):
                    raise piece
                while (item := await piece.audio.get()) is not None:
                    if isinstance(item, BaseException):
                        raise item
                    yield item
                spoken += 1
                slots.release()
            if not spoken:
                raise InvalidRequestError("There is no text to speak")
        finally:
            tasks = [scheduler, *(piece.task for piece in started if piece.task is not None)]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await feed.aclose()

    async def _fetch(self, piece: _Piece, speaking: AsyncGenerator[bytes, None]) -> None:
        try:
            async with aclosing(speaking) as audio:
                async for chunk in audio:
                    piece.audio.put_nowait(chunk)
        except asyncio.CancelledError as err:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the reply is being closed
            piece.audio.put_nowait(err)  # something it waited on was cancelled: the listener must not wait
        except Exception as err:  # noqa: BLE001 - handed to the listener, who raises it
            piece.audio.put_nowait(err)
        else:
            piece.audio.put_nowait(None)

    async def _pieces(self, feed: TextFeed, limit: int) -> AsyncGenerator[str, None]:
        """Yield pieces as they complete, merging those that are ready together.

        A sentence end at the end of the text so far is taken as one when no
        more text comes for ``SENTENCE_PAUSE`` seconds.
        """
        segmenter = ClauseSegmenter(limit=limit, clause_min=self.clause_min)
        ready: list[str] = []
        while True:
            within = 0.0 if ready else SENTENCE_PAUSE if segmenter.holds_sentence_end else None
            chunk = await feed.next(within=within)
            if chunk is None:
                break
            if chunk is not PAUSED:
                ready.extend(segmenter.add(chunk))
            elif ready:
                for piece in self._merge(ready, limit):
                    yield piece
                ready = []
            else:
                ready.extend(segmenter.flush_sentence())
        ready.extend(segmenter.finish())
        for piece in self._merge(ready, limit):
            yield piece

    def _merge(self, segments: list[str], limit: int) -> list[str]:
        """Join consecutive segments into pieces no longer than the limit."""
        measure = weighted_length if self.han_counts_double else len
        pieces: list[str] = []
        for segment in filter(str.strip, segments):
            if not any(char.isalnum() for char in segment):
                if pieces and measure(pieces[-1] + segment) <= limit:
                    pieces[-1] += segment  # stray punctuation (a closing quote): keep it with what it closes
                continue  # else nothing to say
            if pieces and measure(pieces[-1]) + 1 + measure(segment) <= limit:
                pieces[-1] += _joiner(pieces[-1], segment) + segment
            else:
                pieces.append(segment)
        return pieces


def _joiner(before: str, after: str) -> str:
    """Return a space between Latin words and nothing between Chinese sentences."""
    return " " if before[-1:].isascii() and after[:1].isascii() else ""
