"""Small helpers shared by the tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable


async def paced(chunks: Iterable[str], delay: float = 0.0) -> AsyncIterator[str]:
    """Yield ``chunks`` like an LLM would, ``delay`` seconds apart."""
    for chunk in chunks:
        await asyncio.sleep(delay)
        yield chunk


async def eventually(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait until ``condition()`` holds, or fail."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)
