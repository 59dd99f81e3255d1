"""The browser walk (tests/ui/walk.py) in English and in Chinese, as part of the suite and of CI.

Its screenshots go to a temporary folder; ``script/ui-test`` refreshes the README's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .walk import CHROMIUM, ROOT

WALK_SECONDS = 540
"""A walk takes under a minute alone; this leaves room for a loaded machine."""

INSTALL = "script/install-browser, or: sudo apt-get install chromium chromium-driver fonts-noto-cjk"


def _require_chromium() -> None:
    """Fail in CI without Debian's Chromium (.ci/run installs it); elsewhere skip, saying how to install it."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: {INSTALL}")
    pytest.skip(f"the browser walk needs Debian's Chromium and a CJK font: {INSTALL}")


@pytest.mark.timeout(WALK_SECONDS + 30)
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_walk(language: str, tmp_path: Path) -> None:
    """A person adds both accounts, adds, changes and removes voices, meets a failed reply and its repair issue."""
    _require_chromium()
    walk = subprocess.run(
        [sys.executable, "-m", "tests.ui.walk", "--language", language, "--screenshots", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=WALK_SECONDS,
        check=False,
    )
    assert walk.returncode == 0, f"the walk stopped (screenshot and hass log in {tmp_path}):\n{walk.stderr[-6000:]}"
