"""The words a person reads in the walk: Home Assistant's frontend strings and the integration's own, per language."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import hass_frontend

from cloud_tts_engine.registry import clouds

ROOT = Path(__file__).parents[2]
TRANSLATIONS = ROOT / "custom_components" / "cloud_tts" / "translations"
FRONTEND_TRANSLATIONS = Path(hass_frontend.__file__).parent / "static" / "translations"


def _flat(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in tree.items():
        if isinstance(value, Mapping):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


class Strings:
    """The frontend's strings (``ui(key)``) and the integration's (``ours(key)``) in ``language``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.frontend: dict[str, str] = {}
        for folder in (FRONTEND_TRANSLATIONS, FRONTEND_TRANSLATIONS / "config"):
            (file,) = (f for f in folder.iterdir() if re.fullmatch(rf"{language}-[0-9a-f]+\.json", f.name))
            self.frontend |= json.loads(file.read_text())
        self.own = dict(_flat(json.loads((TRANSLATIONS / f"{language}.json").read_text())))

    def ui(self, key: str) -> str:
        """Return the frontend's string ``key`` (``ui.common.submit``)."""
        return self.frontend[key]

    def ours(self, key: str, **placeholders: str) -> str:
        """Return the integration's string ``key`` (``config.step.user.title``) with ``placeholders`` filled in."""
        text = self.own[key]
        for name, value in placeholders.items():
            text = text.replace(f"{{{name}}}", value)
        return text


def raw_ids() -> frozenset[str]:
    """Every model and voice ID of the registered clouds that is not also the name a person reads."""
    ids: set[str] = set()
    for cloud in clouds():
        ids.update(cloud.catalog.models)
        for voices in cloud.catalog.voices.values():
            ids.update(voice.id for voice in voices.values() if voice.id not in voice.name)
    return frozenset(ids)


def english_left_over() -> frozenset[str]:
    """English phrases of the integration that its Chinese translation replaces (none may show in Chinese)."""
    english = dict(_flat(json.loads((TRANSLATIONS / "en.json").read_text())))
    chinese = dict(_flat(json.loads((TRANSLATIONS / "zh-Hans.json").read_text())))
    phrases: set[str] = set()
    for key, text in english.items():
        if chinese.get(key, text) == text:
            continue
        pieces = (piece.strip(" .,:;()") for piece in re.split(r"\{[a-z_]+\}|\n", text))
        phrases.update(piece for piece in pieces if len(piece) >= 12 and " " in piece)
    for cloud in clouds():
        for voices in cloud.catalog.voices.values():
            phrases.update(voice.name for voice in voices.values() if voice.local_name and " (" in voice.name)
    return frozenset(phrases)
