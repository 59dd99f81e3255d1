"""Speech-ready text: what a person would say, from a conversation agent's Markdown reply, chunk by chunk.

Dropped: reasoning blocks (``<think>``, ``<thinking>``, ``<reasoning>``, ``<reflection>``; an unclosed one runs
to the end), HTML tags and comments, code fences with their code (the surrounding prose already says what the
code is for, and a spoken stand-in would need the reply's language, which the engine does not know), images,
emphasis and strike markers, heading and quote markers, list bullets and numbers, rules, table pipes and rule
rows, emoji and pictographs. Kept: inline code without its backticks, a link's label, a bare URL's site name
(``https://www.example.com/a/b`` is read ``example.com``). List items, headings and table rows end with a pause
(``.`` or ``。``) and table cells are separated by one (``,`` or ``，``) unless punctuation is already there.
Spaces collapse to one; blank lines to one line break. Arithmetic (``2*3=6``, ``2 * 3``), ``snake_case``,
decimals, times, temperatures, CJK punctuation and apostrophes pass unchanged.

Markdown parsers (markdown-it-py, mistune) take a whole document; a streamed reply would have to be held to its
end, so this is a state machine over the stream. Its output is the same however the text is chunked, and it holds
text back only while a construct is undecided, at most :data:`MOST_HELD` characters:

- up to 255 while a ``<`` may open a tag (until its ``>``) or a bare URL's host is read;
- up to 64 while a line may be a rule (``---``, ``* * *``) or a table cell a rule cell (``:---:``);
- otherwise a marker and the character after it (e.g. ``**`` until the next character shows its side, the ``h``
  of a word until it is not ``http``), at most 8.

A closing ``</think>`` without its opening tag is dropped, but the text before it was already spoken: dropping it
would mean holding the whole reply.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterable
from dataclasses import dataclass
from enum import Enum, auto
from typing import Literal

from .text import normalize

MOST_HELD = 255
"""The most characters held back at any time (a tag or a URL's host still undecided)."""
_TAG_MOST = 255
_HOST_MOST = 253
_LINE_MOST = 64
_RUN_MOST = 16
_WINDOW = 2 * MOST_HELD
"""How much of the pending text one decision looks at (more than any construct is held for)."""

_REASONING = ("think", "thinking", "reasoning", "reflection")
_SPACED_TAGS = ("br", "p", "div", "li", "tr", "td", "th", "hr")
_URL_STARTS = ("https://", "http://", "www.")
_PICTOGRAPH = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]"
)
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_PAUSES = ".,;:!?…。，、；：！？"
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_URL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
_URL_TRAILING = frozenset(".,:;!?'\")*_~")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[\s/][^<>\n]*)?>")
_TAG_SO_FAR = re.compile(r"</?(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>\n]*)?)?")
_HEADING = re.compile(r"#{1,6}(?:[ \t]+|(?=\n))")
_ORDERED = re.compile(r"\d{1,3}[.)][ \t]+")
_ORDERED_SO_FAR = re.compile(r"\d{1,3}[.)]?")
_TASK_BOX = re.compile(r"\[[ xX]\][ \t]+")
_RULE_CELL = re.compile(r"[-:]+[ \t]*(?=[|\n])")


class _Mode(Enum):
    TEXT = auto()
    REASONING = auto()
    COMMENT = auto()
    FENCE = auto()
    CODE = auto()
    IMAGE = auto()
    LINK_TARGET = auto()
    URL_PATH = auto()


class _Line(Enum):
    PROSE = auto()
    ITEM = auto()
    HEADING = auto()
    ROW = auto()


@dataclass(slots=True)
class _Step:
    """What one decision consumed of the pending text."""

    length: int


_NEED_MORE = None


