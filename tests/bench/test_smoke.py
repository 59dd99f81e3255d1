"""The benchmark harness runs end to end (a seconds-long smoke run; no timing is asserted)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bench.__main__ import run
from bench.config import SMOKE

CASES = ("cold", "warm whole text", "streamed")
SECTIONS = ("1. Added", "2. Warm", "3. Streaming", "4. Throughput", "5. Memory", "6. Side by side", "7. On a real")


@pytest.mark.timeout(180)
async def test_the_smoke_run_prints_its_tables_and_writes_the_report_and_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sections = await run(SMOKE, tmp_path)
    for thread in threading.enumerate():  # the SDK's WebSocket threads see a close within their 10 s select
        if "run_forever" in thread.name:
            thread.join(15)

    printed = capsys.readouterr().out
    assert [section.title[: len(prefix)] for section, prefix in zip(sections, SECTIONS, strict=True)] == list(SECTIONS)
    for section in sections:
        assert section.rows and section.targets
        assert f"== {section.title}" in printed
    rows = {row.label: row for section in sections for row in section.rows}
    paths = ("engine", "wyoming", "home assistant")
    assert {f"{path}, 1 client: p50" for path in paths} <= set(rows)
    assert "CosyVoice, official SDK: added p50" in rows
    assert all(row.value == 0 for label, row in rows.items() if label.endswith("errors"))
    assert rows["engine, 1 client: p50"].baseline == "connect per request"
    behind_the_proxy = {label.split(", ", 1)[1].removesuffix(": p50") for label in rows if label.startswith("10 ms")}
    huawei = {f"engine, Huawei {family} TTS, {case}" for family in ("streaming", "real-time") for case in CASES}
    huawei |= {
        f"{path}, Huawei {family} TTS, {case}"
        for path in paths[1:]
        for family in ("streaming", "real-time")
        for case in CASES[1:]
    }
    peers = {f"LiveKit plugin, CosyVoice, {case}" for case in CASES[1:]} | {"bare protocol, CosyVoice, warm whole text"}
    peers |= {f"wyoming-openai, OpenAI-compatible speech, {case}" for case in CASES[1:]}
    assert huawei | peers <= behind_the_proxy
    costs = {label.split(": ")[-1] for label in rows if label.startswith("10 ms, wyoming")}
    assert {"CPU per reply", "peak RSS"} <= costs

    report = (tmp_path / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert all(f"## {section.title}" in report for section in sections)
    plots = sorted(path.name for path in (tmp_path / "bench" / "results").iterdir())
    assert plots == ["concurrency.png", "memory.png", "side-by-side.png"]
    assert all(f"(bench/results/{name})" in report for name in plots)
