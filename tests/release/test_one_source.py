"""The version and the repository's address are written once, in pyproject.toml; every copy agrees with it."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

import cloud_tts_engine
from wyoming_server.server import PROJECT

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION, URL = PYPROJECT["version"], PYPROJECT["urls"]["Homepage"]
MANIFEST = json.loads((ROOT / "custom_components" / "cloud_tts" / "manifest.json").read_text(encoding="utf-8"))
ADDON = yaml.safe_load((ROOT / "addon" / "cloud_tts" / "config.yaml").read_text(encoding="utf-8"))


def _label(path: Path, name: str) -> str:
    found = re.search(rf'{re.escape(name)}="?([^"\s]+)"?', path.read_text(encoding="utf-8"))
    assert found, f"{path.name} has no {name}"
    return found.group(1)


def test_every_copy_of_the_version_agrees() -> None:
    copies = {
        "engine": cloud_tts_engine.__version__,
        "manifest.json": MANIFEST["version"],
        "add-on config.yaml": ADDON["version"],
        "Dockerfile label": _label(ROOT / "Dockerfile", "org.opencontainers.image.version"),
    }
    assert copies == dict.fromkeys(copies, VERSION)


def test_every_copy_of_the_repository_address_agrees() -> None:
    build = yaml.safe_load((ROOT / "addon" / "cloud_tts" / "build.yaml").read_text(encoding="utf-8"))
    copies = {
        "manifest.json documentation": MANIFEST["documentation"],
        "add-on config.yaml": ADDON["url"],
        "repository.yaml": yaml.safe_load((ROOT / "repository.yaml").read_text(encoding="utf-8"))["url"],
        "add-on build.yaml label": build["labels"]["org.opencontainers.image.source"],
        "Dockerfile label": _label(ROOT / "Dockerfile", "org.opencontainers.image.source"),
        "the server's attribution": PROJECT.url,
    }
    assert copies == dict.fromkeys(copies, URL)
    assert MANIFEST["issue_tracker"] == PYPROJECT["urls"]["Issues"] == f"{URL}/issues"


def test_every_address_in_the_docs_is_the_repositorys() -> None:
    owner_repo = URL.removeprefix("https://github.com/")
    for doc in ("README.md", "README.zh-Hans.md", "addon/cloud_tts/DOCS.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        for found in re.findall(r"https://github\.com/([\w-]+/[\w-]+)", text):
            assert found == owner_repo, f"{doc} names github.com/{found}"


def test_the_changelogs_have_the_versions_entry() -> None:
    for changelog in (ROOT / "CHANGELOG.md", ROOT / "addon" / "cloud_tts" / "CHANGELOG.md"):
        headings = re.findall(r"^## \[?(\d+\.\d+\.\d+)", changelog.read_text(encoding="utf-8"), re.MULTILINE)
        assert headings and headings[0] == VERSION, f"{changelog.relative_to(ROOT)}: {headings[:1]}"
