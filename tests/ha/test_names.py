"""Voice labels as a person reads them in the voice menu, in English and Chinese, and the catalog data behind them."""

from __future__ import annotations

import re

import pytest

from cloud_tts_engine.registry import clouds
from custom_components.cloud_tts.engine import Model, Voice
from custom_components.cloud_tts.engine.dashscope.catalog import MODELS, VOICES
from custom_components.cloud_tts.names import described_voice, voice_label

V3_FLASH = MODELS["cosyvoice-v3-flash"]


@pytest.mark.parametrize(
    ("voice_id", "language", "label"),
    [
        ("longanyang", "en", "Long Anyang (sunny young man) · takes instructions"),
        ("longanyang", "zh-Hans", "龙安洋（阳光青年男声） · 支持指令"),
        ("longxiaochun_v3", "zh-Hans", "龙小淳（智能助手女声）"),
        ("longjiaxin_v3", "zh-Hans", "龙嘉欣（粤语女声）"),  # not Mandarin: its language is said
        ("loongemily_v3", "zh-Hans", "Emily（英式英语女声）"),
        ("longjiaxin_v3", "en", "Long Jiaxin (Cantonese, woman)"),
        ("longanhuan_v3", "zh-Hans", "龙安欢（方言） · 支持指令"),  # its name says what it is
    ],
)
def test_a_voice_is_labelled_by_its_name_and_what_it_is_like(voice_id: str, language: str, label: str) -> None:
    assert voice_label(VOICES["cosyvoice-v3-flash"][voice_id], V3_FLASH, language) == label


def test_a_voice_without_a_chinese_name_keeps_its_own_in_chinese() -> None:
    voice = Voice("squeak", "Squeak (toy)", ("en-US",), "toy", "toy-1", (16000,), ("here",))
    model = Model("toy-1", "Toy", "toy", "toy", ("here",), (16000,), 16000)
    assert voice_label(voice, model, "zh-Hans") == described_voice(voice, "zh-Hans") == "Squeak (toy)"


def test_every_chinese_named_voice_is_described_in_chinese() -> None:
    for cloud in clouds():
        for voices in cloud.catalog.voices.values():
            for voice in voices.values():
                if not voice.local_name:
                    continue
                label = described_voice(voice, "zh-Hans")
                assert not re.search(r"[a-z]{3}", label.replace(voice.local_name, "")), label  # no English in it
                if voice.local_description is None:  # the name says it all ("阿拉伯语女声", "知妙（多情感）")
                    assert voice.local_name.endswith(("声", "）")), voice.id
                elif voice.languages[0] != "zh-CN":
                    assert re.search("语|话", voice.local_description), voice.id  # its language is said
