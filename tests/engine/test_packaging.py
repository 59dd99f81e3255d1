"""The engine stands alone: it never pulls in Home Assistant or Wyoming."""

from __future__ import annotations

import subprocess
import sys


def test_the_engine_imports_neither_home_assistant_nor_wyoming() -> None:
    probe = (
        "import sys, cloud_tts_engine, cloud_tts_engine.__main__;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('homeassistant', 'wyoming'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_command_line_lists_voices() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cloud_tts_engine", "voices", "--region", "ap-southeast-1"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["cosyvoice-v3-flash", "longanyang"] in [row[:2] for row in rows]
    assert not any(row[0] == "cosyvoice-v2" for row in rows)
