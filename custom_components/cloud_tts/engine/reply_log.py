"""Debug lines of one reply's lifecycle, each with the reply's short id.

A reply logs when it begins, each task (or piece) it starts and on which
connection, its first audio, each task's end and what became of the
connection, and how it ended: done, stopped by the caller, or failed (with
the error's class and message). Nothing is logged per audio chunk, and
neither the text nor a credential ever is.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing

from .provider import Request
from .stream import TextInput


class ReplyLog:
    """The debug lines of one reply, written to the logger of the flow that speaks it."""

    def __init__(self, logger: logging.Logger, request: Request, text: TextInput) -> None:
        """Log that the reply with ``request`` begins; its clock starts now."""
        self.id = uuid.uuid4().hex[:6]
        self._logger = logger
        self._format = request.audio_format
        self._began = time.monotonic()
        self._bytes = 0
        self._tasks = 0
        text_kind = f"a text of {len(text)} characters" if isinstance(text, str) else "streamed text"
        self._debug("%s at %d Hz, %s", request.model, self._format.rate, text_kind)

    def left_out_hint(self, language: str) -> None:
        """Log that the caller's language hint was not sent: the text is plainly in another language."""
        self._debug("language hint %s left out: the text is not in it", language)

    def task_started(self, task: str, *, reused: bool, since: float) -> None:
        """Log that ``task`` (e.g. ``task 5f0c…``) started; ``since`` is when it asked for a connection."""
        self._tasks += 1
        connection = "a warm connection" if reused else "a new connection"
        self._debug("%s started on %s in %.0f ms", task, connection, _ms_since(since))

    def task_ended(self, task: str, *, kept: bool) -> None:
        """Log that ``task`` is over and whether its connection is kept for reuse or closed."""
        self._debug("%s over; connection %s", task, "kept for reuse" if kept else "closed")

    async def track(self, audio: AsyncGenerator[bytes, None]) -> AsyncGenerator[bytes, None]:
        """Pass the reply's ``audio`` on; log its first audio and how it ended (the error passes on)."""
        try:
            async with aclosing(audio):
                async for chunk in audio:
                    if chunk and not self._bytes:
                        self._debug("first audio after %.0f ms", _ms_since(self._began))
                    self._bytes += len(chunk)
                    yield chunk
        except (GeneratorExit, asyncio.CancelledError):
            self._debug("stopped by the caller after %.0f ms%s", _ms_since(self._began), self._spoken())
            raise
        except Exception as err:
            name = type(err).__name__
            self._debug("failed after %.0f ms%s: %s: %s", _ms_since(self._began), self._spoken(), name, err)
            raise
        self._debug("done after %.0f ms%s", _ms_since(self._began), self._spoken())

    def _spoken(self) -> str:
        seconds = self._bytes / self._format.bytes_per_second
        return f", {self._bytes} bytes ({seconds:.2f} s of audio) in {self._tasks} task(s)"

    def _debug(self, message: str, *args: object) -> None:
        self._logger.debug("Reply %s: " + message, self.id, *args)


def _ms_since(moment: float) -> float:
    return (time.monotonic() - moment) * 1000
