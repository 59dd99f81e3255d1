"""Benchmarks: time to first audio, streaming, warm connections, concurrency and memory, beside the official SDK.

``python -m bench`` runs everything against the fake cloud (its own process,
with simulated network costs), prints a table per benchmark and writes
``BENCHMARKS.md`` and PNG plots. ``--smoke`` is a seconds-long run that only
checks the harness works.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from . import floor, load, markdown, memory, network, plots, side_by_side, streaming, warm
from .config import FAST, FULL, SMOKE, TEXT, Config
from .drive import drive
from .machine import describe
from .paths import PATHS, engine
from .processes import ROOT, fake_cloud
from .report import Section, table

PLOTS = Path("bench/results")


async def run(config: Config, out: Path, *, only: str | None = None) -> list[Section]:
    """Run every benchmark (``only="network"``: section 7 alone), print its table, write ``out``/BENCHMARKS.md and
    the plots; return the sections."""
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    if only == "network":
        sections = [network.section(await network.measure(config), config)]
    else:
        sections = await _every_section(config, out / PLOTS)
    for section in sections:
        print(table(section), end="\n\n")
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {time.monotonic() - started:.0f} s"
    machine = [
        *describe(),
        f"Load average (1 min) at the run's start and end: {load_before:.2f}, {os.getloadavg()[0]:.2f}",
    ]
    text = markdown.document(sections, config, machine, when, PLOTS.as_posix(), only=only)
    (out / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(f"wrote {out / 'BENCHMARKS.md'}" + ("" if only else f" and {out / PLOTS}/*.png"))
    return sections


async def _every_section(config: Config, directory: Path) -> list[Section]:
    """Sections 1 to 7, with their plots drawn into ``directory``."""
    delay = config.network.first_audio
    async with fake_cloud(config.network) as fake, fake_cloud(FAST) as fast:
        url = fake.address
        async with engine.open_path(url, warm=False) as naive_path:
            naive = await drive(
                naive_path, TEXT, load.VOICE, clients=1, rounds=config.requests, first_audio_delay=delay
            )
        async with floor.open_path(url) as bare:  # opened now: the fake closes a socket idle for 60 s
            bare_run = await drive(bare, TEXT, load.VOICE, clients=1, rounds=config.requests, first_audio_delay=delay)
        loads = [await load.measure(name, opener, url, config) for name, opener in PATHS.items()]
        warm_results = await warm.measure(url, config)
        streamed = await streaming.measure(url, config)
        memory_result = await memory.measure(url, fast.address, config)
        sides = await side_by_side.measure(url, config)
    far = await network.measure(config)
    sections = [
        load.latency_section(naive, bare_run, loads),
        warm.section(warm_results, config.network.handshake),
        streaming.section(streamed),
        load.throughput_section(loads),
        memory.section(memory_result),
        side_by_side.section(sides, config.sdk_concurrency),
        network.section(far, config),
    ]
    sections[3].plots = plots.concurrency(loads, directory)
    sections[4].plots = plots.memory(memory_result, directory)
    sections[5].plots = plots.side_by_side(sides, directory)
    return sections


def main() -> None:
    """Parse the sizes and run."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (written to a temporary folder)")
    parser.add_argument("--out", type=Path, help="where BENCHMARKS.md and bench/results/*.png go (default: the repo)")
    parser.add_argument(
        "--only",
        choices=["network"],
        help="section 7 alone (its BENCHMARKS.md goes to a temporary folder unless --out is given)",
    )
    parser.add_argument("--requests", type=int, help=f"sequential requests per path (default {FULL.requests})")
    parser.add_argument("--concurrency", type=int, nargs="+", help=f"default {' '.join(map(str, FULL.concurrency))}")
    parser.add_argument("--rounds", type=int, help=f"measured replies per client under load (default {FULL.rounds})")
    parser.add_argument("--memory-requests", type=int, help=f"default {FULL.memory_requests}")
    parser.add_argument("--handshake", type=float, help=f"seconds (default {FULL.network.handshake})")
    parser.add_argument("--first-audio", type=float, help=f"seconds (default {FULL.network.first_audio})")
    parser.add_argument("--pace", type=float, help=f"multiple of real time (default {FULL.network.pace})")
    args = parser.parse_args()
    config = SMOKE if args.smoke else FULL
    sizes = {
        name: value for name in ("requests", "rounds", "memory_requests") if (value := getattr(args, name)) is not None
    }
    if args.concurrency:
        sizes["concurrency"] = tuple(args.concurrency)
    costs = {name: value for name in ("handshake", "first_audio", "pace") if (value := getattr(args, name)) is not None}
    config = replace(config, network=replace(config.network, **costs), **sizes)
    out = args.out or (Path(tempfile.mkdtemp(prefix="bench-")) if args.smoke or args.only else ROOT)
    asyncio.run(run(config, out, only=args.only))


if __name__ == "__main__":
    main()
