"""Text handling shared by the providers."""

from __future__ import annotations

import pytest

from cloud_tts_engine.text import ClauseSegmenter, normalize, split_text, weighted_length


def test_normalize_drops_invisible_characters_and_keeps_the_text() -> None:
    assert normalize("Hel\x00lo\u200b,\tworld\r\n床前\ufeff明月光") == "Hello, world\n床前明月光"


def test_weighted_length_counts_han_twice() -> None:
    assert weighted_length("abc") == 3
    assert weighted_length("床前明月光，") == 11  # the full-width comma counts once
    assert weighted_length("カタカナ한글") == 6


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("One. Two three four.", 12, ["One.", " Two three ", "four."]),
        ("first, second; third", 15, ["first, second;", " third"]),
        ("no boundaries at all here", 10, ["no ", "boundaries", " at all ", "here"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("Pi is 3.14 exactly", 10, ["Pi is ", "3.14 ", "exactly"]),
    ],
)
def test_split_text_cuts_at_the_best_boundary(text: str, limit: int, pieces: list[str]) -> None:
    assert split_text(text, limit) == pieces


def test_split_text_weighs_han_characters() -> None:
    text = "床前明月光，疑是地上霜。举头望明月，低头思故乡。"
    pieces = split_text(text, 24, han_counts_double=True)
    assert "".join(pieces) == text
    assert pieces == ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"]
    assert all(weighted_length(piece) <= 24 for piece in pieces)


def test_split_text_leaves_short_text_whole() -> None:
    assert split_text("short", 100) == ["short"]
    assert split_text("", 100) == []


def _segment(chunks: list[str], **kwargs: int) -> list[list[str]]:
    """Pieces emitted after each chunk, then at the end."""
    segmenter = ClauseSegmenter(**kwargs)
    return [list(segmenter.add(chunk)) for chunk in chunks] + [list(segmenter.finish())]


def test_segmenter_emits_a_sentence_as_soon_as_it_is_complete() -> None:
    emitted = _segment(["Hello there. How", " are you? I'm", " fine"], limit=500)
    assert emitted == [["Hello there."], ["How are you?"], [], ["I'm fine"]]


def test_segmenter_emits_chinese_clauses_early() -> None:
    emitted = _segment(list("床前明月光，疑是地上霜。举头"), limit=500, clause_min=10)
    flat = [piece for pieces in emitted for piece in pieces]
    assert flat == ["床前明月光，", "疑是地上霜。", "举头"]
    # the first clause is out as soon as its comma arrives, before the sentence ends
    assert emitted[5] == ["床前明月光，"]


def test_segmenter_keeps_short_clauses_together() -> None:
    emitted = _segment(["Well, I think so, ", "yes."], limit=500, clause_min=10)
    assert [piece for pieces in emitted for piece in pieces] == ["Well, I think so,", "yes."]


def test_segmenter_does_not_cut_after_an_abbreviation() -> None:
    emitted = _segment(["Dr. Smith is in. ", "Bye"], limit=500)
    assert [piece for pieces in emitted for piece in pieces] == ["Dr. Smith is in.", "Bye"]


def test_segmenter_respects_the_limit_within_a_long_sentence() -> None:
    text = "这是一个没有任何标点的非常非常长的句子" * 10
    emitted = [piece for pieces in _segment([text], limit=50) for piece in pieces]
    assert "".join(emitted) == text
    assert all(weighted_length(piece) <= 50 for piece in emitted)


def test_segmenter_cuts_a_long_clause_to_the_limit() -> None:
    text = "a" * 30 + "，next"
    emitted = [piece for pieces in _segment([text], limit=20, clause_min=10) for piece in pieces]
    assert "".join(emitted) == text
    assert all(weighted_length(piece) <= 20 for piece in emitted)


def test_segmenter_emits_a_chinese_sentence_without_waiting_for_more_text() -> None:
    emitted = _segment(["今天天气", "很好。", "”我说。"], limit=500)
    assert emitted == [[], ["今天天气很好。"], ["”我说。"], []]


def test_segmenter_hands_over_a_full_stop_only_when_asked() -> None:
    segmenter = ClauseSegmenter(limit=500)
    assert list(segmenter.add("Good morning.")) == []  # "." may be an abbreviation
    assert segmenter.holds_sentence_end
    assert list(segmenter.flush_sentence()) == ["Good morning."]
    assert list(segmenter.add("Half a sentence")) == []
    assert not segmenter.holds_sentence_end
    assert list(segmenter.flush_sentence()) == []


def test_clauses_keep_the_asterisks_of_arithmetic() -> None:
    segmenter = ClauseSegmenter(limit=300)
    pieces = [*segmenter.add("So 2*3=6 and 4*5=20, right? Yes. "), *segmenter.finish()]
    assert "".join(pieces).replace(" ", "") == "So2*3=6and4*5=20,right?Yes."
