"""One Model Studio account, every family: requests reach the family of their model."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from cloud_tts_engine import AuthenticationError, InvalidRequestError, RegionMismatchError, SynthesisOptions
from cloud_tts_engine.dashscope import DashScopeAccount, DashScopeProvider
from tests.fakes import FakeDashScope, fake_pcm
from tests.helpers import eventually


@pytest.fixture
def dashscope(make_provider: Callable[..., Any]) -> DashScopeProvider:
    provider: DashScopeProvider = make_provider(DashScopeProvider)
    return provider


@pytest.mark.parametrize(
    ("options", "family_model", "rate"),
    [
        (SynthesisOptions(), "cosyvoice-v3-flash", 24000),
        (SynthesisOptions(voice="longxiaochun_v2"), "cosyvoice-v2", 24000),
        (SynthesisOptions(voice="cosyvoice-v3-plus-family-1a2b"), "cosyvoice-v3-plus", 24000),
        (SynthesisOptions(voice="Cherry"), "qwen3-tts-flash-realtime", 24000),
        (SynthesisOptions(model="qwen-tts-realtime", voice="Ethan"), "qwen-tts-realtime", 24000),
        (SynthesisOptions(voice="sambert-zhiqi-v1"), "sambert-zhiqi-v1", 48000),
        (SynthesisOptions(model="sambert-eva-v1"), "sambert-eva-v1", 16000),
        (SynthesisOptions(model="sambert-zhichu-v1", voice="sambert-zhichu-v1"), "sambert-zhichu-v1", 48000),
        (SynthesisOptions(model="sambert-zhichu-v1", volume=60), "sambert-zhichu-v1", 48000),
    ],
)
async def test_a_request_reaches_the_family_of_its_model(
    dashscope: DashScopeProvider, fake: FakeDashScope, options: SynthesisOptions, family_model: str, rate: int
) -> None:
    assert dashscope.audio_format(options).rate == rate  # known without a connection
    audio = dashscope.synthesize("你好。", options)
    assert audio.format == dashscope.audio_format(options)
    assert await audio.read_all() == fake_pcm("你好。", rate)
    served = [task.model for task in fake.tasks] + [session.model for session in fake.sessions]
    assert served == [family_model]


async def test_the_catalog_is_the_regions(make_provider: Callable[..., Any]) -> None:
    beijing: DashScopeProvider = make_provider(DashScopeProvider)
    singapore: DashScopeProvider = make_provider(DashScopeProvider, region="ap-southeast-1")
    assert {model.family for model in beijing.models()} == {"cosyvoice", "qwen-tts-realtime", "sambert"}
    assert {model.family for model in singapore.models()} == {"cosyvoice", "qwen-tts-realtime"}
    assert len(beijing.voices()) == 38 + 2 + 37 + 48 + 24 + 4 + 43
    assert all("ap-southeast-1" in voice.regions for voice in singapore.voices())


@pytest.mark.parametrize(
    ("voice", "message"),
    [
        ("loongabby_v3", "not offered in Singapore"),
        ("sambert-zhiqi-v1", "not offered in Singapore"),
        ("nobody", "Unknown voice 'nobody'"),
    ],
)
async def test_a_voice_the_region_lacks_fails_before_any_connection(
    make_provider: Callable[..., Any], fake: FakeDashScope, voice: str, message: str
) -> None:
    singapore: DashScopeProvider = make_provider(DashScopeProvider, region="ap-southeast-1")
    with pytest.raises(InvalidRequestError, match=message):
        singapore.synthesize("Hi.", SynthesisOptions(voice=voice))
    with pytest.raises(InvalidRequestError, match=message):
        singapore.audio_format(SynthesisOptions(voice=voice))
    assert fake.handshakes == 0


async def test_an_unknown_model_names_the_regions_models(dashscope: DashScopeProvider) -> None:
    with pytest.raises(InvalidRequestError, match=r"Unknown Model Studio model 'gpt-4o'.*qwen3-tts-flash-realtime"):
        dashscope.synthesize("Hi.", SynthesisOptions(model="gpt-4o"))


async def test_credentials_are_checked_with_a_handshake(make_provider: Callable[..., Any], fake: FakeDashScope) -> None:
    good: DashScopeProvider = make_provider(DashScopeProvider)
    await good.validate_credentials()
    assert fake.handshakes == 1
    assert fake.tasks == []  # nothing paid for

    wrong_region: DashScopeProvider = make_provider(DashScopeProvider, api_key="sk-intl", region="ap-southeast-1")
    with pytest.raises(AuthenticationError, match=r"Model Studio in Singapore rejected the API key.*region") as caught:
        await wrong_region.validate_credentials()
    assert not isinstance(caught.value, RegionMismatchError)  # an endpoint override hides the other region
    assert fake.handshakes == 2


async def test_a_key_of_the_other_region_is_named(
    session: aiohttp.ClientSession, fake: FakeDashScope, two_regions: FakeDashScope
) -> None:
    async with DashScopeProvider(DashScopeAccount("sk-intl", region="cn-beijing"), session) as provider:
        with pytest.raises(RegionMismatchError, match=r"belongs to Model Studio \(Singapore\), not China") as caught:
            await provider.validate_credentials()
    assert caught.value.region == "ap-southeast-1"
    assert (fake.handshakes, two_regions.handshakes) == (1, 1)
    assert two_regions.tasks == []  # a handshake, nothing paid for


async def test_a_key_no_region_accepts_is_just_refused(
    session: aiohttp.ClientSession, fake: FakeDashScope, two_regions: FakeDashScope
) -> None:
    async with DashScopeProvider(DashScopeAccount("sk-nobody", region="ap-southeast-1"), session) as provider:
        with pytest.raises(AuthenticationError, match="rejected the API key") as caught:
            await provider.validate_credentials()
    assert not isinstance(caught.value, RegionMismatchError)
    assert (fake.handshakes, two_regions.handshakes) == (1, 1)


async def test_prewarm_opens_a_connection_for_the_family_that_will_speak(
    dashscope: DashScopeProvider, fake: FakeDashScope
) -> None:
    await dashscope.prewarm(SynthesisOptions(voice="Cherry"))
    assert len(fake.sessions) == 1  # a realtime connection, waiting
    await dashscope.synthesize("你好。", SynthesisOptions(voice="Cherry")).read_all()
    assert fake.sessions[0].texts == ["你好。"]


async def test_close_closes_every_familys_connections(dashscope: DashScopeProvider, fake: FakeDashScope) -> None:
    await dashscope.synthesize("一。").read_all()
    await dashscope.synthesize("二。", SynthesisOptions(voice="sambert-zhiqi-v1")).read_all()
    await dashscope.prewarm(SynthesisOptions(voice="Cherry"))
    assert fake.open_connections == 3
    await dashscope.close()
    await eventually(lambda: fake.open_connections == 0)


async def test_keep_ready_keeps_the_voices_family_or_every_family_when_asked(
    make_provider: Callable[..., Any], fake: FakeDashScope
) -> None:
    one: DashScopeProvider = make_provider(DashScopeProvider)
    await one.keep_ready(SynthesisOptions(voice="Cherry"))  # a Home Assistant voice: its own family only
    assert (len(fake.connections), [session.model for session in fake.sessions]) == (0, ["qwen3-tts-flash-realtime"])

    every: DashScopeProvider = make_provider(DashScopeProvider)
    await every.keep_ready(SynthesisOptions(voice="Cherry"), every_family=True)  # a server that speaks them all
    assert len(fake.connections) == 2  # CosyVoice's and Sambert's task endpoint
    assert len(fake.sessions) == 2


async def test_voices_of_one_family_kept_ready_at_once_open_one_connection(
    make_provider: Callable[..., Any], fake: FakeDashScope
) -> None:
    provider: DashScopeProvider = make_provider(DashScopeProvider)
    voices = ("longanyang", "longanhuan", "longanyang")  # Home Assistant's voice entities, set up together
    await asyncio.gather(*(provider.keep_ready(SynthesisOptions(voice=voice)) for voice in voices))
    await eventually(lambda: provider.warm_connections == 1)
    assert len(fake.connections) == 1
