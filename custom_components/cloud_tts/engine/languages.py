"""Whether a text plainly is not in a language, so that no language hint contradicts what is said.

A language is written in one or more scripts (Chinese in Han, Japanese in Han
and kana, English in Latin letters...). A text plainly contradicts a language
when it has letters and none of them is in one of the language's scripts:
English words inside Chinese, numbers, emoji and punctuation contradict
nothing, and neither does any text for a language not listed here.
"""

from __future__ import annotations

import re

from .stream import TextInput

_HAN = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\uffa0-\uffdc"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a"
_CYRILLIC = "\u0400-\u04ff"

_CHINESE = re.compile(f"[{_HAN}]")
_LATIN_SCRIPT = re.compile(f"[{_LATIN}]")
_SCRIPTS: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("zh", "yue", "wuu", "nan"), _CHINESE),
    "ja": re.compile(f"[{_HAN}{_KANA}]"),
    "ko": re.compile(f"[{_HANGUL}{_HAN}]"),
    **dict.fromkeys(("en", "de", "fr", "es", "it", "pt"), _LATIN_SCRIPT),
    "ru": re.compile(f"[{_CYRILLIC}]"),
}
"""The scripts of each language (BCP-47 primary subtag) the services take a hint for."""


def contradicts(text: str, language: str) -> bool:
    """Whether ``text`` plainly is not in ``language`` (BCP-47): it has letters, none in the language's scripts."""
    script = _SCRIPTS.get(language.split("-", maxsplit=1)[0].lower())
    if script is None or script.search(text):
        return False
    return any(char.isalpha() for char in text)


def hint_for(text: TextInput, language: str | None) -> str | None:
    """Return the language hint to send with ``text``: the caller's, unless the whole text contradicts it.

    Streamed text is not there yet when the hint goes out: the caller's hint stands.
    """
    if language and isinstance(text, str) and contradicts(text, language):
        return None
    return language
