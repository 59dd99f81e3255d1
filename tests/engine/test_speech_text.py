"""Speech-ready text: what the service is sent for a conversation agent's reply, however the reply is chunked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloud_tts_engine import InvalidRequestError, SynthesisOptions, TextFormat
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from cloud_tts_engine.dashscope.sambert import SambertProvider
from cloud_tts_engine.speech_text import MOST_HELD, SpeechText, speech_text
from tests.engine.llm_replies import REPLIES
from tests.fakes import FakeDashScope


def chunked(text: str, cuts: list[int]) -> list[str]:
    points = sorted({cut % (len(text) + 1) for cut in cuts})
    return [text[start:end] for start, end in zip([0, *points], [*points, len(text)], strict=True)]


def cleaned(chunks: list[str]) -> str:
    cleaner = SpeechText()
    return "".join(cleaner.add(chunk) for chunk in chunks) + cleaner.finish()


@pytest.mark.parametrize("name", REPLIES)
def test_a_reply_is_spoken_as_a_person_would_say_it(name: str) -> None:
    reply, spoken = REPLIES[name]
    assert speech_text(reply) == spoken


@pytest.mark.parametrize("name", REPLIES)
def test_a_reply_fed_one_character_at_a_time_is_spoken_the_same(name: str) -> None:
    reply, spoken = REPLIES[name]
    assert cleaned(list(reply)) == spoken


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(REPLIES)), cuts=st.lists(st.integers(min_value=0), max_size=40))
def test_a_reply_chunked_anywhere_is_spoken_the_same(name: str, cuts: list[int]) -> None:
    reply, spoken = REPLIES[name]
    assert cleaned(chunked(reply, cuts)) == spoken


PIECES = [*"ab 12.:_*~`#>-+|[]()!<>/\\\nhtpsw中😊", "<think>", "</think>", "https://x.io/a", "www.", "<!--", "```"]
MARKUP = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKUP, cuts=st.lists(st.integers(min_value=0), max_size=20))
def test_any_text_chunked_anywhere_is_spoken_the_same(text: str, cuts: list[int]) -> None:
    assert cleaned(chunked(text, cuts)) == speech_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "2*3=6 and 2 * 3 = 6",
        "snake_case_name and my_var_2",
        "Pi is 3.14, it is 10:30, and -5°C or 21.5 °C outside.",
        "It's John's car; don't worry, they're fine.",
        "今天气温二十度，天气晴朗！你觉得呢？《三体》「好书」、值得一读。",
        "今日は晴れです。「明日」も良い天気でしょう！",
        "Price: $5 - $10, about ~20 minutes (maybe).",
        "Set it to 50% at 7am, #1 on the list, C# and x < y > z.",
    ],
)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert speech_text(text) == text


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("<think>plan</think>Hello", "Hello"),
        ("<Thinking>\nplan\n</Thinking>\nHello", "Hello"),
        ("<think>the reply was cut off while reasoning", ""),
        ("Hi <!-- a comment --> there", "Hi there"),
        ("**bold**, *italic*, __strong__, _em_ and ~~gone~~", "bold, italic, strong, em and gone"),
        ("# Title\nText", "Title.\nText"),
        ("Intro\n\n---\n\nMore", "Intro\nMore"),
        ("Call it:\n```\nrun()\n```\nDone", "Call it:\nDone"),
        ("Unclosed:\n```python\nrun()\nmore()", "Unclosed:"),
        ("Use `a*b` here", "Use a*b here"),
        ("[label](https://a.b/c) and ![alt](x.png)", "label and"),
        ("Go to www.example.com. Then", "Go to example.com. Then"),
        ("see <https://www.example.org/path>!", "see example.org!"),
        ("line one<br>line two", "line one line two"),
        ("Warm 🔥🔥 and 👍🏽 fine 🇨🇳.", "Warm and fine."),
        ("1. one\n2) two\n10. ten", "one.\ntwo.\nten"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a, b.\n1, 2"),
        ("\\*not bold\\*", "*not bold*"),
    ],
)
def test_markup_is_not_spoken(text: str, spoken: str) -> None:
    assert speech_text(text) == spoken


def test_plain_text_fed_one_character_at_a_time_is_held_back_at_most_a_few_characters() -> None:
    text = REPLIES["en_math_names"][0] * 20
    cleaner = SpeechText()
    most = 0
    for char in text:
        cleaner.add(char)
        most = max(most, cleaner.held)
    assert most <= 8


def test_text_that_may_be_a_tag_is_released_after_at_most_the_bound() -> None:
    cleaner = SpeechText()
    released = ""
    for char in "if a<b then " + "c" * 2 * MOST_HELD:
        released += cleaner.add(char)
        assert cleaner.held <= MOST_HELD
    assert released.startswith("if a<b then ccc")


async def story(chunks: list[str]) -> AsyncIterator[str]:
    for chunk in chunks:
        yield chunk


@pytest.mark.parametrize("name", REPLIES)
async def test_the_service_is_sent_the_speech_ready_text_of_a_streamed_reply(
    name: str, fake: FakeDashScope, provider: CosyVoiceProvider
) -> None:
    reply, spoken = REPLIES[name]
    await provider.synthesize(story(chunked(reply, list(range(0, len(reply), 3))))).read_all()
    assert "".join(text for task in fake.tasks for text in task.texts) == spoken


@pytest.mark.parametrize("name", REPLIES)
async def test_a_service_that_takes_whole_texts_is_sent_the_speech_ready_text(
    name: str, fake: FakeDashScope, make_provider: Callable[..., SambertProvider]
) -> None:
    reply, spoken = REPLIES[name]
    provider = make_provider(SambertProvider)
    await provider.synthesize(reply).read_all()
    sent = "".join(text for task in fake.tasks for text in task.texts)
    assert "".join(sent.split()) == "".join(spoken.split())  # sentence by sentence: line breaks are not sent


async def test_clean_text_off_sends_the_reply_as_it_is(fake: FakeDashScope, provider: CosyVoiceProvider) -> None:
    reply = "**Hi** 😊"
    await provider.synthesize(story([reply]), SynthesisOptions(clean_text=False)).read_all()
    assert "".join(fake.tasks[0].texts) == reply


async def test_ssml_is_never_cleaned(fake: FakeDashScope, provider: CosyVoiceProvider) -> None:
    document = "<speak>**Hi** <break time='1s'/> 😊</speak>"
    await provider.synthesize(document, SynthesisOptions(text_format=TextFormat.SSML)).read_all()
    assert fake.tasks[0].texts == [document]


async def test_a_reply_that_is_all_reasoning_is_refused_as_having_no_text(provider: CosyVoiceProvider) -> None:
    with pytest.raises(InvalidRequestError, match="no text to speak"):
        await provider.synthesize("<think>nothing to say</think> 🤔").read_all()
    with pytest.raises(InvalidRequestError, match="no text to speak"):
        await provider.synthesize(story(["<thi", "nk>nothing</think>"])).read_all()


def test_clean_text_is_read_from_a_flat_record() -> None:
    assert SynthesisOptions.from_record({"clean_text": False}).clean_text is False
    assert SynthesisOptions.from_record({}).clean_text is True
