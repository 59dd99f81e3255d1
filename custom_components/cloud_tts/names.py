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


_GENDERS_ZH = {"male": "男声", "female": "女声", "child": "童声"}
_LANGUAGES_ZH = {"zh-HK": "粤语", "en-US": "英语", "en-GB": "英式英语", "ar-SA": "阿拉伯语", "ja-JP": "日语"}
"""A voice's first language where it is not Mandarin, as a Chinese label names it."""


def voice_label(voice: Voice, model: Model, language: str) -> str:
    """Return a voice's label in the voice menu: its name and what it is, whether it takes instructions.

    "Long Anyang (sunny young man) · takes instructions", or in Chinese "龙安洋（男声）· 支持指令".
    """
    instructions = voice.supports_instructions and model.supports_instructions
    if in_chinese(language) and voice.local_name:
        kind = _LANGUAGES_ZH.get(voice.languages[0], "") + _GENDERS_ZH.get(voice.gender or "", "")
        label = f"{voice.local_name}（{kind}）" if kind else voice.local_name
        return f"{label} · 支持指令" if instructions else label
    return f"{voice.name} · takes instructions" if instructions else voice.name
