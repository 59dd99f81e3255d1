"""Language hints never contradict the text: the rule, and what the services receive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cloud_tts_engine import SynthesisOptions
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from cloud_tts_engine.dashscope.qwen_tts import QwenTtsProvider
from cloud_tts_engine.languages import contradicts
from tests.fakes import FakeDashScope
from tests.helpers import paced


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Dinner is ready.", "zh-CN"),
        ("Dinner is ready.", "ja"),
        ("Dinner is ready.", "ko-KR"),
        ("Привет, мир.", "en-US"),
        ("晚饭好了，请来吃饭。", "en-US"),
        ("晚饭好了，请来吃饭。", "fr"),
        ("안녕하세요.", "zh"),
        ("Hello.", "ru"),
    ],
)
def test_a_text_without_a_letter_of_the_language_contradicts_it(text: str, language: str) -> None:
    assert contradicts(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("今天的meeting取消了。", "zh-CN"),  # English words inside Chinese
        ("今天的meeting取消了。", "en-US"),
        ("Play 周杰伦 in the kitchen.", "zh-CN"),
        ("Play 周杰伦 in the kitchen.", "en-US"),
        ("2026-05-09 12:30", "zh-CN"),  # numbers only
        ("42", "en"),
        ("👍🎉", "zh-CN"),  # emoji
        ("……！？", "en"),  # punctuation only
        ("東京は晴れです。", "ja"),
        ("東京", "ja"),  # kanji alone may be Japanese
        ("晚饭好了。", "yue"),
        ("Ça va très bien.", "fr-FR"),
        ("Ｈｅｌｌｏ", "en"),  # full-width Latin letters
        ("Dinner is ready.", "th-TH"),  # a language without a listed script: nothing to contradict
        ("Dinner is ready.", "EN-us"),
    ],
)
def test_mixed_or_letterless_text_contradicts_nothing(text: str, language: str) -> None:
    assert not contradicts(text, language)


@pytest.fixture
def cosyvoice(make_provider: Callable[..., Any]) -> CosyVoiceProvider:
    provider: CosyVoiceProvider = make_provider(CosyVoiceProvider)
    return provider


@pytest.fixture
def qwen(make_provider: Callable[..., Any]) -> QwenTtsProvider:
    provider: QwenTtsProvider = make_provider(QwenTtsProvider)
    return provider


async def test_cosyvoice_gets_no_chinese_hint_for_an_english_text(
    cosyvoice: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    await cosyvoice.synthesize("Dinner is ready.", SynthesisOptions(language="zh-CN")).read_all()
    assert "language_hints" not in fake.tasks[0].parameters


async def test_cosyvoice_keeps_the_chinese_hint_for_a_chinese_text(
    cosyvoice: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    await cosyvoice.synthesize("晚饭好了，请来吃饭。", SynthesisOptions(language="zh-CN")).read_all()
    assert fake.tasks[0].parameters["language_hints"] == ["zh"]


async def test_cosyvoice_gets_no_hint_without_a_language(cosyvoice: CosyVoiceProvider, fake: FakeDashScope) -> None:
    await cosyvoice.synthesize("晚饭好了。", SynthesisOptions(language=None)).read_all()
    assert "language_hints" not in fake.tasks[0].parameters


async def test_cosyvoice_sends_a_chosen_hint_with_streamed_text(
    cosyvoice: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    await cosyvoice.synthesize(paced(["Dinner ", "is ready."]), SynthesisOptions(language="zh-CN")).read_all()
    assert fake.tasks[0].parameters["language_hints"] == ["zh"]


@pytest.mark.parametrize(
    ("text", "language", "language_type"),
    [
        ("Dinner is ready.", "zh-CN", "Auto"),
        ("晚饭好了，请来吃饭。", "zh-CN", "Chinese"),
        ("晚饭好了，请来吃饭。", "en-US", "Auto"),
        ("晚饭好了，请来吃饭。", None, "Auto"),
        ("Dinner is ready.", "en-US", "English"),
    ],
)
async def test_qwen_gets_the_language_type_the_text_allows(
    qwen: QwenTtsProvider, fake: FakeDashScope, text: str, language: str | None, language_type: str
) -> None:
    await qwen.synthesize(text, SynthesisOptions(language=language)).read_all()
    assert fake.sessions[0].config["language_type"] == language_type


async def test_qwen_sends_a_chosen_language_type_with_streamed_text(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    await qwen.synthesize(paced(["Dinner ", "is ready."]), SynthesisOptions(language="zh-CN")).read_all()
    assert fake.sessions[0].config["language_type"] == "Chinese"