class SpeechText:
    """Turn a reply, fed in chunks, into the text to speak (see the module's docstring)."""

    def __init__(self) -> None:
        """Start at the beginning of a reply."""
        self._pending = ""
        self._out: list[str] = []
        self._mode = _Mode.TEXT
        self._closer = ""
        """What ends the current mode: a reasoning tag, a fence, a code span's backticks."""
        self._line_start = True
        self._line = _Line.PROSE
        self._line_spoken = False
        self._cell_start = False
        self._previous = "\n"
        """The last character of the source read as text (whitespace as itself)."""
        self._last = ""
        """The last character spoken."""
        self._gap = ""
        """What separates the last spoken character from the next: "", " ", "\\n" or a cell pause."""
        self._brackets = 0
        self._autolink = False
        self._line_cjk = False
        """The line has Chinese, Japanese or Korean in it: its pauses are full-width."""
        self._after_picture = False
        """A pictograph was just dropped: a space before it does not go before punctuation."""

    @property
    def held(self) -> int:
        """How many characters of the source are held back, undecided."""
        return len(self._pending)

    def add(self, chunk: str) -> str:
        """Feed a chunk; return the text it completes."""
        self._pending += normalize(chunk)
        return self._run(final=False)

    def finish(self) -> str:
        """End the reply; return what is left to say."""
        return self._run(final=True)

    # -- the loop ----------------------------------------------------------------

    def _run(self, *, final: bool) -> str:
        text = self._pending
        at = 0
        while at < len(text):
            taken = self._step(text, at, final)
            if taken is _NEED_MORE:
                break
            at += taken.length
        self._pending = text[at:]
        said, self._out = "".join(self._out), []
        return said

    def _step(self, text: str, at: int, final: bool) -> _Step | None:
        """Decide what the text at ``at`` is; ``final`` when no more text comes after ``text``."""
        match self._mode:
            case _Mode.REASONING | _Mode.COMMENT:
                return self._skip_to_closer(text, at, final)
            case _Mode.FENCE:
                return self._fence_line(text, at, final)
            case _Mode.CODE:
                return self._code(text, at, final)
            case _Mode.IMAGE:
                return self._image(text, at, final)
            case _Mode.LINK_TARGET:
                return self._link_target(text, at)
            case _Mode.URL_PATH:
                return self._url_path(text, at, final)
        if self._line_start:
            step = self._line_marker(text, at, final)
            if step is not False:
                return step
            self._line_start = False
        return self._inline(text, at, final)

    # -- speaking ------------------------------------------------------------------

    def _say(self, words: str) -> None:
        if self._after_picture and self._gap == " " and words[0] in _PAUSES:
            self._gap = ""
        if self._out or self._last:
            self._out.append(self._gap)
        self._gap = ""
        self._after_picture = False
        self._out.append(words)
        self._last = words[-1]
        self._line_spoken = True
        self._line_cjk = self._line_cjk or bool(_CJK.search(words))

    def _pause_mark(self, latin: str, cjk: str) -> str:
        return cjk if self._line_cjk else latin

    def _end_line(self) -> None:
        if self._line is not _Line.PROSE and self._line_spoken and self._last not in _PAUSES:
            self._out.append(self._pause_mark(".", "。"))
            self._last = self._out[-1]
        if self._last:
            self._gap = "\n"
        self._line_start = True
        self._line = _Line.PROSE
        self._line_spoken = False
        self._cell_start = False
        self._brackets = 0
        self._previous = "\n"
        self._line_cjk = False

    def _space(self) -> None:
        if not self._gap and not self._line_start:
            self._gap = " "
        self._previous = " "

    # -- line starts -----------------------------------------------------------------

    def _line_marker(self, text: str, at: int, final: bool) -> _Step | Literal[False] | None:
        """Take a marker at a line's start; None: wait for more text; False: there is none."""
        char = text[at]
        rest = text[at : at + _WINDOW]
        if char in " \t":
            return _Step(1)
        if char in "`~":
            run = min(_run_length(rest, char), _RUN_MOST)
            if run == len(rest) and not final:
                return _NEED_MORE
            if run >= 3:
                self._mode, self._closer = _Mode.FENCE, char * run
                return self._skip_line(text, at, final)
        if char in "-*_=":
            rule = self._rule(rest, final)
            if rule is not False:
                return rule
        if char == "#":
            if _is_partial(rest, "#", 6) and not final:
                return _NEED_MORE
            if heading := _HEADING.match(rest):
                self._line = _Line.HEADING
                return _Step(heading.end())
        if char == ">":
            return _Step(2 if rest[1:2] == " " else 1)
        if char in "-*+•":
            if len(rest) < 2 and not final:
                return _NEED_MORE
            if rest[1:2] in (" ", "\t"):
                box = rest[2:6]
                if len(box) < 4 and not final and _TASK_BOX_SO_FAR.fullmatch(box):
                    return _NEED_MORE
                self._line = _Line.ITEM
                self._line_start = False
                return _Step(2 + _box(rest))
        if char.isdigit():
            if _ORDERED_SO_FAR.fullmatch(rest) and not final:
                return _NEED_MORE
            if ordered := _ORDERED.match(rest):
                self._line = _Line.ITEM
                self._line_start = False
                return _Step(ordered.end())
        if char == "|":
            self._line = _Line.ROW
            self._line_start = False
            self._cell_start = True
            return _Step(1)
        return False

    def _rule(self, rest: str, final: bool) -> _Step | Literal[False] | None:
        """Drop a rule line (``---``, ``* * *``, a heading's ``===``) with its line break."""
        end = rest.find("\n")
        line = rest if end < 0 else rest[:end]
        capped = len(line) >= _LINE_MOST
        line = line[:_LINE_MOST]
        if not set(line) <= set("-*_= \t"):
            return False
        if end < 0 and not capped and not final:
            return _NEED_MORE
        marks = set(line) - {" ", "\t"}
        if len(marks) != 1 or sum(char in marks for char in line) < 3:
            return False
        return _Step(len(line) + (end >= 0 and not capped))

    def _skip_line(self, text: str, at: int, final: bool) -> _Step | None:
        """Drop the rest of a line with its line break (a fence's info string, a line of code)."""
        end = text.find("\n", at)
        if end < 0:
            return _Step(len(text) - at) if len(text) > at else _NEED_MORE
        self._line_start = True
        return _Step(end + 1 - at)

    def _fence_line(self, text: str, at: int, final: bool) -> _Step | None:
        if self._line_start:
            window = text[at : at + _WINDOW]
            rest = window.lstrip(" \t")
            indent = len(window) - len(rest)
            fence = self._closer
            run = min(_run_length(rest, fence[0]), _RUN_MOST)
            if run == len(rest) and not final:
                return _NEED_MORE
            tail = rest[run:]
            end = tail.find("\n")
            trailing = tail if end < 0 else tail[:end]
            if run >= len(fence) and not trailing.strip(" \t"):
                if end < 0 and len(window) < _WINDOW and not final:
                    return _NEED_MORE
                self._mode = _Mode.TEXT
                self._line_start = True
                return _Step(indent + run + len(trailing) + (end >= 0))
        self._line_start = False
        return self._skip_line(text, at, final)

    # -- inline ------------------------------------------------------------------------

    def _inline(self, text: str, at: int, final: bool) -> _Step | None:
        char = text[at]
        rest = text[at : at + _WINDOW]
        if char == "\n":
            self._end_line()
            return _Step(1)
        if char in " \t":
            self._space()
            return _Step(1)
        if self._cell_start and char in "-:":
            probe = rest[: _LINE_MOST + 1]
            if final and len(rest) <= _LINE_MOST:
                probe += "\n"
            if len(rest) <= _LINE_MOST and not final and _is_partial_rule_cell(rest):
                return _NEED_MORE
            if cell := _RULE_CELL.match(probe):
                return _Step(cell.end())
        self._cell_start = False
        if char == "\\":
            if len(rest) < 2 and not final:
                return _NEED_MORE
            escaped = rest[1:2]
            if escaped and escaped.isascii() and not escaped.isalnum() and not escaped.isspace():
                self._speak_char(escaped)
                return _Step(2)
            return _Step(1)
        if char in "*_~":
            return self._emphasis(rest, char, final)
        if char == "`":
            run = min(_run_length(rest, "`"), _RUN_MOST)
            if run == len(rest) and not final:
                return _NEED_MORE
            self._mode, self._closer = _Mode.CODE, "`" * run
            return _Step(run)
        if char == "<":
            return self._angle(rest, final)
        if char == "!":
            if len(rest) < 2 and not final:
                return _NEED_MORE
            if rest[1:2] == "[":
                self._mode, self._closer = _Mode.IMAGE, ""
                return _Step(2)
        if char == "[":
            self._brackets += 1
            return _Step(1)
        if char == "]":
            if self._brackets:
                if len(rest) < 2 and not final:
                    return _NEED_MORE
                self._brackets -= 1
                if rest[1:2] == "(":
                    self._mode, self._closer = _Mode.LINK_TARGET, ")"
                    return _Step(2)
            return _Step(1)
        if char == "|" and self._line is _Line.ROW:
            if self._line_spoken:
                self._gap = self._pause_mark(", ", "，")
            self._cell_start = True
            self._previous = " "
            return _Step(1)
        if char in "hHwW" and not self._previous.isalnum() and self._previous not in "@.-/":
            return self._url(rest, final)
        if _PICTOGRAPH.match(char):
            self._after_picture = True
            return _Step(1)
        self._speak_char(char)
        return _Step(1)

    def _speak_char(self, char: str) -> None:
        self._say(char)
        self._previous = char

    def _emphasis(self, rest: str, char: str, final: bool) -> _Step | None:
        run = min(_run_length(rest, char), _RUN_MOST)
        if run == len(rest) and not final:
            return _NEED_MORE
        after = rest[run : run + 1] or "\n"
        before = self._previous
        spaced = before.isspace() and after.isspace()
        if char == "*":
            kept = spaced or (_is_digit(before) and _is_digit(after))
        elif char == "_":
            kept = spaced or (_is_word(before) and _is_word(after))
        else:
            kept = run == 1
        if kept:
            self._say(rest[:run])
            self._previous = char
        return _Step(run)

    def _angle(self, rest: str, final: bool) -> _Step | None:
        if "<!--".startswith(rest[:4]) and len(rest) < 4 and not final:
            return _NEED_MORE
        if rest.startswith("<!--"):
            self._mode, self._closer = _Mode.COMMENT, "-->"
            return _Step(4)
        after = rest[1:9].lower()
        if any(start.startswith(after) for start in _URL_STARTS) and not final:
            return _NEED_MORE
        if any(after.startswith(start) for start in _URL_STARTS):
            self._autolink = True
            self._previous = " "
            return _Step(1)
        if tag := _TAG.match(rest[:_TAG_MOST]):
            closing, name = tag.group(1), tag.group(2).lower()
            if name in _REASONING and not closing:
                self._mode, self._closer = _Mode.REASONING, f"</{name}>"
            elif name in _SPACED_TAGS:
                self._space()
            return _Step(tag.end())
        if _TAG_SO_FAR.fullmatch(rest) and len(rest) < _TAG_MOST and not final:
            return _NEED_MORE
        self._speak_char("<")
        return _Step(1)

    def _url(self, rest: str, final: bool) -> _Step | None:
        lowered = rest[:8].lower()
        if any(start.startswith(lowered) for start in _URL_STARTS) and not final:
            return _NEED_MORE
        scheme = next((start for start in _URL_STARTS if lowered.startswith(start)), None)
        if scheme is None:
            self._speak_char(rest[0])
            return _Step(1)
        begin = 0 if scheme == "www." else len(scheme)
        end = begin
        while end < min(len(rest), begin + _HOST_MOST) and rest[end] in _HOST_CHARS:
            end += 1
        if end == len(rest) and not final:
            return _NEED_MORE
        host = rest[begin:end].rstrip(".-")
        end = begin + len(host)
        if host.lower().startswith("www."):
            host = host[4:]
        if host:
            self._say(host)
            self._previous = host[-1]
        if rest[end : end + 1] in ("/", "?", "#", ":"):
            self._mode = _Mode.URL_PATH
        elif self._autolink and rest[end : end + 1] == ">":
            self._autolink = False
            return _Step(end + 1)
        return _Step(end)

    # -- modes that drop or pass text ----------------------------------------------------------

    def _skip_to_closer(self, text: str, at: int, final: bool) -> _Step | None:
        closer = self._closer
        if found := re.compile(re.escape(closer), re.IGNORECASE).search(text, at):
            self._mode = _Mode.TEXT
            return _Step(found.end() - at)
        keep = 0
        for size in range(min(len(closer) - 1, len(text) - at), 0, -1):
            if closer.startswith(text[len(text) - size :].lower()):
                keep = size
                break
        if final:
            keep = 0
        return _Step(len(text) - at - keep) if len(text) - at > keep else _NEED_MORE

    def _code(self, text: str, at: int, final: bool) -> _Step | None:
        char = text[at]
        if char == "\n":
            self._mode = _Mode.TEXT
            return self._inline(text, at, final)
        if char == "`":
            run = min(_run_length(text[at : at + _RUN_MOST], "`"), _RUN_MOST)
            if at + run == len(text) and not final:
                return _NEED_MORE
            if run == len(self._closer):
                self._mode = _Mode.TEXT
            return _Step(run)
        if char in " \t":
            self._space()
        else:
            self._speak_char(char)
        return _Step(1)

    def _image(self, text: str, at: int, final: bool) -> _Step | None:
        char = text[at]
        if char == "\n":
            self._mode = _Mode.TEXT
            return self._inline(text, at, final)
        if char == "[":
            self._closer += "]"
        elif char == "]":
            if self._closer:
                self._closer = self._closer[:-1]
            else:
                if at + 1 == len(text) and not final:
                    return _NEED_MORE
                if text[at + 1 : at + 2] == "(":
                    self._mode, self._closer = _Mode.LINK_TARGET, ")"
                    return _Step(2)
                self._mode = _Mode.TEXT
        return _Step(1)

    def _link_target(self, text: str, at: int) -> _Step | None:
        char = text[at]
        if char == "\n":
            self._mode = _Mode.TEXT
            return self._inline(text, at, final=False)
        if char == "(":
            self._closer += ")"
        elif char == ")":
            self._closer = self._closer[:-1]
            if not self._closer:
                self._mode = _Mode.TEXT
        return _Step(1)

    def _url_path(self, text: str, at: int, final: bool) -> _Step | None:
        rest = text[at : at + _WINDOW]
        char = rest[0]
        if char in _URL_TRAILING:
            run = 0
            while run < min(len(rest), _RUN_MOST) and rest[run] in _URL_TRAILING:
                run += 1
            if run == len(rest) and not final:
                return _NEED_MORE
            if run < len(rest) and rest[run] in _URL_CHARS:
                return _Step(run)
            self._mode = _Mode.TEXT
            return self._inline(text, at, final)
        if char in _URL_CHARS:
            return _Step(1)
        self._mode = _Mode.TEXT
        if char == ">" and self._autolink:
            self._autolink = False
            return _Step(1)
        return self._inline(text, at, final)


