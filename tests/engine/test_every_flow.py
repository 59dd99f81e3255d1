"""What every flow (duplex, piecewise; each service) does alike: stalls, and the caller's own failures.

A service that stops sending audio mid-reply is noticed within ``audio_stall``; the longer
``audio_gap`` still covers the first audio and the caller's own pauses, which are not stalls.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from cloud_tts_engine import Deadlines, SynthesisOptions, TtsProvider, TtsTimeoutError
from cloud_tts_engine.dashscope import DashScopeAccount
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from cloud_tts_engine.dashscope.qwen_tts import QwenTtsProvider
from cloud_tts_engine.dashscope.sambert import SambertProvider
from cloud_tts_engine.huawei import HuaweiAccount, HuaweiProvider, IamUser
from tests.fakes import FakeDashScope, FakeHuawei, Faults, fake_pcm
from tests.helpers import eventually

PATIENT = Deadlines(connect=2.0, task_start=2.0, audio_gap=30.0, text_pause=20.0, audio_stall=0.3)
"""A stall is noticed after 0.3 s; anything still waiting on ``audio_gap`` would take 30 s."""
WITHIN = 10.0
"""Seconds a test may take: far more than a stall, far less than ``audio_gap``."""
FIRST = "第一句话说得比较长一点。"
SECOND = "第二句话也说得长一点。"
TEXT = FIRST + SECOND
"""Each sentence is more than one frame of the fakes' audio."""


@dataclass
class Flow:
    """A provider of one flow, the faults of the fake it speaks to, and the options to use."""

    provider: TtsProvider
    fake: FakeDashScope | FakeHuawei
    options: SynthesisOptions

    @property
    def faults(self) -> Faults:
        return self.fake.faults

    @property
    def rate(self) -> int:
        return self.provider.audio_format(self.options).rate


@pytest.fixture(params=["cosyvoice", "qwen-tts-realtime", "sambert", "huawei-streaming", "huawei-rtts"])
async def flow(request: pytest.FixtureRequest, session: aiohttp.ClientSession) -> AsyncIterator[Flow]:
    name: str = request.param
    fake: FakeDashScope | FakeHuawei
    if name.startswith("huawei"):
        fake = FakeHuawei()
        await fake.start()
        account = HuaweiAccount(IamUser("acme", "alice", "s3cret"), endpoint=fake.url, iam_endpoint=fake.iam_url)
        provider: TtsProvider = HuaweiProvider(account, session, deadlines=PATIENT)
        options = SynthesisOptions(model="rtts" if name == "huawei-rtts" else None)
    else:
        fake = FakeDashScope()
        await fake.start()
        kind = {"cosyvoice": CosyVoiceProvider, "qwen-tts-realtime": QwenTtsProvider, "sambert": SambertProvider}
        provider = kind[name](DashScopeAccount("sk-test", endpoint=fake.url), session, deadlines=PATIENT)
        options = SynthesisOptions()
    yield Flow(provider, fake, options)
    await provider.close()
    await fake.stop()


async def test_a_service_that_stops_mid_reply_fails_it_within_the_stall_deadline(flow: Flow) -> None:
    flow.faults.stall_after_frames = 1
    received = bytearray()
    async with asyncio.timeout(WITHIN):
        with pytest.raises(TtsTimeoutError, match=r"no audio for 0\.3 s"):
            async for chunk in flow.provider.synthesize(TEXT, flow.options):
                received += chunk
    assert 0 < len(received) < len(fake_pcm(TEXT, flow.rate))


async def test_the_first_audio_may_take_longer_than_the_stall_deadline(flow: Flow) -> None:
    flow.faults.first_audio_delay = 1.0
    async with asyncio.timeout(WITHIN):
        pcm = await flow.provider.synthesize(TEXT, flow.options).read_all()
    assert pcm == fake_pcm(TEXT, flow.rate)


async def test_a_pause_in_the_callers_text_after_audio_began_is_not_a_stall(flow: Flow) -> None:
    heard = asyncio.Event()

    async def thinking_llm() -> AsyncIterator[str]:
        yield FIRST
        await heard.wait()
        await asyncio.sleep(1.0)  # the audio so far has all come: the service is silent, waiting for us
        yield SECOND

    received = bytearray()
    async with asyncio.timeout(WITHIN):
        async for chunk in flow.provider.synthesize(thinking_llm(), flow.options):
            received += chunk
            heard.set()
    assert bytes(received) == fake_pcm(TEXT, flow.rate)


def test_the_stall_deadline_is_never_longer_than_the_audio_gap() -> None:
    assert Deadlines().stalled_after == 10.0
    assert Deadlines(audio_gap=2.0, text_pause=1.5).stalled_after == 2.0
    with pytest.raises(ValueError, match="audio_stall"):
        Deadlines(audio_stall=0)


@pytest.mark.parametrize("when", ["before any text", "after some text", "after audio began"])
async def test_the_callers_own_error_comes_through_unchanged_and_frees_the_connection(flow: Flow, when: str) -> None:
    failure = RuntimeError("the LLM failed")
    heard = asyncio.Event()

    async def broken_llm() -> AsyncIterator[str]:
        if when != "before any text":
            yield FIRST
        if when == "after audio began":
            await heard.wait()
        raise failure

    with pytest.raises(RuntimeError) as caught:
        async for _ in flow.provider.synthesize(broken_llm(), flow.options):
            heard.set()
    assert caught.value is failure  # not wrapped in a TtsError: it is the caller's
    await eventually(lambda: flow.fake.open_connections == flow.provider.warm_connections)
    assert await flow.provider.synthesize(TEXT, flow.options).read_all() == fake_pcm(TEXT, flow.rate)
