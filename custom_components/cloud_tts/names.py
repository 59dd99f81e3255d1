"""Names a person reads, in the language Home Assistant speaks where the catalog has it."""

from __future__ import annotations

from collections.abc import Collection

from .engine import Model, Voice


def in_chinese(language: str) -> bool:
    """Tell whether Home Assistant's language (``hass.config.language``) is a Chinese one."""
    return language.lower().startswith("zh")


def voice_name(voice: Voice | None, voice_id: str, language: str) -> str:
    """Return a voice's own short name: "Long Anyang" or "龙安洋"; a cloned voice is its ID."""
    if voice is None:
        return voice_id
    if in_chinese(language) and voice.local_name:
        return voice.local_name
    return voice.name.split(" (", 1)[0]


def unique_name(name: str, qualifier: str | None, taken: Collection[str]) -> str:
    """Return ``name``, or where another has it, ``name · qualifier``, or else a numbered name."""
    qualified = [f"{name} · {qualifier}"] if qualifier else []
    candidates = [name, *qualified, *(f"{name} ({n})" for n in range(2, len(taken) + 3))]
    return next(candidate for candidate in candidates if candidate not in taken)


def described_voice(voice: Voice, language: str) -> str:
    """Return a voice's name and what it is like: "Long Anyang (sunny young man)", "龙安洋（阳光青年男声）"."""
    if in_chinese(language) and voice.local_name:
        described = voice.local_description
        return f"{voice.local_name}（{described}）" if described else voice.local_name
    return voice.name


def voice_label(voice: Voice, model: Model, language: str) -> str:
    """Return a voice's label in the voice menu: its name, what it is like, whether it takes instructions.

    "Long Anyang (sunny young man) · takes instructions", or in Chinese "龙安洋（阳光青年男声）· 支持指令".
    """
    label = described_voice(voice, language)
    if not (voice.supports_instructions and model.supports_instructions):
        return label
    return f"{label} · 支持指令" if in_chinese(language) and voice.local_name else f"{label} · takes instructions"
