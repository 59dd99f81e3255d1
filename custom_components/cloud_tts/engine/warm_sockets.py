"""Idle WebSocket connections kept warm for the next request."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiohttp import ClientWebSocketResponse

from .errors import ServiceUnavailableError

Connect = Callable[[], Awaitable[ClientWebSocketResponse]]
Begin = Callable[[ClientWebSocketResponse, bool], Awaitable[None]]
"""Start a request on a connection (the flag: whether it was reused)."""


class StaleSocket(Exception):
    """A reused connection was found closed before its request started; retry on a fresh one."""


class WarmSockets:
    """A bounded set of idle connections to one endpoint with one account.

    A connection comes back here only after a request ended cleanly; any
    error or cancellation discards it. A request that found no idle connection
    takes one released while its own is still being opened (that one is kept
    when it opens): with a shared HTTP connection limit reached, a released
    connection is the only way on. At most ``max_idle`` connections are
    kept, or as many as were in use at once if that is more (so that as many
    concurrent requests find one warm next time); ``max_idle=0`` or ``keep_for=0`` keeps none.
    Idle connections are closed after ``keep_for`` seconds, before the service
    would drop them. The caller must treat a reused connection as possibly
    stale (the service may have closed it) and retry once on a fresh one if it
    fails before its first answer.
    """

    def __init__(self, connect: Connect, *, max_idle: int, keep_for: float) -> None:
        """Open connections with ``connect``; keep ``max_idle`` idle, or the most in use at once."""
        self._connect = connect
        self._max_idle = max_idle
        self._keep_for = keep_for
        self._idle: dict[ClientWebSocketResponse, asyncio.TimerHandle] = {}
        self._lent: set[ClientWebSocketResponse] = set()
        """Connections handed out and not yet released or discarded."""
        self._most_lent = 0
        self._closing: set[asyncio.Task[Any]] = set()
        self._opening: set[asyncio.Task[None]] = set()
        """Connections being opened to be kept (prewarm, replenish); close() waits for them."""
        self._replenishing: set[asyncio.Task[None]] = set()
        self._waiting: deque[asyncio.Future[ClientWebSocketResponse]] = deque()
        """Requests opening a connection, which would take a released one instead."""
        self._closed = False
        self._ready = False
        """Keep one connection ready at all times (see :meth:`keep_ready`)."""

    @property
    def idle_count(self) -> int:
        """How many connections wait for reuse."""
        return len(self._idle)

    @property
    def keeps_ready(self) -> bool:
        """Whether one connection is kept ready at all times."""
        return self._ready

    async def keep_ready(self) -> None:
        """Open a connection now and keep one ready from now on.

        An idle connection that reaches ``keep_for`` is replaced by a fresh one
        when it was the last, so that the next request never waits for a
        handshake; a replacement that fails is not retried until a request
        comes (see :meth:`replenish`).
        """
        self._ready = True
        if not self._idle and not self._opening:  # (voices of one family asking at once open one)
            await self.prewarm()

    async def acquire(self) -> tuple[ClientWebSocketResponse, bool]:
        """Return a connection and whether it was reused."""
        if self._closed:
            raise ServiceUnavailableError("The provider was closed; make a new one")
        while self._idle:
            ws, expiry = self._idle.popitem()
            expiry.cancel()
            if not ws.closed:
                return self._lend(ws), True
        ws, reused = await self._connect_or_take_released()
        return self._lend(ws), reused

    async def _connect_or_take_released(self) -> tuple[ClientWebSocketResponse, bool]:
        """Open a connection, unless one is released first; the loser of the race is kept (or discarded)."""
        released: asyncio.Future[ClientWebSocketResponse] = asyncio.get_running_loop().create_future()
        opening = asyncio.ensure_future(self._connect())
        self._waiting.append(released)
        try:
            await asyncio.wait((released, opening), return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            self._give_back(released)
            self._keep_when_open(opening)
            raise
        finally:
            with contextlib.suppress(ValueError):
                self._waiting.remove(released)
        if released.done():
            self._keep_when_open(opening)
            return released.result(), True
        released.cancel()
        return opening.result(), False

    def _give_back(self, released: asyncio.Future[ClientWebSocketResponse]) -> None:
        """Return a connection handed to a request that left before taking it."""
        if released.done() and not released.cancelled():
            self.release(released.result())
        released.cancel()

    def _keep_when_open(self, opening: asyncio.Future[ClientWebSocketResponse]) -> None:
        """Keep a connection no request waits for any more, once it is open (close() waits for it)."""
        kept = asyncio.ensure_future(self._keep_opened(opening))
        self._opening.add(kept)
        kept.add_done_callback(self._opening.discard)

    async def _keep_opened(self, opening: asyncio.Future[ClientWebSocketResponse]) -> None:
        with contextlib.suppress(Exception):
            self.release(await opening)

    def _lend(self, ws: ClientWebSocketResponse) -> ClientWebSocketResponse:
        self._lent.add(ws)
        self._most_lent = max(self._most_lent, len(self._lent))
        return ws

    async def start(self, begin: Begin) -> ClientWebSocketResponse:
        """Take a connection and ``begin`` a request on it; return the connection.

        A reused connection found dead (``begin`` raising :class:`StaleSocket`)
        is replaced once by a fresh one. On any failure the connection is
        discarded and the error raised.
        """
        ws, reused = await self.acquire()
        try:
            try:
                await begin(ws, reused)
            except StaleSocket:
                self.discard(ws)
                ws = self._lend(await self._connect())
                await begin(ws, False)
        except BaseException:
            self.discard(ws)
            raise
        return ws

    def release(self, ws: ClientWebSocketResponse) -> None:
        """Hand ``ws`` to a request waiting for a connection, or keep it, or close it when full or closed."""
        self._lent.discard(ws)
        while self._waiting and not (self._closed or ws.closed):
            waiting = self._waiting.popleft()
            if not waiting.done():
                waiting.set_result(ws)
                return
        keep = max(self._max_idle, self._most_lent) if self._max_idle and self._keep_for > 0 else 0
        if self._closed or ws.closed or len(self._idle) >= keep:
            self.discard(ws)
            return
        loop = asyncio.get_running_loop()
        self._idle[ws] = loop.call_later(self._keep_for, self._expire, ws)

    def discard(self, ws: ClientWebSocketResponse) -> None:
        """Close ``ws`` in the background; it is not used again."""
        self._lent.discard(ws)
        if not ws.closed:
            self._spawn(ws.close())

    async def prewarm(self) -> None:
        """Open one connection now so that the next request finds it warm."""
        if self._closed:
            raise ServiceUnavailableError("The provider was closed; make a new one")
        opening = asyncio.create_task(self._open_and_keep())
        self._opening.add(opening)
        opening.add_done_callback(self._opening.discard)
        await opening

    async def _open_and_keep(self) -> None:
        self.release(await self._connect())

    def replenish(self) -> None:
        """Open a connection in the background to replace one just taken.

        For services that serve one request per connection: a connection
        opened ahead still saves the next request its handshake. A failure
        here is left for that request to meet.
        """
        if not self._closed:
            task = asyncio.create_task(self._prewarm_quietly())
            self._replenishing.add(task)
            task.add_done_callback(self._replenishing.discard)

    async def _prewarm_quietly(self) -> None:
        with contextlib.suppress(Exception):
            await self.prewarm()

    async def close(self) -> None:
        """Close every connection kept or being opened, and wait until all are closed."""
        self._closed = True
        for task in self._replenishing:
            task.cancel()
        await asyncio.gather(*self._replenishing, *self._opening, return_exceptions=True)
        while self._idle:
            ws, expiry = self._idle.popitem()
            expiry.cancel()
            self.discard(ws)
        while pending := set(self._closing):
            await asyncio.gather(*pending, return_exceptions=True)
            self._closing -= pending

    def _expire(self, ws: ClientWebSocketResponse) -> None:
        if self._idle.pop(ws, None) is not None:
            self.discard(ws)
            if self._ready and not self._idle:
                self.replenish()

    def _spawn(self, closing: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(closing)
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
