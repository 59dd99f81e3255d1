"""The English and the Simplified Chinese README are kept in step: the same commands, options and variables."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = (ROOT / "README.md").read_text(encoding="utf-8")
CHINESE = (ROOT / "README.zh-Hans.md").read_text(encoding="utf-8")


def _options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]+", text))


def _variables(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", text))


def _commands(text: str) -> list[str]:
    """The lines of the shell blocks, without their comments (those may be translated)."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [line.split("   #")[0].rstrip() for block in blocks for line in block.splitlines()]


@pytest.mark.parametrize("names", [_options, _variables, _commands])
def test_both_readmes_name_the_same(names: Callable[[str], Collection[str]]) -> None:
    english, chinese = set(names(ENGLISH)), set(names(CHINESE))
    assert english == chinese, f"only in English: {english - chinese}; only in Chinese: {chinese - english}"


def test_both_readmes_have_install_troubleshooting_and_the_screenshots() -> None:
    for text, install, troubleshooting in (
        (ENGLISH, "## Install", "## Troubleshooting"),
        (CHINESE, "## 安装", "## 故障排查"),
    ):
        assert install in text and troubleshooting in text
        shown = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", text)
        assert shown and all((ROOT / path).is_file() for path in shown), shown
    assert "](README.zh-Hans.md)" in ENGLISH and "](README.md)" in CHINESE
    for path in ("pip install cloud-tts", "docker compose up -d", "repository", "HACS"):
        assert path in ENGLISH and path in CHINESE, path
