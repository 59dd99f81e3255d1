"""The text of an open stream, buffered within a byte budget between the client and the reply."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator


class StreamedText:
    """Chunks a client streams, handed to the reply speaking them.

    Beyond ``budget`` characters waiting, ``put`` waits for the reply to catch up
    (the client's reading pauses, nothing is lost). Once closed (the text
    ended, or the reply is over), more chunks are dropped and ``put`` never waits.
    """

    def __init__(self, budget: int) -> None:
        """Buffer up to ``budget`` characters of text the reply has not taken yet."""
        self._budget = budget
        self._chunks: deque[str] = deque()
        self._size = 0
        self._closed = False
        self._more = asyncio.Event()
        self._room = asyncio.Event()

    async def put(self, chunk: str) -> None:
        """Add a chunk, once there is room for it."""
        while self._size >= self._budget and not self._closed:
            self._room.clear()
            await self._room.wait()
        if not self._closed:
            self._chunks.append(chunk)
            self._size += len(chunk)
            self._more.set()

    def close(self) -> None:
        """End the text: the reply speaks what came, later chunks are dropped."""
        self._closed = True
        self._more.set()
        self._room.set()

    async def __aiter__(self) -> AsyncIterator[str]:
        """Yield the chunks as they come, until the text is closed."""
        while True:
            while self._chunks:
                chunk = self._chunks.popleft()
                self._size -= len(chunk)
                self._room.set()
                yield chunk
            if self._closed:
                return
            self._more.clear()
            await self._more.wait()