_TASK_BOX_SO_FAR = re.compile(r"(?:\[(?:[ xX](?:\])?)?)?")


def _box(rest: str) -> int:
    task = _TASK_BOX.match(rest, 2)
    return task.end() - 2 if task else 0


def _run_length(text: str, char: str) -> int:
    run = 0
    while run < len(text) and text[run] == char:
        run += 1
    return run


def _is_partial(text: str, char: str, most: int) -> bool:
    return len(text) <= most and set(text) == {char}


def _is_partial_rule_cell(text: str) -> bool:
    return re.fullmatch(r"[-:]+[ \t]*", text) is not None


def _is_digit(char: str) -> bool:
    return char.isascii() and char.isdigit()


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def speech_text(text: str) -> str:
    """Return the whole of ``text`` as it is to be spoken."""
    cleaner = SpeechText()
    return cleaner.add(text) + cleaner.finish()


async def speech_stream(chunks: AsyncIterable[str]) -> AsyncGenerator[str, None]:
    """Yield ``chunks`` as they are to be spoken, each as soon as it is decided (empty pieces are left out)."""
    cleaner = SpeechText()
    source = aiter(chunks)
    try:
        async for chunk in source:
            if said := cleaner.add(chunk):
                yield said
        if said := cleaner.finish():
            yield said
    finally:
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            await aclose()
