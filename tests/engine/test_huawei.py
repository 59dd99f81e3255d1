"""Huawei Cloud SIS over the fake: sign-in (IAM tokens, AK/SK), real-time TTS, streaming TTS, routing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from yarl import URL

from cloud_tts_engine import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RateLimitedError,
    RegionMismatchError,
    ServiceUnavailableError,
    SynthesisOptions,
    TextFormat,
    TtsError,
    TtsTimeoutError,
)
from cloud_tts_engine.huawei import AccessKey, HuaweiAccount, HuaweiProvider, IamUser
from cloud_tts_engine.huawei.auth import sign
from cloud_tts_engine.huawei.errors import sis_error
from cloud_tts_engine.huawei.family import prosody
from tests.fakes import FakeHuawei, fake_pcm
from tests.helpers import eventually, paced

from .conftest import FAST

ALICE = IamUser("acme", "alice", "s3cret")
KEY = AccessKey("HPUAEXAMPLEAK", "exampleSecretKey")
RTTS = SynthesisOptions(model="rtts", sample_rate=16000)


@pytest.fixture
async def make_huawei(
    huawei: FakeHuawei, session: aiohttp.ClientSession
) -> AsyncIterator[Callable[..., HuaweiProvider]]:
    providers: list[HuaweiProvider] = []

    def make(credentials: IamUser | AccessKey = ALICE, **account: Any) -> HuaweiProvider:
        if isinstance(credentials, AccessKey):
            account.setdefault("project_id", huawei.project_id)
        account = {"endpoint": huawei.url, "iam_endpoint": huawei.iam_url, **account}
        provider = HuaweiProvider(
            HuaweiAccount(credentials, **account),
            session,
            deadlines=FAST,
        )
        providers.append(provider)
        return provider

    yield make
    for provider in providers:
        await provider.close()


@pytest.fixture
def sis(make_huawei: Callable[..., HuaweiProvider]) -> HuaweiProvider:
    return make_huawei()


# -- signing in ---------------------------------------------------------------


def test_the_signature_matches_huaweis_own_test_vector() -> None:
    # huaweicloud-sdk-java-v3 AKSKSignerTest: host;x-sdk-date signed, empty body
    url = URL(
        "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
        "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
    )
    headers = sign(
        AccessKey("AccessKey", "SecretKey"), "GET", url, {}, now=datetime(2019, 11, 15, 3, 36, 55, tzinfo=UTC)
    )
    assert headers["X-Sdk-Date"] == "20191115T033655Z"
    assert headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
        "Signature=fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d"
    )


async def test_an_iam_user_gets_one_token_for_many_replies(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    await sis.synthesize("你好。", RTTS).read_all()
    await sis.synthesize("再见。", RTTS).read_all()
    assert huawei.tokens_issued == 1
    scope = huawei.token_requests[0]["auth"]["scope"]
    assert scope == {"project": {"name": "cn-north-4"}}
    assert [request.auth for request in huawei.requests] == ["token", "token"]


async def test_concurrent_replies_share_one_token_request(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    replies = await asyncio.gather(*(sis.synthesize(f"第{n}句。", RTTS).read_all() for n in range(8)))
    assert replies == [fake_pcm(f"第{n}句。", 16000) for n in range(8)]
    assert huawei.tokens_issued == 1


async def test_a_token_is_renewed_before_it_expires(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.token_lifetime = timedelta(minutes=10)  # inside the renewal margin: renewed at every use
    await sis.synthesize("你好。", RTTS).read_all()
    await sis.synthesize("再见。", RTTS).read_all()
    assert huawei.tokens_issued == 2
    assert huawei.refused == []  # renewed before the service could refuse it


async def test_a_refused_token_is_renewed_once(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    await sis.synthesize("你好。", RTTS).read_all()
    huawei.revoke_tokens()  # e.g. the password changed
    assert await sis.synthesize("再见。", RTTS).read_all() == fake_pcm("再见。", 16000)
    assert huawei.tokens_issued == 2
    assert huawei.refused == ["APIG.0301"]


async def test_a_wrong_password_names_the_iam_user(
    make_huawei: Callable[..., HuaweiProvider], huawei: FakeHuawei
) -> None:
    provider = make_huawei(IamUser("acme", "alice", "wrong"))
    with pytest.raises(AuthenticationError, match=r"IAM user 'alice' of account 'acme'.*HUAWEI ID") as caught:
        await provider.validate_credentials()
    assert "wrong" not in str(caught.value).replace("is wrong", "")  # the password is never shown
    assert huawei.handshakes == 0


async def test_an_access_key_signs_the_upgrade(make_huawei: Callable[..., HuaweiProvider], huawei: FakeHuawei) -> None:
    provider = make_huawei(KEY)
    assert await provider.synthesize("你好。", RTTS).read_all() == fake_pcm("你好。", 16000)
    assert huawei.requests[0].auth == "aksk"
    assert huawei.tokens_issued == 0


async def test_a_wrong_secret_key_is_named(make_huawei: Callable[..., HuaweiProvider], huawei: FakeHuawei) -> None:
    provider = make_huawei(AccessKey("HPUAEXAMPLEAK", "not-the-secret"))
    with pytest.raises(AuthenticationError, match="refused the access key") as caught:
        await provider.validate_credentials()
    assert not isinstance(caught.value, RegionMismatchError)  # a bad pair, not a region problem
    assert caught.value.code == "APIG.0301"
    assert "not-the-secret" not in str(caught.value)


def test_an_access_key_needs_the_project_id() -> None:
    with pytest.raises(AuthenticationError, match="project ID"):
        HuaweiAccount(KEY)


async def test_a_token_of_another_region_is_explained(session: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    shanghai = FakeHuawei(region="cn-east-3")
    await shanghai.start()
    try:
        account = HuaweiAccount(ALICE, endpoint=shanghai.url, iam_endpoint=huawei.iam_url)  # IAM of Beijing 4
        async with HuaweiProvider(account, session, deadlines=FAST) as provider:
            with pytest.raises(RegionMismatchError, match="another region or project") as caught:
                await provider.synthesize("你好。", RTTS).read_all()
        assert caught.value.code == "APIG.0301"
        assert huawei.tokens_issued == 2  # renewed once before giving up
    finally:
        await shanghai.stop()


async def test_missing_real_name_verification_is_explained(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.real_name_verified = False
    with pytest.raises(AuthenticationError, match="real-name verification") as caught:
        await sis.validate_credentials()
    assert caught.value.code == "SIS.0103"


async def test_validating_credentials_is_a_handshake_not_a_synthesis(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    await sis.validate_credentials()
    assert (huawei.tokens_issued, huawei.handshakes) == (1, 1)
    assert all(not request.texts for request in huawei.requests)


# -- real-time TTS ------------------------------------------------------------------


async def test_rtts_speaks_a_text_with_the_options_mapped(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    options = SynthesisOptions(model="rtts", voice="chinese_xiaoyu_common", speed=2.0, pitch=0.5, volume=80)
    audio = sis.synthesize("欢迎使用语音云服务。", options)
    assert audio.format.rate == 16000
    assert await audio.read_all() == fake_pcm("欢迎使用语音云服务。", 16000, speed=2.0)
    config = huawei.requests[0].config
    assert config == {
        "audio_format": "pcm",
        "sample_rate": "16000",
        "property": "chinese_xiaoyu_common",
        "speed": 500,
        "pitch": -500,
        "volume": 80,
    }


def test_prosody_maps_multipliers_to_the_sis_scale() -> None:
    assert [prosody(x) for x in (0.5, 1.0, 2.0)] == [-500, 0, 500]
    assert prosody(1.5) == 292


async def test_rtts_streams_one_connection_per_piece_in_order(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    rest_may_come = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "今天天气很好。"
        await rest_may_come.wait()
        yield "我们去公园吧。"

    audio = sis.synthesize(llm(), RTTS)
    first = await anext(audio)
    rest_may_come.set()
    rest = await audio.read_all()
    assert first + rest == fake_pcm("今天天气很好。我们去公园吧。", 16000)
    assert [request.texts for request in huawei.requests] == [["今天天气很好。"], ["我们去公园吧。"]]


async def test_rtts_opens_the_next_connection_while_the_current_piece_plays(
    sis: HuaweiProvider, huawei: FakeHuawei
) -> None:
    huawei.faults.pace = 1.0
    chunks = ["第一句话" + "很长" * 20 + "。", "第二句。"]
    audio = sis.synthesize(paced(chunks, 0.05), RTTS)
    received = bytearray(await anext(audio))
    await eventually(lambda: len(huawei.requests) == 2 and huawei.requests[0].state == "open")
    async for chunk in audio:
        received += chunk
    assert bytes(received) == fake_pcm("".join(chunks), 16000)


@pytest.mark.parametrize(("voice", "limit"), [("chinese_xiaoyan_common", 500), ("chinese_huaxiaomei_common", 10_000)])
async def test_rtts_pieces_respect_the_voices_limit(
    sis: HuaweiProvider, huawei: FakeHuawei, voice: str, limit: int
) -> None:
    text = "这是一个测试长文本的句子。" * 100  # 1,300 characters
    pcm = await sis.synthesize(text, SynthesisOptions(model="rtts", voice=voice, sample_rate=8000)).read_all()
    assert pcm == fake_pcm(text, 8000)
    assert all(len(request.texts[0]) <= limit for request in huawei.requests)
    assert len(huawei.requests) == (1 if limit == 10_000 else 3)


@pytest.mark.parametrize(
    ("code", "error_type"),
    [("SIS.0401", ServiceUnavailableError), ("SIS.0304", TtsTimeoutError), ("SIS.0402", InvalidRequestError)],
)
async def test_rtts_errors_fail_the_reply(
    sis: HuaweiProvider, huawei: FakeHuawei, code: str, error_type: type[TtsError]
) -> None:
    huawei.faults.fail_after_frames = 1
    huawei.faults.fail_code = code
    received = bytearray()
    with pytest.raises(error_type) as caught:
        async for chunk in sis.synthesize("第一句话说得比较长一点。", RTTS):
            received += chunk
    assert caught.value.code == code
    assert 0 < len(received) < len(fake_pcm("第一句话说得比较长一点。", 16000))


async def test_rtts_concurrency_limit_is_a_passing_rate_limit(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.max_concurrent_tasks = 0
    with pytest.raises(RateLimitedError) as caught:
        await sis.synthesize("你好。", RTTS).read_all()
    assert caught.value.code == "SIS.0312"


async def test_a_stalled_rtts_piece_times_out(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.stall_after_frames = 1
    async with asyncio.timeout(FAST.audio_gap + 2):
        with pytest.raises(TtsTimeoutError):
            await sis.synthesize("第一句话说得比较长一点。", RTTS).read_all()


async def test_riyadh_offers_arabic_and_english_rtts_only(
    make_huawei: Callable[..., HuaweiProvider], huawei: FakeHuawei
) -> None:
    huawei.region = "me-east-1"
    huawei.project_id = "0a1b2c3dmeeast100000000000000"
    riyadh = make_huawei(region="me-east-1")
    assert [model.id for model in riyadh.models()] == ["rtts"]
    assert {voice.id for voice in riyadh.voices()} == {
        "arabic_dh_female",
        "arabic_dh_male",
        "english_dh_female",
        "english_dh_male",
    }
    with pytest.raises(InvalidRequestError, match="not offered in ME-Riyadh"):
        riyadh.synthesize("Hi.", SynthesisOptions(model="streaming-tts"))
    with pytest.raises(InvalidRequestError, match="not offered in ME-Riyadh"):
        riyadh.synthesize("Hi.", SynthesisOptions(voice="chinese_xiaoyan_common"))
    pcm = await riyadh.synthesize(
        "Hello there.", SynthesisOptions(voice="english_dh_male", sample_rate=8000)
    ).read_all()
    assert pcm == fake_pcm("Hello there.", 8000)


# -- streaming TTS ----------------------------------------------------------------------


async def test_streaming_sends_whole_sentences_as_they_complete(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    rest_may_come = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "今天天气"
        yield "很好。我们"
        await rest_may_come.wait()
        yield "去公园吧"

    audio = sis.synthesize(llm())
    assert audio.format.rate == 24000
    first = await anext(audio)
    request = huawei.requests[0]
    assert request.texts == ["今天天气很好。"]  # "我们" is held until its sentence completes
    rest_may_come.set()
    rest = await audio.read_all()
    assert request.texts == ["今天天气很好。", "我们去公园吧。"]  # the last sentence got its full stop
    assert request.unspoken == ""
    assert first + rest == fake_pcm("今天天气很好。我们去公园吧。", 24000)
    assert request.config["voice_name"] == "chinese_huaxiaoli_common"


async def test_streaming_ends_english_with_a_period(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    pcm = await sis.synthesize(paced(["Hello ", "there"])).read_all()
    assert huawei.requests[0].texts == ["Hello there."]
    assert pcm == fake_pcm("Hello there.", 24000)


async def test_streaming_messages_hold_at_most_300_characters(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    text = "这是一个没有句号的很长很长的句子" * 30 + "。"
    pcm = await sis.synthesize(text).read_all()
    assert all(len(piece) <= 300 for piece in huawei.requests[0].texts)
    assert pcm == fake_pcm(text, 24000)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        *(("好" * n, "好" * n + "。") for n in (299, 300, 301, 600, 3000)),
        ("a" * 300, "a" * 300 + "."),
        ("好" * 300 + "。再见", "好" * 300 + "。再见。"),  # a sentence's own stop past the limit
        ("好" * 299 + "”。", "好" * 299 + "”。"),
    ],
)
async def test_a_stop_past_the_message_limit_goes_with_words(
    sis: HuaweiProvider, huawei: FakeHuawei, text: str, spoken: str
) -> None:
    pcm = await sis.synthesize(text).read_all()
    request = huawei.requests[0]
    assert "".join(request.texts) == spoken
    assert all(len(piece) <= 300 for piece in request.texts)
    assert request.unspoken == ""
    assert pcm == fake_pcm(spoken, 24000)


async def test_a_long_pause_ends_the_request_and_speaks_what_came(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    async def slow_llm() -> AsyncIterator[str]:
        yield "第一句还没说完"
        await asyncio.sleep(2 * FAST.text_pause + 0.3)  # past the pause limit, even after one keep-alive
        yield "第二句。"

    pcm = await sis.synthesize(slow_llm()).read_all()
    assert ["".join(request.texts) for request in huawei.requests] == ["第一句还没说完。", "第二句。"]
    assert pcm == fake_pcm("第一句还没说完。第二句。", 24000)


async def test_the_services_text_timeout_is_a_timeout(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.text_timeout = 0.3

    async def slow_llm() -> AsyncIterator[str]:
        yield "第一句。"
        await asyncio.sleep(1.0)
        yield "第二句。"

    with pytest.raises(TtsTimeoutError) as caught:
        await sis.synthesize(slow_llm()).read_all()
    assert caught.value.code == "SIS.0416"


async def test_a_voice_the_service_refuses_is_an_invalid_request(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await sis.synthesize("你好。", SynthesisOptions(voice="chinese_huaxiaotian_common")).read_all()
    assert caught.value.code == "SIS.0411"


async def test_streaming_errors_mid_reply_fail_it(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.fail_after_frames = 1
    with pytest.raises(ServiceUnavailableError) as caught:
        await sis.synthesize("第一句话说得比较长一点。第二句。").read_all()
    assert caught.value.code == "SIS.0401"


async def test_a_dropped_streaming_connection_fails_the_reply(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.drop_after_frames = 1
    with pytest.raises(ServiceUnavailableError):
        await sis.synthesize("第一句话说得比较长一点。第二句。").read_all()


async def test_closing_a_stream_early_closes_its_connection(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.pace = 1.0
    audio = sis.synthesize("很长的一句话。" * 10)
    await anext(audio)
    await audio.aclose()
    await eventually(lambda: huawei.open_connections == 0 and huawei.requests[0].state == "cancelled")


@pytest.mark.parametrize(
    ("text", "spoken"),
    [("你好", "你好。"), ("Hello there", "Hello there."), ("好" * 299, "好" * 299 + "。")],
)
async def test_a_whole_text_of_one_message_goes_in_the_start(
    sis: HuaweiProvider, huawei: FakeHuawei, text: str, spoken: str
) -> None:
    pcm = await sis.synthesize(text).read_all()
    [request] = huawei.requests
    assert (request.text_pieces, request.commands) == ("ONLY", ["START"])  # no MSG, no END
    assert (request.texts, request.unspoken) == ([spoken], "")  # with the full stop the service needs
    assert pcm == fake_pcm(spoken, 24000)


@pytest.mark.parametrize(
    "text",
    [
        lambda: "好" * 300,  # 301 characters with its full stop: two messages
        lambda: paced(["你好。"], 0.01),  # a stream: its end is not known when the request starts
    ],
    ids=["longer", "streamed"],
)
async def test_a_longer_or_streamed_text_starts_multi(
    sis: HuaweiProvider, huawei: FakeHuawei, text: Callable[[], str | AsyncIterator[str]]
) -> None:
    await sis.synthesize(text()).read_all()
    [request] = huawei.requests
    assert request.text_pieces == "MULTI"
    assert request.commands[0] == "START" and request.commands[-1] == "END"


async def test_a_whole_text_retried_from_a_timed_out_spare_goes_in_the_start_again(
    sis: HuaweiProvider, huawei: FakeHuawei
) -> None:
    huawei.faults.idle_timeout = 0.2
    await sis.prewarm()
    await eventually(lambda: huawei.requests[0].error_code == "SIS.0304")
    huawei.faults.idle_timeout = 20.0

    assert await sis.synthesize("你好。").read_all() == fake_pcm("你好。", 24000)  # heard once
    spoken = [request for request in huawei.requests if request.texts]
    assert [(request.text_pieces, request.texts) for request in spoken] == [("ONLY", ["你好。"])]


# -- one provider, both APIs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "api"),
    [
        (SynthesisOptions(), "vcs"),
        (SynthesisOptions(voice="chinese_huaxiaobo_common"), "vcs"),
        (SynthesisOptions(voice="chinese_huaxiaomei_common"), "rtts"),
        (SynthesisOptions(model="rtts"), "rtts"),
    ],
)
async def test_requests_reach_the_api_of_their_voice(
    sis: HuaweiProvider, huawei: FakeHuawei, options: SynthesisOptions, api: str
) -> None:
    await sis.synthesize("你好。", options).read_all()
    assert [request.api for request in huawei.requests] == [api]


async def test_unknown_models_and_voices_fail_before_any_connection(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    with pytest.raises(InvalidRequestError, match="Unknown Huawei Cloud SIS model"):
        sis.synthesize("你好。", SynthesisOptions(model="cosyvoice-v3-flash"))
    with pytest.raises(InvalidRequestError, match=r"^Unknown voice 'Cherry'$"):
        sis.synthesize("你好。", SynthesisOptions(voice="Cherry"))
    with pytest.raises(InvalidRequestError, match="cannot produce 24000 Hz"):
        sis.synthesize("你好。", SynthesisOptions(model="rtts", sample_rate=24000))
    assert huawei.handshakes == 0 and huawei.tokens_issued == 0


async def test_the_catalog_lists_both_apis(sis: HuaweiProvider) -> None:
    assert [model.id for model in sis.models()] == ["streaming-tts", "rtts"]
    voices = sis.voices()
    assert len(voices) == 15 + 18
    assert all(voice.local_name and voice.languages for voice in voices)


async def test_a_slow_stream_without_sentence_ends_stays_one_request(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    # a slow LLM: one sentence takes longer than the pause limit, but text keeps coming
    chunks = ["这是", "一个", "很长", "的句子", "没有", "标点", "符号", "结束。"]
    pcm = await sis.synthesize(paced(chunks, FAST.text_pause * 0.4)).read_all()
    assert len(huawei.requests) == 1
    assert "".join(huawei.requests[0].texts) == "".join(chunks)
    assert pcm == fake_pcm("".join(chunks), 24000)


@pytest.mark.parametrize(
    ("chunks", "sent"),
    [
        (["The value is 3", ".", "14 exactly"], ["The value is 3.14 exactly."]),
        (["你好，"], ["你好。"]),
        (["“你好”"], ["“你好。”"]),
        (["apple\nbanana\n"], ["apple\nbanana."]),
        (["……", "好的"], ["……好的。"]),
    ],
)
async def test_streaming_sentence_ends_and_the_final_full_stop(
    sis: HuaweiProvider, huawei: FakeHuawei, chunks: list[str], sent: list[str]
) -> None:
    await sis.synthesize(paced(chunks)).read_all()
    assert huawei.requests[0].texts == sent
    assert huawei.requests[0].unspoken == ""


async def test_concurrent_replies_survive_a_revoked_token(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    await sis.synthesize("你好。", RTTS).read_all()
    huawei.revoke_tokens()
    replies = await asyncio.gather(*(sis.synthesize(f"第{n}句。", RTTS).read_all() for n in range(4)))
    assert replies == [fake_pcm(f"第{n}句。", 16000) for n in range(4)]


async def test_closing_while_signing_in_ends_the_reply(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.iam_delay = 0.5
    reply = asyncio.create_task(sis.synthesize("你好。", RTTS).read_all())
    await asyncio.sleep(0.1)
    await sis.close()
    async with asyncio.timeout(3):
        with pytest.raises(ServiceUnavailableError, match="closed"):
            await reply


@pytest.mark.parametrize(
    ("code", "error_type", "hint"),
    [
        ("SIS.0101", AuthenticationError, None),
        ("SIS.0102", AuthenticationError, None),
        ("SIS.0103", AuthenticationError, "real-name verification"),
        ("APIG.0301", RegionMismatchError, "another region or project"),
        ("APIGW.0301", RegionMismatchError, "another region or project"),
        ("SIS.0012", InvalidRequestError, None),
        ("SIS.0031", InvalidRequestError, None),
        ("SIS.0032", InvalidRequestError, None),
        ("SIS.0402", InvalidRequestError, "cannot produce this sample rate"),
        ("SIS.0410", InvalidRequestError, None),
        ("SIS.0411", InvalidRequestError, "voice is not valid"),
        ("SIS.1010", InvalidRequestError, "no text to speak"),
        ("SIS.0312", RateLimitedError, "too many requests"),
        ("APIG.0308", RateLimitedError, None),
        ("SIS.0033", TtsTimeoutError, None),
        ("SIS.0304", TtsTimeoutError, None),
        ("SIS.0416", TtsTimeoutError, None),
        ("APIG.0101", ProtocolError, "check the endpoint and project ID"),
        ("SIS.0001", ServiceUnavailableError, None),
        ("SIS.0401", ServiceUnavailableError, None),
        (None, ServiceUnavailableError, None),
    ],
)
def test_every_sis_code_maps_to_an_engine_error(code: str | None, error_type: type[TtsError], hint: str | None) -> None:
    error = sis_error(code, "message from the service", HuaweiAccount(ALICE))
    assert type(error) is error_type
    assert error.code == (code or "unknown")
    assert "message from the service" in str(error)
    if hint:
        assert hint in str(error)


def test_a_restricted_account_is_a_quota_error() -> None:
    error = sis_error("SIS.0001", "resource type is RESTRICTED", HuaweiAccount(ALICE))
    assert isinstance(error, QuotaExceededError)


def test_access_key_refusals_name_the_key_and_the_clock() -> None:
    account = HuaweiAccount(KEY, project_id="p1")
    assert "AK/SK pair and the machine's clock" in str(sis_error("APIG.0301", "verify aksk signature fail", account))


async def test_an_unreachable_or_slow_iam_is_named(
    make_huawei: Callable[..., HuaweiProvider], huawei: FakeHuawei
) -> None:
    unreachable = make_huawei(iam_endpoint="http://127.0.0.1:9")
    with pytest.raises(ServiceUnavailableError, match="Cannot reach Huawei Cloud IAM"):
        await unreachable.validate_credentials()
    huawei.iam_delay = FAST.connect + 0.5
    with pytest.raises(TtsTimeoutError, match="Timed out asking Huawei Cloud IAM"):
        await make_huawei().validate_credentials()


async def test_a_project_the_account_does_not_have_is_named(make_huawei: Callable[..., HuaweiProvider]) -> None:
    with pytest.raises(RegionMismatchError, match="has no project 'not-my-project'"):
        await make_huawei(project_id="not-my-project").validate_credentials()


async def test_a_prewarmed_rtts_connection_serves_the_next_piece_and_is_replaced(
    sis: HuaweiProvider, huawei: FakeHuawei
) -> None:
    await sis.prewarm(RTTS)
    assert (sis.warm_connections, huawei.handshakes) == (1, 1)
    await sis.synthesize("你好。", RTTS).read_all()
    assert huawei.requests[0].texts == ["你好。"]
    # one text per connection: the one taken is replaced, so the next reply finds one open too
    await eventually(lambda: (huawei.handshakes, sis.warm_connections) == (2, 1))
    await sis.synthesize("再见。", RTTS).read_all()
    assert huawei.requests[1].texts == ["再见。"]


async def test_a_spare_the_service_timed_out_is_replaced(sis: HuaweiProvider, huawei: FakeHuawei) -> None:
    huawei.faults.idle_timeout = 0.2
    await sis.prewarm(RTTS)
    await eventually(lambda: huawei.requests[0].error_code == "SIS.0304")
    huawei.faults.idle_timeout = 20.0
    assert await sis.synthesize("你好。", RTTS).read_all() == fake_pcm("你好。", 16000)


@pytest.mark.parametrize("model", ["rtts", "streaming-tts"])
async def test_a_slow_start_times_out(sis: HuaweiProvider, huawei: FakeHuawei, model: str) -> None:
    huawei.faults.task_start_delay = FAST.task_start + 0.5
    with pytest.raises(TtsTimeoutError, match="did not answer START"):
        await sis.synthesize("你好。", SynthesisOptions(model=model)).read_all()


@pytest.mark.parametrize("model", ["rtts", "streaming-tts"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (SynthesisOptions(text_format=TextFormat.SSML), "SSML"),
        (SynthesisOptions(instructions="快一点"), "instructions"),
    ],
)
async def test_ssml_and_instructions_are_refused(
    sis: HuaweiProvider, huawei: FakeHuawei, model: str, options: SynthesisOptions, message: str
) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        sis.synthesize("你好。", replace(options, model=model))
    assert huawei.handshakes == 0


def test_a_rate_limit_is_told_apart_from_a_restricted_account() -> None:
    account = HuaweiAccount(ALICE)
    assert isinstance(sis_error("SIS.0312", "max concurrent resources exceeded", account), RateLimitedError)
    restricted = sis_error("SIS.0001", "resource type is RESTRICTED", account)
    assert isinstance(restricted, QuotaExceededError)
    assert not isinstance(restricted, RateLimitedError)
