"""Clients that ask a path for replies, one after another or many at once, and what it cost the path."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from .paths import Path, Reply
from .processes import usage
from .stats import Spread


@dataclass(frozen=True)
class Run:
    """The measured replies of a run and the system under test's CPU during them."""

    replies: list[Reply]
    cpu: float
    """CPU seconds the path's process used while the measured replies ran."""
    wall: float
    """Seconds the measured replies took, start to end."""
    first_audio_delay: float
    """The fake's own first-audio delay, subtracted to get what the path added."""

    @property
    def added_ms(self) -> Spread:
        """Added latency to first audio, in milliseconds, over the replies that had audio."""
        return added_ms(self.replies, self.first_audio_delay)

    @property
    def errors(self) -> int:
        """Replies that failed."""
        return sum(reply.error is not None for reply in self.replies)

    @property
    def audio_seconds(self) -> float:
        """Audio delivered to the clients."""
        return sum(reply.audio_seconds for reply in self.replies)

    @property
    def cores(self) -> float:
        """CPU used, in cores (CPU seconds per second)."""
        return self.cpu / self.wall if self.wall else float("nan")

    @property
    def cpu_per_audio_hour(self) -> float:
        """CPU seconds per hour of audio delivered."""
        return self.cpu / self.audio_seconds * 3600 if self.audio_seconds else float("nan")


def added_ms(replies: list[Reply], first_audio_delay: float) -> Spread:
    """Milliseconds from request to first PCM beyond the fake's own ``first_audio_delay``, over replies with audio."""
    return Spread.of([reply.first_audio - first_audio_delay for reply in replies if reply.error is None]).scaled(1000)


async def drive(path: Path, text: str, voice: str, *, clients: int, rounds: int, first_audio_delay: float) -> Run:
    """``clients`` clients each ask for one unmeasured reply (warming up), then ``rounds`` measured ones.

    The measured clients start spread over one reply's duration, as independent clients would, not in
    lockstep.
    """
    started = time.perf_counter()
    await asyncio.gather(*(path.reply(text, voice) for _ in range(clients)))
    spread = time.perf_counter() - started
    before, started = usage(path.pid).cpu, time.perf_counter()
    measured = await asyncio.gather(
        *(_client(path, text, voice, rounds, after=index * spread / clients) for index in range(clients))
    )
    wall, spent = time.perf_counter() - started, usage(path.pid).cpu - before
    return Run([reply for replies in measured for reply in replies], spent, wall, first_audio_delay)


async def _client(path: Path, text: str, voice: str, rounds: int, *, after: float) -> list[Reply]:
    await asyncio.sleep(after)
    return [await path.reply(text, voice) for _ in range(rounds)]


async def peak_rss(pid: int, until: asyncio.Future[Any], every: float = 0.02) -> int:
    """The highest resident memory of ``pid`` seen until ``until`` is done."""
    highest = 0
    while not until.done():
        highest = max(highest, usage(pid).rss)
        await asyncio.sleep(every)
    return highest
