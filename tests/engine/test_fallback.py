"""Fallback voices: a reply the primary fails before its first audio is spoken, whole, by the fallback.

Two fake clouds: Model Studio (CosyVoice) and Huawei Cloud SIS; faults are injected on the primary only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import aiohttp
import pytest

from cloud_tts_engine import (
    Deadlines,
    FallbackProvider,
    InvalidRequestError,
    QuotaExceededError,
    RateLimitedError,
    ServiceUnavailableError,
    Speaker,
    SynthesisOptions,
    TtsError,
    TtsProvider,
    fallback_chain,
    with_fallbacks,
)
from cloud_tts_engine.dashscope import DashScopeAccount
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from cloud_tts_engine.huawei import HuaweiAccount, HuaweiProvider, IamUser
from tests.fakes import FakeDashScope, FakeHuawei, fake_pcm
from tests.helpers import paced

QUICK = Deadlines(connect=0.5, task_start=2.0, audio_gap=3.0, text_pause=2.5, warm_socket=0)
TEXT = "第一句话。第二句话。"
CHUNKS = ["第一", "句话。", "第二", "句话。"]


@dataclass
class Clouds:
    """Providers of both fakes, made on demand and closed after the test."""

    dashscope: FakeDashScope
    huawei: FakeHuawei
    session: aiohttp.ClientSession
    made: list[TtsProvider] = field(default_factory=list)

    def model_studio(self, key: str = "sk-test") -> TtsProvider:
        account = DashScopeAccount(key, endpoint=self.dashscope.url)
        return self._keep(CosyVoiceProvider(account, self.session, deadlines=QUICK))

    def sis(self, project_id: str | None = None) -> TtsProvider:
        user = IamUser("acme", "alice", "s3cret")
        account = HuaweiAccount(user, project_id=project_id, endpoint=self.huawei.url, iam_endpoint=self.huawei.iam_url)
        return self._keep(HuaweiProvider(account, self.session, deadlines=QUICK))

    def _keep(self, provider: TtsProvider) -> TtsProvider:
        self.made.append(provider)
        return provider


@pytest.fixture
async def clouds(fake: FakeDashScope, huawei: FakeHuawei, session: aiohttp.ClientSession) -> AsyncIterator[Clouds]:
    made = Clouds(fake, huawei, session)
    yield made
    for provider in made.made:
        await provider.close()


def _model_studio_first(clouds: Clouds, fell_back: Callable[[TtsError], None] | None = None) -> FallbackProvider:
    """Model Studio speaks; Huawei Cloud stands in."""
    primary = Speaker(clouds.model_studio(), SynthesisOptions(voice="longanyang"), fell_back)
    return FallbackProvider(primary, Speaker(clouds.sis(), SynthesisOptions()))


def _fail_auth(clouds: Clouds) -> FallbackProvider:
    primary = Speaker(clouds.model_studio(key="sk-revoked"), SynthesisOptions(voice="longanyang"))
    return FallbackProvider(primary, Speaker(clouds.sis(), SynthesisOptions()))


def _fail_region(clouds: Clouds) -> FallbackProvider:
    primary = Speaker(clouds.sis(project_id="0a1b2c3dcneast300000000000000"), SynthesisOptions())
    return FallbackProvider(primary, Speaker(clouds.model_studio(), SynthesisOptions(voice="longanyang")))


def _fault(**faults: object) -> Callable[[Clouds], FallbackProvider]:
    def make(clouds: Clouds) -> FallbackProvider:
        for name, value in faults.items():
            setattr(clouds.dashscope.faults, name, value)
        return _model_studio_first(clouds)

    return make


FAULTS = {
    "authentication": _fail_auth,
    "region mismatch": _fail_region,
    "balance": _fault(
        run_task_failure=("Arrearage", "Access denied, please make sure your account is in good standing.")
    ),
    "quota": _fault(run_task_failure=("Throttling.AllocationQuota", "Free allocated quota exceeded.")),
    "rate limit": _fault(handshake_status=429),
    "unavailable": _fault(handshake_status=503),
    "timeout": _fault(handshake_delay=2.0),
    "failed before audio": _fault(fail_after_frames=0),
    "protocol (no service at the endpoint)": _fault(handshake_status=404),
}


@pytest.mark.parametrize("fail", FAULTS.values(), ids=FAULTS.keys())
async def test_every_fault_another_service_can_fix_is_spoken_by_the_fallback(
    clouds: Clouds, fail: Callable[[Clouds], FallbackProvider]
) -> None:
    provider = fail(clouds)
    async with provider.synthesize(TEXT) as audio:
        spoken = await audio.read_all()
    assert spoken == fake_pcm(TEXT, audio.format.rate)
    assert audio.format == provider.audio_format()  # the fallback makes the primary's rate where it can


async def test_the_fallback_speaks_at_the_primarys_rate_where_its_voice_makes_it(clouds: Clouds) -> None:
    clouds.dashscope.faults.handshake_status = 503
    provider = _model_studio_first(clouds)
    async with provider.synthesize(TEXT, SynthesisOptions(voice="longanyang", sample_rate=8000)) as audio:
        assert await audio.read_all() == fake_pcm(TEXT, 8000)
    assert clouds.huawei.requests[0].config["sample_rate"] == "8000"


async def test_the_fallback_speaks_at_its_own_rate_where_it_cannot_make_the_primarys(clouds: Clouds) -> None:
    clouds.dashscope.faults.handshake_status = 503
    provider = _model_studio_first(clouds)
    assert provider.audio_format(SynthesisOptions(voice="longanyang", sample_rate=48000)).rate == 48000
    async with provider.synthesize(TEXT, SynthesisOptions(voice="longanyang", sample_rate=48000)) as audio:
        spoken = await audio.read_all()
    own = provider.fallback.provider.audio_format(provider.fallback.options)
    assert own.rate != 48000
    assert audio.format == own  # the fallback's own, known with the first chunk
    assert spoken == fake_pcm(TEXT, own.rate)


async def test_a_streamed_text_is_replayed_to_the_fallback_from_its_beginning(clouds: Clouds) -> None:
    clouds.dashscope.faults.fail_after_frames = 0  # the primary takes the text, then fails before audio
    provider = _model_studio_first(clouds)
    async with provider.synthesize(paced(CHUNKS, 0.05)) as audio:
        spoken = await audio.read_all()
    assert "".join(clouds.dashscope.tasks[0].texts)  # the primary had consumed text
    assert "".join(clouds.huawei.requests[0].texts) == TEXT
    assert spoken == fake_pcm(TEXT, audio.format.rate)


async def test_the_primary_speaks_when_it_can_and_the_fallback_is_not_asked(clouds: Clouds) -> None:
    told: list[TtsError] = []
    provider = _model_studio_first(clouds, told.append)
    async with provider.synthesize(paced(CHUNKS)) as audio:
        assert await audio.read_all() == fake_pcm(TEXT, 24000)
    assert not clouds.huawei.requests
    assert not told


async def test_the_primary_is_told_what_failed_when_its_fallback_speaks(clouds: Clouds) -> None:
    clouds.dashscope.faults.handshake_status = 429
    told: list[TtsError] = []
    async with _model_studio_first(clouds, told.append).synthesize(TEXT) as audio:
        await audio.read_all()
    assert [type(err) for err in told] == [RateLimitedError]  # HTTP 429: a passing rate limit


async def test_an_invalid_request_does_not_fall_back(clouds: Clouds) -> None:
    clouds.dashscope.faults.run_task_failure = ("InvalidParameter", "text is invalid")
    provider = _model_studio_first(clouds)
    with pytest.raises(InvalidRequestError):
        await provider.synthesize(TEXT).read_all()
    with pytest.raises(InvalidRequestError, match="no text"):
        provider.synthesize("  ")
    assert not clouds.huawei.requests


async def test_a_failure_after_the_first_audio_stays_an_error(clouds: Clouds) -> None:
    clouds.dashscope.faults.fail_after_frames = 1
    received = bytearray()
    with pytest.raises(ServiceUnavailableError):
        async for chunk in _model_studio_first(clouds).synthesize(TEXT):
            received += chunk
    assert received
    assert not clouds.huawei.requests


async def test_the_callers_own_failure_does_not_fall_back(clouds: Clouds) -> None:
    async def broken() -> AsyncIterator[str]:
        yield "第一"
        raise RuntimeError("the caller's LLM failed")

    with pytest.raises(RuntimeError, match="LLM"):
        await _model_studio_first(clouds).synthesize(broken()).read_all()
    assert not clouds.huawei.requests


async def test_when_the_fallback_fails_too_the_primarys_error_is_raised(clouds: Clouds) -> None:
    clouds.dashscope.faults.handshake_status = 429
    clouds.huawei.faults.handshake_status = 503
    with pytest.raises(QuotaExceededError):
        await _model_studio_first(clouds).synthesize(TEXT).read_all()


async def test_a_chain_speaks_with_the_first_voice_that_can(clouds: Clouds) -> None:
    told: list[str] = []
    chain = with_fallbacks(
        [
            Speaker(
                clouds.model_studio("sk-revoked"), SynthesisOptions(voice="longanyang"), lambda _: told.append("A")
            ),
            Speaker(
                clouds.model_studio("sk-expired"), SynthesisOptions(voice="longanhuan"), lambda _: told.append("B")
            ),
            Speaker(clouds.sis(), SynthesisOptions()),
        ]
    )
    async with chain.provider.synthesize(paced(CHUNKS), chain.options) as audio:
        assert await audio.read_all() == fake_pcm(TEXT, 24000)
    assert "".join(clouds.huawei.requests[0].texts) == TEXT
    assert told == ["B", "A"]


def test_a_chain_that_loops_is_refused_naming_the_loop() -> None:
    fallbacks = {"a": "b", "b": "c", "c": "a"}
    assert fallback_chain("b", {"b": "c"}.get) == ["b", "c"]
    with pytest.raises(InvalidRequestError, match="a → b → c → a"):
        fallback_chain("a", fallbacks.get)
