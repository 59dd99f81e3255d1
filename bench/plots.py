"""PNG plots of a run (matplotlib figures drawn straight to files, no display)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from .load import PathLoad
from .memory import MB, Memory
from .side_by_side import Side


def concurrency(loads: list[PathLoad], directory: Path) -> list[str]:
    """First-audio latency and CPU per audio hour against concurrency, one line per path."""
    figure = Figure(figsize=(11, 4))
    latency, cpu = figure.subplots(1, 2)
    for load in loads:
        levels = sorted(load.levels)
        [line] = latency.plot(levels, [load.levels[n].added_ms.p50 for n in levels], "o-", label=f"{load.name} p50")
        color = line.get_color()
        latency.plot(
            levels, [load.levels[n].added_ms.p99 for n in levels], "o--", color=color, label=f"{load.name} p99"
        )
        cpu.plot(levels, [load.levels[n].cpu_per_audio_hour for n in levels], "o-", color=color, label=load.name)
    latency.set(xscale="log", yscale="log", xlabel="concurrent clients", ylabel="added first-audio latency (ms)")
    latency.axhline(30, color="grey", linestyle=":", label="target p99 at 100")
    cpu.set(xscale="log", xlabel="concurrent clients", ylabel="CPU seconds per hour of audio")
    for axes in (latency, cpu):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize="small")
    return [_save(figure, directory / "concurrency.png")]


def memory(result: Memory, directory: Path) -> list[str]:
    """The server's RSS over the sequential requests."""
    figure = Figure(figsize=(6, 4))
    axes = figure.subplots()
    done, rss = zip(*result.sequential, strict=True)
    axes.plot(done, [value / MB for value in rss], "o-")
    axes.set(xlabel="sequential requests", ylabel="server RSS (MB)", ylim=(0, max(rss) / MB * 1.2))
    axes.grid(True, alpha=0.3)
    return [_save(figure, directory / "memory.png")]


def side_by_side(results: dict[str, dict[str, Side]], directory: Path) -> list[str]:
    """Added latency and CPU per stream of each client, per family."""
    figure = Figure(figsize=(11, 4))
    latency, cpu = figure.subplots(1, 2)
    families = list(results)
    clients = list(next(iter(results.values())))
    width = 0.8 / len(clients)
    for index, client in enumerate(clients):
        offsets = [position + index * width for position in range(len(families))]
        latency.bar(offsets, [results[f][client].added.p50 for f in families], width, label=client)
        cpu.bar(offsets, [results[f][client].cpu_per_stream * 1000 for f in families], width, label=client)
    for axes, label in ((latency, "added first-audio latency p50 (ms)"), (cpu, "CPU per stream (ms)")):
        axes.set_xticks([position + width * (len(clients) - 1) / 2 for position in range(len(families))], families)
        axes.set_ylabel(label)
        axes.legend(fontsize="small")
        axes.grid(True, axis="y", alpha=0.3)
    return [_save(figure, directory / "side-by-side.png")]


def _save(figure: Figure, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    return path.name
