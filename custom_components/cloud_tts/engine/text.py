"""Text handling shared by every provider.

- :func:`normalize` cleans one chunk of text without changing what is said.
- :func:`weighted_length` counts characters the way Model Studio bills and
  limits them (a Han character counts twice).
- :func:`split_text` cuts a text to a provider's size limit, at the best
  boundary it can find.
- :class:`ClauseSegmenter` turns a stream of text chunks into speakable pieces
  as soon as a sentence, or a long enough clause, is complete. Sentence
  boundaries come from ``sentence-stream`` (Home Assistant's own splitter,
  which knows Chinese and Latin punctuation and abbreviations).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from sentence_stream import SentenceBoundaryDetector

_DROPPED = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
_NORMALIZE_TABLE = {
    **dict.fromkeys(_DROPPED),
    **dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)),
    ord("\r"): None,
    ord("\t"): " ",
}

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_SENTENCE_ENDS = "。！？!?…\n"
_CJK_SENTENCE_ENDS = "。！？"
_CLAUSE_ENDS = "，、；：,;:"
# A '.' only ends a sentence when followed by a space (not in 3.14 or e.g.).
_BOUNDARY_CLASSES: tuple[Callable[[str, int], bool], ...] = (
    lambda text, i: text[i] in _SENTENCE_ENDS or (text[i] == "." and text[i + 1 : i + 2] == " "),
    lambda text, i: text[i] in _CLAUSE_ENDS,
    lambda text, i: text[i].isspace(),
)


def normalize(text: str) -> str:
    """Drop control and zero-width characters; keep all visible text and spacing."""
    return text.translate(_NORMALIZE_TABLE)


def weighted_length(text: str) -> int:
    """Length with Han characters (Chinese, Kanji, Hanja) counted twice."""
    return len(text) + len(_HAN_RE.findall(text))


def _weight(char: str) -> int:
    return 2 if _HAN_RE.match(char) else 1


def split_text(text: str, limit: int, *, han_counts_double: bool = False) -> list[str]:
    """Cut ``text`` into pieces no longer than ``limit``.

    Each cut is at the last sentence end that fits, else the last clause mark,
    else the last space, else wherever the limit falls. Joined, the pieces are
    the original text.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    measure = weighted_length if han_counts_double else len
    pieces: list[str] = []
    rest = text
    most_per_char = 2 if han_counts_double else 1
    while len(rest) * most_per_char > limit and measure(rest) > limit:
        fits = _fitting_prefix(rest, limit, han_counts_double)
        cut = _best_cut(rest, fits)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces


def _fitting_prefix(text: str, limit: int, han_counts_double: bool) -> int:
    """Return how many leading characters of ``text`` fit in ``limit``."""
    if not han_counts_double:
        return limit
    used = 0
    for index, char in enumerate(text):
        used += _weight(char)
        if used > limit:
            return index
    return len(text)


def _best_cut(text: str, fits: int) -> int:
    """Return the cut position within ``text[:fits]``, after the best boundary."""
    for is_boundary in _BOUNDARY_CLASSES:
        for index in range(fits - 1, 0, -1):
            if is_boundary(text, index):
                return index + 1
    return fits


class ClauseSegmenter:
    """Cut a stream of text into pieces that can be spoken one after another.

    A piece ends at a sentence end, or at a clause mark once the pending text
    is at least ``clause_min`` long (so the first words are not held back by a
    long sentence), or at ``limit`` whatever comes. Lengths are weighted
    (:func:`weighted_length`) so a Chinese clause of five characters counts
    like an English one of ten.
    """

    def __init__(self, *, limit: int, clause_min: int = 10) -> None:
        """Set the longest piece and the shortest clause worth cutting off."""
        self._limit = limit
        self._clause_min = clause_min
        self._sentences = SentenceBoundaryDetector()

    def add(self, chunk: str) -> Iterator[str]:
        """Feed a chunk; yield every piece it completes."""
        return _with_asterisks(self._add(normalize(chunk).replace("*", _ASTERISK)))

    def _add(self, chunk: str) -> Iterator[str]:
        for sentence in self._sentences.add_chunk(chunk):
            yield from split_text(sentence, self._limit, han_counts_double=True)
        if self._sentences.current_sentence:
            return  # an abbreviation may still be undecided
        if self._sentences.remaining_text.rstrip()[-1:] in tuple(_CJK_SENTENCE_ENDS):
            yield from self.flush_sentence()  # nothing but closing quotes can follow: no need to wait
            return
        yield from self._cut_clauses()

    @property
    def holds_sentence_end(self) -> bool:
        """Whether the pending text ends like a sentence (waiting to see what follows)."""
        pending = (self._sentences.current_sentence + self._sentences.remaining_text).rstrip()
        return pending[-1:] in tuple(_SENTENCE_ENDS) or pending.endswith(".")

    def flush_sentence(self) -> Iterator[str]:
        """Yield the pending text if it ends like a sentence (the stream paused there)."""
        if self.holds_sentence_end:
            yield from self.finish()

    def finish(self) -> Iterator[str]:
        """End the stream; yield what is left."""
        rest = self._sentences.finish()
        if rest:
            yield from _with_asterisks(split_text(rest, self._limit, han_counts_double=True))

    def _cut_clauses(self) -> Iterator[str]:
        pending = self._sentences.remaining_text
        cut = 0
        for index, char in enumerate(pending):
            if char in _CLAUSE_ENDS and weighted_length(pending[cut : index + 1].strip()) >= self._clause_min:
                if clause := pending[cut : index + 1].strip():
                    yield from split_text(clause, self._limit, han_counts_double=True)
                cut = index + 1
        while weighted_length(pending[cut:]) > self._limit:
            fits = _fitting_prefix(pending[cut:], self._limit, True)
            end = cut + _best_cut(pending[cut:], fits)
            if piece := pending[cut:end].strip():
                yield piece
            cut = end
        self._sentences.remaining_text = pending[cut:]


_ASTERISK = "\ue000"
"""Stands for "*" inside the sentence detector, which strips asterisks around words (``2*3 and 4*5`` lost both)."""


def _with_asterisks(pieces: Iterable[str]) -> Iterator[str]:
    for piece in pieces:
        yield piece.replace(_ASTERISK, "*")
