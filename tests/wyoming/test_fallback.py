"""Fallback voices over Wyoming: named per voice or preset in the config, spoken seamlessly, loops refused."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeVoice

from tests.fakes import FakeDashScope, FakeHuawei, fake_pcm
from tests.wyoming.conftest import IAM_ENV
from tests.wyoming.test_command_line import run
from tests.wyoming.test_server import client, read_reply
from wyoming_server.server import serve
from wyoming_server.settings import Preset, ProviderSettings, ServerSettings, SettingsError, from_file

HUAWEI_VOICE = "chinese_huaxiaoli_common"
TEXT = "第一句话。第二句话。"


def _accounts(fake: FakeDashScope, huawei: FakeHuawei) -> tuple[ProviderSettings, ProviderSettings]:
    """Model Studio at 48 kHz (a rate Huawei's voices do not make), and Huawei Cloud."""
    return (
        ProviderSettings("dashscope", endpoint=fake.url, sample_rate=48000),
        ProviderSettings("huawei", endpoint=huawei.url, iam_endpoint=huawei.iam_url),
    )


async def test_a_voice_failing_before_audio_is_spoken_by_its_fallback_in_the_fallbacks_format(
    fake: FakeDashScope, huawei: FakeHuawei, start_server: Callable[..., Any]
) -> None:
    uri = await start_server(*_accounts(fake, huawei), env=IAM_ENV, fallbacks={"longanyang": HUAWEI_VOICE})
    fake.faults.run_task_failure = ("Arrearage", "Access denied, please make sure your account is in good standing.")
    async with client(uri) as tts:
        await tts.write_event(Synthesize(text=TEXT, voice=SynthesizeVoice(name="longanyang")).event())
        start, audio, error = await read_reply(tts)
    assert error is None and start is not None
    assert start.rate != 48000  # audio-start tells the format of who speaks: the fallback's
    assert start.rate == int(huawei.requests[0].config["sample_rate"])
    assert audio == fake_pcm(TEXT, start.rate)


async def test_a_streamed_text_is_replayed_whole_to_the_fallback(
    fake: FakeDashScope, huawei: FakeHuawei, start_server: Callable[..., Any]
) -> None:
    uri = await start_server(*_accounts(fake, huawei), env=IAM_ENV, fallbacks={"longanyang": HUAWEI_VOICE})
    fake.faults.fail_after_frames = 0  # the primary takes the text, then fails before its first audio
    async with client(uri) as tts:
        await tts.write_event(SynthesizeStart(voice=SynthesizeVoice(name="longanyang")).event())
        for chunk in ("第一句", "话。", "第二句话。"):
            await tts.write_event(SynthesizeChunk(text=chunk).event())
        await tts.write_event(SynthesizeStop().event())
        start, audio, error = await read_reply(tts, streaming=True)
    assert error is None and start is not None
    assert "".join(huawei.requests[0].texts) == TEXT
    assert audio == fake_pcm(TEXT, start.rate)


async def test_a_presets_fallback_speaks_for_voices_without_their_own(
    fake: FakeDashScope, huawei: FakeHuawei, start_server: Callable[..., Any]
) -> None:
    preset = Preset("calm", speed=0.9, fallback=HUAWEI_VOICE)
    uri = await start_server(*_accounts(fake, huawei), env=IAM_ENV, presets=(preset,))
    fake.faults.run_task_failure = ("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.")
    async with client(uri) as tts:
        await tts.write_event(Synthesize(text=TEXT, voice=SynthesizeVoice(name="longanyang", speaker="calm")).event())
        start, audio, error = await read_reply(tts)
        assert error is None and start is not None
        assert audio == fake_pcm(TEXT, start.rate)
        await tts.write_event(Synthesize(text=TEXT, voice=SynthesizeVoice(name="longanyang")).event())
        _, _, error = await read_reply(tts)  # without the speaker: no fallback
    assert error is not None and error.code == "Throttling.RateQuota"


async def test_describe_is_the_same_with_fallbacks(
    fake: FakeDashScope, huawei: FakeHuawei, start_server: Callable[..., Any]
) -> None:
    described = []
    for fallbacks in ({}, {"longanyang": HUAWEI_VOICE}):
        uri = await start_server(*_accounts(fake, huawei), env=IAM_ENV, fallbacks=fallbacks)
        async with client(uri) as tts:
            await tts.write_event(Describe().event())
            event = await tts.read_event()
        assert event is not None
        described.append(Info.from_event(event).to_dict())
    assert described[0] == described[1]


@pytest.mark.parametrize(
    ("fallbacks", "presets", "message"),
    [
        (
            {"longanyang": HUAWEI_VOICE, HUAWEI_VOICE: "longanyang"},
            (),
            f"loop: .*longanyang → {HUAWEI_VOICE} → longanyang",
        ),
        ({"longanyang": "nobody"}, (), "no voice served is named 'nobody'"),
        ({HUAWEI_VOICE: "longanyang"}, (Preset("calm", fallback=HUAWEI_VOICE),), "loop"),
    ],
)
async def test_fallbacks_that_loop_or_name_no_voice_stop_start_up(
    fake: FakeDashScope, huawei: FakeHuawei, fallbacks: dict[str, str], presets: tuple[Preset, ...], message: str
) -> None:
    settings = ServerSettings(
        uri="tcp://127.0.0.1:0", providers=_accounts(fake, huawei), presets=presets, fallbacks=fallbacks
    )
    with pytest.raises(SettingsError, match=message):
        await asyncio.wait_for(serve(settings, {"DASHSCOPE_API_KEY": "sk-test", **IAM_ENV}), 10)


async def test_a_loop_in_the_config_file_stops_start_up_with_one_line(fake: FakeDashScope, tmp_path: Path) -> None:
    path = tmp_path / "tts.toml"
    path.write_text(
        f'[[provider]]\nprovider = "dashscope"\nendpoint = "{fake.url}"\n'
        '[fallbacks]\nlonganyang = "longanhuan"\nlonganhuan = "longanyang"\n'
    )
    code, err = await run("--config", str(path), env={"DASHSCOPE_API_KEY": "sk-test"})
    assert code == 2
    assert err.strip() == "error: [fallbacks]: The fallback voices loop: longanyang → longanhuan → longanyang"


def test_the_config_file_names_fallbacks_per_voice_and_preset(tmp_path: Path) -> None:
    path = tmp_path / "tts.toml"
    path.write_text(
        '[[provider]]\nprovider = "dashscope"\n[fallbacks]\nlonganyang = "sambert-zhichu-v1"\n'
        '[presets.calm]\nspeed = 0.9\nfallback = "longanhuan"\n'
    )
    settings = from_file(path)
    assert settings.fallbacks == {"longanyang": "sambert-zhichu-v1"}
    assert settings.presets[0].fallback == "longanhuan"
