"""Item 5: the Wyoming server's resident memory — idle, per active stream, over many sequential requests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from .config import TEXT, Config
from .drive import peak_rss
from .paths import VOICES, wyoming
from .processes import usage
from .report import Row, Section, Target

VOICE = VOICES["CosyVoice"]
LONG_TEXT = TEXT * 8
"""Long enough that every stream is still speaking while the memory is sampled."""
MB = 1024 * 1024
SETTLE = 1.0
"""Seconds left for the server to finish its start-up work before the idle sample."""


@dataclass(frozen=True)
class Memory:
    """What the measurements found (bytes)."""

    idle: int
    active_peak: int
    streams: int
    sequential: list[tuple[int, int]]
    """(requests done, RSS) samples over the sequential run."""

    @property
    def per_stream(self) -> float:
        """Memory each active stream added."""
        return (self.active_peak - self.idle) / self.streams

    @property
    def growth(self) -> int:
        """RSS at the end of the sequential run minus after its first sample (the warm-up)."""
        return self.sequential[-1][1] - self.sequential[0][1]


async def measure(endpoint: str, fast_endpoint: str, config: Config) -> Memory:
    """Idle and per-stream memory against the paced fake; the sequential run against the fast one."""
    async with wyoming.open_path(endpoint) as path:
        await asyncio.sleep(SETTLE)
        idle = usage(path.pid).rss
        streams = asyncio.gather(*(path.reply(LONG_TEXT, VOICE) for _ in range(config.memory_streams)))
        peak = await peak_rss(path.pid, streams)
        await streams
    samples: list[tuple[int, int]] = []
    every = max(1, config.memory_requests // 20)
    async with wyoming.open_path(fast_endpoint) as path:
        for done in range(1, config.memory_requests + 1):
            await path.reply(TEXT, VOICE)
            if done % every == 0:
                samples.append((done, usage(path.pid).rss))
    return Memory(idle, peak, config.memory_streams, samples)


def section(memory: Memory) -> Section:
    """Item 5's numbers and targets."""
    requests, final = memory.sequential[-1]
    first_done, first = memory.sequential[0]
    out = Section(
        "5. Memory",
        "Resident memory (RSS) of the Wyoming server process: idle after start-up (credentials checked, one "
        f"connection warm); the peak while {memory.streams} long replies stream at once, less idle, per stream; "
        f"and every {first_done} of {requests} sequential requests (fake with no delays), the first sample "
        "(after warm-up) being the baseline of the last.",
    )
    out.rows += [
        Row("idle", memory.idle / MB, "MB"),
        Row(f"{memory.streams} active streams (peak)", memory.active_peak / MB, "MB", "idle", memory.idle / MB),
        Row("per active stream", memory.per_stream / 1024, "KB"),
        Row(f"after {first_done} requests", first / MB, "MB"),
        Row(f"after {requests} requests", final / MB, "MB", f"after {first_done}", first / MB),
    ]
    out.targets += [
        Target("idle RSS ≤ 60 MB", f"{memory.idle / MB:.1f} MB", memory.idle <= 60 * MB),
        Target(
            "≤ 200 KB more per active stream",
            f"{memory.per_stream / 1024:.0f} KB",
            memory.per_stream <= 200 * 1024,
        ),
        Target(
            f"no growth over {requests} sequential requests",
            f"{memory.growth / MB:+.2f} MB from request {first_done} to {requests}",
            memory.growth <= MB,
            "Growth beyond 1 MB (allocator noise) means something is kept per request.",
        ),
    ]
    return out
