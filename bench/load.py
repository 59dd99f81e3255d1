"""Items 1 and 4: what each path adds to the time to first audio, with one client and with many; CPU under load."""

from __future__ import annotations

from dataclasses import dataclass

from .config import TEXT, Config
from .drive import Run, drive
from .paths import VOICES, Opener
from .report import Row, Section, Target

VOICE = VOICES["CosyVoice"]
CROWD = 100
"""The concurrency of item 1's many-clients target."""


@dataclass(frozen=True)
class PathLoad:
    """One path's runs: one client in sequence, then each concurrency."""

    name: str
    one_client: Run
    levels: dict[int, Run]

    @property
    def crowd(self) -> int:
        """The concurrency judged against the many-clients target (the largest up to 100)."""
        return max((n for n in self.levels if n <= CROWD), default=min(self.levels))


async def measure(name: str, opener: Opener, endpoint: str, config: Config) -> PathLoad:
    """Run one client for ``config.requests`` replies, then every concurrency for ``config.rounds`` replies each."""
    delay = config.network.first_audio
    async with opener(endpoint) as path:
        one = await drive(path, TEXT, VOICE, clients=1, rounds=config.requests, first_audio_delay=delay)
        levels = {
            n: await drive(path, TEXT, VOICE, clients=n, rounds=config.rounds, first_audio_delay=delay)
            for n in config.concurrency
        }
    return PathLoad(name, one, levels)


def latency_section(naive: Run, floor: Run, loads: list[PathLoad]) -> Section:
    """Item 1: added latency through each path, against connect-per-request and the bare protocol."""
    section = Section(
        "1. Added latency to first audio",
        "Time from the request to the first PCM at the client, minus the fake's configured first-audio delay, "
        "for CosyVoice. One client sends its requests one after another (after one unmeasured warm-up reply); "
        "then a crowd of clients does (section 4 has every concurrency). Baseline: the engine with warm "
        "connections off (a connect-per-request client), one client, same run. For scale, the bare protocol: "
        "a minimal client on a socket opened ahead that only sends run-task, waits for task-started, sends the "
        "text and finish-task and reads the first frame — the round trips any client must wait for.",
    )
    base, bare = naive.added_ms, floor.added_ms
    section.rows += [
        Row("connect per request, 1 client: p50", base.p50, "ms"),
        Row("connect per request, 1 client: p99", base.p99, "ms"),
        Row("bare protocol, open socket, 1 client: p50", bare.p50, "ms", "connect per request", base.p50),
        Row("bare protocol, open socket, 1 client: p99", bare.p99, "ms", "connect per request", base.p99),
    ]
    for load in loads:
        one, crowd = load.one_client.added_ms, load.levels[load.crowd].added_ms
        section.rows += [
            Row(f"{load.name}, 1 client: p50", one.p50, "ms", "connect per request", base.p50),
            Row(f"{load.name}, 1 client: p99", one.p99, "ms", "connect per request", base.p99),
            Row(f"{load.name}, 1 client: p50 beyond the bare protocol", one.p50 - bare.p50, "ms", "bare", bare.p50),
            Row(f"{load.name}, {load.crowd} clients: p50", crowd.p50, "ms", "1 client", one.p50),
            Row(f"{load.name}, {load.crowd} clients: p99", crowd.p99, "ms", "1 client", one.p99),
        ]
        section.targets.append(
            Target(
                f"{load.name}: one client p50 ≤ 2 ms and p99 ≤ 10 ms",
                f"p50 {one.p50:.2f} ms, p99 {one.p99:.2f} ms",
                one.p50 <= 2 and one.p99 <= 10,
                f"The bare protocol alone, on a socket opened ahead, takes {bare.p50:.2f} ms at p50 in this run "
                "(loopback round trips: run-task, task-started, which the protocol requires before any text, then "
                f"the text and the fake's first frame); {load.name} adds {one.p50 - bare.p50:.2f} ms to it (its own "
                "work and, for a server, the client's connection per reply and the event framing). Fix: take the "
                "run-task round trip off the request's path by starting the next task ahead on the warm "
                "connection with the voice's parameters (text may not precede task-started); not done yet, "
                "as a started task left without text fails after the service's 23 s and must be restarted "
                "in time. On a real network that round trip is tens of milliseconds, so it is worth doing.",
            )
        )
        section.targets.append(
            Target(
                f"{load.name}: {load.crowd} concurrent clients p99 ≤ 30 ms",
                f"p99 {crowd.p99:.1f} ms (p50 {crowd.p50:.1f} ms)",
                crowd.p99 <= 30,
                "Under load the replies wait for one event loop each in the client, the system under test and "
                "the fake, which share the two cores; see the CPU in section 4.",
            )
        )
    return section


def throughput_section(loads: list[PathLoad]) -> Section:
    """Item 4: first-audio latency, CPU per hour of audio and errors at each concurrency."""
    section = Section(
        "4. Throughput and CPU",
        "Each of N clients asks for replies one after another (one warm-up reply, then the measured ones); "
        "the clients start spread over one reply's duration, as independent clients would, not in lockstep. "
        "CPU is the system under test's process only (user + system, psutil): this process for the engine "
        "and for Home Assistant (the fake cloud runs in its own), the server process for Wyoming. Home "
        "Assistant's shared HTTP session allows 100 connections per host, so its replies beyond 100 at once "
        "wait for a connection. The baseline of each number is "
        "the same path at concurrency 1.",
    )
    for load in loads:
        single = load.levels[min(load.levels)]
        for n, run in load.levels.items():
            base = "" if run is single else "×1"
            section.rows += [
                Row(f"{load.name} ×{n}: first audio p50", run.added_ms.p50, "ms", base, single.added_ms.p50),
                Row(f"{load.name} ×{n}: first audio p99", run.added_ms.p99, "ms", base, single.added_ms.p99),
                Row(
                    f"{load.name} ×{n}: CPU per audio hour",
                    run.cpu_per_audio_hour,
                    "s",
                    base,
                    single.cpu_per_audio_hour,
                ),
                Row(f"{load.name} ×{n}: CPU", run.cores, "cores", base, single.cores),
                Row(f"{load.name} ×{n}: errors", run.errors, ""),
            ]
        top = max(load.levels)
        run = load.levels[top]
        section.targets.append(
            Target(
                f"{load.name}: {top} concurrent streams with no errors and CPU under one core",
                f"{run.errors} errors in {len(run.replies)} replies, {run.cores:.2f} cores",
                run.errors == 0 and run.cores < 1,
                "Errors: see the log of the path; CPU: profile the reply loop (JSON decoding of the service's events "
                "is the largest share).",
            )
        )
    return section
