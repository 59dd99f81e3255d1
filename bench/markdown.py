"""BENCHMARKS.md: how the run was made, on what, its numbers against their baselines, targets met or missed."""

from __future__ import annotations

from collections.abc import Iterable

from .config import Config
from .report import Section

COMMAND = ".venv/bin/python -m bench"


def document(sections: Iterable[Section], config: Config, machine: list[str], when: str, plots: str) -> str:
    """The whole file; ``plots`` is the PNGs' folder relative to it."""
    sections = list(sections)
    network = config.network
    pace = "as fast as possible" if network.pace is None else f"{network.pace:g}× real time"
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{COMMAND}` on {when} (full run, a few minutes; `--smoke` is the seconds-long check CI runs, "
        "`--help` lists the sizes). Every number is shown with its ratio to a baseline measured in the same run.",
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
        "as its tests do, one account of the fake with one voice), each reply its `async_stream_tts_audio` "
        "stream, timed to the first PCM after the WAV header.",
        "- CPU and memory are the system under test's process only (psutil: user + system CPU, RSS).",
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
