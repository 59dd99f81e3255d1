"""The two streams of a synthesis: text in, PCM out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator
from enum import Enum, auto
from types import TracebackType
from typing import Final, Literal, Self

from .models import AudioFormat

TextInput = str | AsyncIterable[str]
"""What a provider accepts as text: a whole message or an async stream of chunks."""


class AudioStream:
    """PCM audio of one reply, in one :class:`AudioFormat`.

    ``format`` is known up front, except for a reply a fallback may speak (see
    :mod:`.fallback`): there it is final when the first chunk arrives, so read
    it then (a WAV header, Wyoming's ``audio-start``, go out with the first audio).

    Iterate it for chunks of PCM bytes. The stream ends normally only when the
    whole text was spoken; a failure of the engine or the service raises a
    :class:`~.errors.TtsError`, one of the caller's text stream its own exception.
    Closing it early (``aclose()`` or leaving ``async with``) cancels the
    remote task and frees its connection.
    """

    def __init__(self, audio_format: AudioFormat, chunks: AsyncGenerator[bytes, None]) -> None:
        """Wrap a provider's PCM iterator with the format it will produce."""
        self.format = audio_format
        self._chunks = chunks

    def __aiter__(self) -> Self:
        """Return the stream itself."""
        return self

    async def __anext__(self) -> bytes:
        """Return the next chunk of PCM."""
        return await anext(self._chunks)

    async def aclose(self) -> None:
        """Stop the synthesis and release its connection."""
        await self._chunks.aclose()

    async def read_all(self) -> bytes:
        """Collect the whole reply."""
        return b"".join([chunk async for chunk in self])

    async def __aenter__(self) -> Self:
        """Use the stream in ``async with``; it is closed on exit."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the stream."""
        await self.aclose()


class Paused(Enum):
    """Returned by :meth:`TextFeed.next` when no text arrived within the timeout."""

    PAUSED = auto()


PAUSED: Final = Paused.PAUSED


class TurnEnd(Enum):
    """Returned by a provider's message reader when the service ended the request."""

    END = auto()


TURN_END: Final = TurnEnd.END

Reading = bytes | None | Literal[TurnEnd.END]
"""What one message from a service amounts to: audio, nothing to pass on, or the end."""


class TextFeed:
    """Read a caller's text stream with timeouts that never cancel the caller.

    A timeout leaves the pending read in place, so the next call picks up the
    same chunk when it comes. Chunks can be pushed back to be read again.
    """

    def __init__(self, text: TextInput) -> None:
        """Accept a whole text or an async stream of chunks."""
        self._source: AsyncIterator[str] | None = None
        self._pushed_back: list[str] = []
        if isinstance(text, str):
            self._pushed_back.append(text)
        else:
            self._source = aiter(text)
        self._pending: asyncio.Future[str] | None = None

    @property
    def exhausted(self) -> bool:
        """Whether every chunk has been read."""
        return self._source is None and not self._pushed_back

    async def next(self, within: float | None = None) -> str | Literal[Paused.PAUSED] | None:
        """Return the next chunk, ``None`` at the end, or :data:`PAUSED` after ``within`` s."""
        if self._pushed_back:
            return self._pushed_back.pop()
        if self._source is None:
            return None
        if self._pending is None:
            self._pending = asyncio.ensure_future(anext(self._source))
        if not self._pending.done():
            done, _ = await asyncio.wait((self._pending,), timeout=within)
            if not done:
                return PAUSED
        pending, self._pending = self._pending, None
        try:
            return pending.result()
        except StopAsyncIteration:
            self._source = None
            return None

    def push_back(self, chunk: str) -> None:
        """Make ``chunk`` the next one :meth:`next` returns."""
        self._pushed_back.append(chunk)

    async def aclose(self) -> None:
        """Abandon the caller's stream (used when the reply ends early)."""
        if self._pending is not None:
            self._pending.cancel()
            await asyncio.gather(self._pending, return_exceptions=True)
            self._pending = None
        source, self._source = self._source, None
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            await aclose()
