"""BENCHMARKS.md: how the run was made, on what, its numbers against their baselines, targets met or missed."""

from __future__ import annotations

from collections.abc import Iterable

from .config import Config
from .report import Section

COMMAND = ".venv/bin/python -m bench"


def document(
    sections: Iterable[Section], config: Config, machine: list[str], when: str, plots: str, *, only: str | None = None
) -> str:
    """The whole file; ``plots`` is the PNGs' folder relative to it; ``only``: the one section run (``--only``)."""
    sections = list(sections)
    network = config.network
    pace = "as fast as possible" if network.pace is None else f"{network.pace:g}× real time"
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{COMMAND}{'' if only is None else f' --only {only}'}` on {when} "
        + (
            "(full run, a few minutes; `--smoke` is the seconds-long check CI runs, `--help` lists the sizes)."
            if only is None
            else "(that section alone; the full run writes every section)."
        )
        + " Every number is shown with its ratio to a baseline measured in the same run.",
        "",
        "## Method",
        "",
        "- The system under test talks to the protocol-faithful fake Model Studio (`tests/fakes`), run in its own "
        "process so that its CPU is not counted, with simulated network costs: a "
        f"{network.handshake * 1000:.0f} ms handshake (TCP + TLS + upgrade) on every new connection, a "
        f"{network.first_audio * 1000:.0f} ms first-audio delay per task, audio paced at {pace}.",
        "- *Added latency* is the time from the request to the first PCM at the client minus the fake's "
        "configured first-audio delay: what the client, the engine and the connection cost.",
        "- Paths: (a) the engine in this process; (b) the Wyoming server as its own process "
        "(`python -m wyoming_server`), asked by the real `wyoming` client, one connection per reply as Home "
        "Assistant does; (c) the integration's TTS entity in a real Home Assistant in this process (set up "
        "as its tests do, one account of the fake with a voice entity per family), each reply its voice "
        "entity's `async_stream_tts_audio` stream, timed to the first PCM after the WAV header.",
        "- CPU and memory are the system under test's process only (psutil: user + system CPU, RSS).",
        "- Section 7's harness, and what its yardstick's excess was: one reply of the bare protocol client was "
        "timed end to end (client, proxy and fake each stamping CLOCK_MONOTONIC when it sent, read and delivered "
        "every chunk). Not Nagle (asyncio and aiohttp set TCP_NODELAY on every socket there), not the fake's "
        "first-audio delay (it counts from its worker taking up the first sentence, 0.1–0.5 ms after the text "
        "arrived, and the measurement subtracts the same configured delay), not a pacing of the first frame (the "
        "fake paces after each frame), not the proxy's per-connection `not_before` (past on a warm socket) nor its "
        "drain (never waited in the traces), and not timer resolution (the loop's timer woke 0.1 ms late, a "
        "timerfd 0.07 ms). The time went to the ten process wake-ups of a reply's critical path (client → proxy "
        "→ fake → proxy → client, twice), each 0.1–0.4 ms on a quiet machine and 0.3–1.5 ms with the other "
        "cores busy, plus the fake's own 300 ms sleep waking 0.3–1.5 ms late and the client's reading of the "
        "first frame: 5–13 ms in all, whatever the round trip (0.5 round trip at 10 ms, 0.05 at 150 ms). The "
        "earlier 2.49, 0.41 and 0.35 round trips were that and a loaded machine (the same run's one-client "
        "loopback p50 was 21.6 ms against about 2 ms on a quiet one; three runs minutes apart on a loaded "
        "machine here gave medians of 6, 11 and 20 ms at 40 ms). The harness now serves each fake inside its "
        "proxy's process (four of the ten wake-ups gone: 2.6 and 3.9 ms off the median at 40 and 150 ms in an "
        "interleaved comparison) and wakes the proxy with a timerfd; what remains is the machine's and the "
        "fake's, carried by every row alike, so a path's own cost is its row minus the yardstick's. The machine is "
        "a virtual one whose idle cores halt (cpuidle `haltpoll`): a loopback ping-pong between two processes "
        "takes 13–100 µs back to back, 0.3 ms after 40 ms idle and about 1 ms after 300 ms idle, so the longer "
        "a reply waits (its round trips, the fake's first-audio delay), the more each wake-up costs.",
        f"- Sizes: {config.requests} sequential requests per path; concurrency "
        f"{', '.join(map(str, config.concurrency))} with {config.rounds} measured replies per client; "
        f"{config.warm_requests} cold and warm requests per family; {config.memory_requests} sequential "
        "requests for memory.",
        "",
        "## Machine",
        "",
        *(f"- {line}" for line in machine),
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        *(f"| {t.goal} | {t.measured} | {'met' if t.met else '**missed**'} |" for s in sections for t in s.targets),
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", "", section.method, "", "| measure | value | baseline (same run) | ratio |"]
        lines.append("|---|---:|---|---:|")
        lines += ["| " + " | ".join(row.cells()) + " |" for row in section.rows]
        lines.append("")
        for target in section.targets:
            verdict = "met" if target.met else "**missed**"
            lines.append(f"- {verdict}: {target.goal} — {target.measured}.")
            if not target.met and target.why:
                lines.append(f"  Why, and the fix: {target.why}")
        lines += [*(f"- {note}" for note in section.notes), ""]
        lines += [*(f"![{name}]({plots}/{name})" for name in section.plots), ""] if section.plots else []
    return "\n".join(lines).rstrip() + "\n"
