"""Idle WebSocket connections kept warm for the next request."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiohttp import ClientWebSocketResponse

Connect = Callable[[], Awaitable[ClientWebSocketResponse]]


class WarmSockets:
    """A bounded set of idle connections to one endpoint with one account.

    A connection comes back here only after a request ended cleanly; any
    error or cancellation discards it. Idle connections are closed after
    ``keep_for`` seconds, before the service would drop them. The caller must
    treat a reused connection as possibly stale (the service may have closed
    it) and retry once on a fresh one if it fails before its first answer.
    """

    def __init__(self, connect: Connect, *, max_idle: int, keep_for: float) -> None:
        """Open connections with ``connect``; keep at most ``max_idle`` idle."""
        self._connect = connect
        self._max_idle = max_idle
        self._keep_for = keep_for
        self._idle: dict[ClientWebSocketResponse, asyncio.TimerHandle] = {}
        self._closing: set[asyncio.Task[Any]] = set()
        self._closed = False

    @property
    def idle_count(self) -> int:
        """How many connections wait for reuse."""
        return len(self._idle)

    async def acquire(self) -> tuple[ClientWebSocketResponse, bool]:
        """Return a connection and whether it was reused."""
        while self._idle:
            ws, expiry = self._idle.popitem()
            expiry.cancel()
            if not ws.closed:
                return ws, True
        return await self._connect(), False

    def release(self, ws: ClientWebSocketResponse) -> None:
        """Keep ``ws`` for reuse, or close it when the pool is full or closed."""
        if self._closed or ws.closed or len(self._idle) >= self._max_idle:
            self.discard(ws)
            return
        loop = asyncio.get_running_loop()
        self._idle[ws] = loop.call_later(self._keep_for, self._expire, ws)

    def discard(self, ws: ClientWebSocketResponse) -> None:
        """Close ``ws`` in the background; it is not used again."""
        if not ws.closed:
            self._spawn(ws.close())

    async def prewarm(self) -> None:
        """Open one connection now so that the next request finds it warm."""
        self.release(await self._connect())

    async def close(self) -> None:
        """Close every idle connection and wait for all closes to finish."""
        self._closed = True
        while self._idle:
            ws, expiry = self._idle.popitem()
            expiry.cancel()
            self.discard(ws)
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    def _expire(self, ws: ClientWebSocketResponse) -> None:
        if self._idle.pop(ws, None) is not None:
            self.discard(ws)

    def _spawn(self, closing: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(closing)
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
