"""The benchmark harness runs (a seconds-long smoke run; no timing is asserted)."""

from __future__ import annotations

import pytest

from bench.__main__ import run


async def test_benchmark_smoke_run(capsys: pytest.CaptureFixture[str]) -> None:
    await run(requests=2, handshake=0.01, first_audio=0.01, pace=100.0)
    report = capsys.readouterr().out
    assert report.count("opened ahead (engine)") == 3  # CosyVoice, Qwen-TTS realtime, Sambert
    assert "connect per request" in report
