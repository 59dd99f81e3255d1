"""CosyVoice over the fake Model Studio: streaming, options, reuse, faults."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest

from cloud_tts_engine import (
    AudioFormat,
    AuthenticationError,
    Deadlines,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RateLimitedError,
    ServiceUnavailableError,
    SynthesisOptions,
    TextFormat,
    TtsTimeoutError,
)
from cloud_tts_engine.dashscope import DashScopeAccount
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from tests.fakes import FakeDashScope, fake_pcm
from tests.fakes.dashscope import weighted
from tests.helpers import eventually, paced

from .conftest import FAST

POEM = "床前明月光，疑是地上霜。举头望明月，低头思故乡。"


async def test_whole_text_gives_the_fakes_audio(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    audio = provider.synthesize(POEM, SynthesisOptions(voice="longanyang", sample_rate=16000))
    assert audio.format == AudioFormat(16000)
    assert fake.handshakes == 0  # nothing is sent before the stream is read

    pcm = await audio.read_all()

    assert pcm == fake_pcm(POEM, 16000)
    assert pcm == bytes(fake.tasks[0].audio)
    assert fake.tasks[0].state == "finished"
    assert "".join(fake.tasks[0].texts) == POEM


async def test_streamed_text_is_sent_as_it_arrives_and_audio_starts_before_the_end(
    provider: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    rest_may_come = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "床前明月光，"
        yield "疑是地上霜。"
        await rest_may_come.wait()
        yield "Hello there. "
        yield "The end"

    audio = provider.synthesize(llm(), SynthesisOptions(voice="longanyang"))
    first = await anext(audio)  # arrives while the text stream is still open
    assert not rest_may_come.is_set()
    assert fake.tasks[0].texts == ["床前明月光，", "疑是地上霜。"]
    rest_may_come.set()
    rest = await audio.read_all()

    assert first + rest == fake_pcm("床前明月光，疑是地上霜。Hello there. The end", 24000)
    # (a space is sent with the word after it)
    assert fake.tasks[0].texts == ["床前明月光，", "疑是地上霜。", "Hello there.", " The end"]


async def test_streamed_and_whole_text_sound_the_same(provider: CosyVoiceProvider) -> None:
    chunks = ["Hello, ", "this is a ", "streamed ", "reply. ", "好的。"]
    streamed = await provider.synthesize(paced(chunks, 0.01)).read_all()
    whole = await provider.synthesize("".join(chunks)).read_all()
    assert streamed == whole == fake_pcm("".join(chunks), 24000)


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 24000, 44100, 48000])
async def test_every_documented_sample_rate(provider: CosyVoiceProvider, fake: FakeDashScope, rate: int) -> None:
    audio = provider.synthesize("你好。", SynthesisOptions(sample_rate=rate))
    assert audio.format.rate == rate
    assert await audio.read_all() == fake_pcm("你好。", rate)
    assert fake.tasks[0].parameters["sample_rate"] == rate
    assert fake.tasks[0].parameters["format"] == "pcm"


async def test_undocumented_sample_rate_is_refused_before_connecting(
    provider: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    with pytest.raises(InvalidRequestError, match="11025 Hz"):
        provider.synthesize("你好", SynthesisOptions(sample_rate=11025))
    assert fake.handshakes == 0


async def test_options_reach_the_service(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    options = SynthesisOptions(
        model="cosyvoice-v3-plus",
        voice="longanhuan",
        speed=1.5,
        pitch=0.8,
        volume=70,
        language="en-US",
        instructions="你说话的情感是happy。",
        seed=42,
    )
    pcm = await provider.synthesize("Good morning.", options).read_all()

    parameters = fake.tasks[0].parameters
    assert fake.tasks[0].model == "cosyvoice-v3-plus"
    assert parameters["voice"] == "longanhuan"
    assert (parameters["rate"], parameters["pitch"], parameters["volume"]) == (1.5, 0.8, 70)
    assert parameters["language_hints"] == ["en"]
    assert parameters["instruction"] == "你说话的情感是happy。"
    assert parameters["seed"] == 42
    assert "enable_ssml" not in parameters
    assert pcm == fake_pcm("Good morning.", 24000, speed=1.5)


async def test_languages_the_service_cannot_hint_are_left_out(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    await provider.synthesize("Selamat pagi.", SynthesisOptions(language="id-ID")).read_all()
    assert "language_hints" not in fake.tasks[0].parameters


async def test_ssml_goes_out_as_one_message(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    ssml = ["<speak>你好，", '<break time="200ms"/>', "世界。</speak>"]
    options = SynthesisOptions(text_format=TextFormat.SSML)
    pcm = await provider.synthesize(paced(ssml), options).read_all()
    assert fake.tasks[0].texts == ["".join(ssml)]
    assert fake.tasks[0].parameters["enable_ssml"] is True
    assert pcm == fake_pcm("".join(ssml), 24000)


async def test_a_finished_task_leaves_its_connection_warm(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    await provider.synthesize("第一句。").read_all()
    await provider.synthesize("第二句。").read_all()

    assert len(fake.connections) == 1
    first, second = fake.tasks
    assert first.task_id != second.task_id
    assert first.state == second.state == "finished"


async def test_prewarmed_connection_serves_the_first_request(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    await provider.prewarm()
    assert fake.handshakes == 1
    await provider.synthesize("你好。").read_all()
    assert fake.handshakes == 1


async def test_validating_credentials_is_a_handshake_that_stays_warm(
    provider: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    await provider.validate_credentials()
    assert fake.tasks == []
    await provider.synthesize("你好。").read_all()
    assert len(fake.connections) == 1


async def test_no_reuse_after_a_failed_task(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    fake.faults.fail_after_frames = 1
    with pytest.raises(ServiceUnavailableError):
        await provider.synthesize(POEM).read_all()
    fake.faults.fail_after_frames = None

    assert await provider.synthesize("你好。").read_all() == fake_pcm("你好。", 24000)
    assert len(fake.connections) == 2
    assert [task.state for task in fake.tasks] == ["failed", "finished"]


async def test_closing_the_stream_early_cancels_the_remote_task(
    provider: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    fake.faults.pace = 5.0
    async with provider.synthesize(POEM * 5) as audio:
        await anext(audio)

    await eventually(lambda: fake.tasks[0].state == "cancelled" and fake.open_connections == 0, timeout=0.5)
    await provider.synthesize("你好。").read_all()
    assert len(fake.connections) == 2


async def test_closing_a_stream_that_waits_for_text_stops_reading_it(provider: CosyVoiceProvider) -> None:
    closed = asyncio.Event()

    async def endless() -> AsyncIterator[str]:
        try:
            yield "第一句。"
            await asyncio.Event().wait()
            yield "never"
        finally:
            closed.set()

    audio = provider.synthesize(endless())
    await anext(audio)
    await audio.aclose()
    assert closed.is_set()


async def test_warm_connections_expire_before_the_service_drops_them(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(deadlines=Deadlines(warm_socket=0.1))
    await provider.synthesize("你好。").read_all()
    await eventually(lambda: fake.open_connections == 0)
    assert fake.connections[0].closed_by == "client"

    await provider.synthesize("你好。").read_all()
    assert len(fake.connections) == 2


@pytest.mark.parametrize("how", ["idle timeout", "close after task"])
async def test_a_warm_connection_the_service_closed_is_replaced(
    provider: CosyVoiceProvider, fake: FakeDashScope, how: str
) -> None:
    if how == "idle timeout":
        fake.faults.idle_timeout = 0.05
    else:
        fake.faults.close_after_task = True
    await provider.synthesize("你好。").read_all()
    await eventually(lambda: fake.open_connections == 0)

    assert await provider.synthesize("再见。").read_all() == fake_pcm("再见。", 24000)
    assert len(fake.connections) == 2


async def test_as_many_connections_stay_warm_as_were_in_use_at_once(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(max_warm_sockets=2)
    fake.faults.pace = 20.0
    replies = await asyncio.gather(*(provider.synthesize(f"第{i}句。").read_all() for i in range(6)))

    assert replies == [fake_pcm(f"第{i}句。", 24000) for i in range(6)]
    assert (len(fake.connections), provider.warm_connections) == (6, 6)
    await asyncio.gather(*(provider.synthesize(f"第{i}句。").read_all() for i in range(6)))
    assert len(fake.connections) == 6  # the next six replies found them warm


async def test_a_reply_waiting_for_a_connection_takes_one_released_meanwhile(fake: FakeDashScope) -> None:
    # Home Assistant's shared session allows so many connections per host; here two. Replies beyond that
    # wait inside the connection limit while finished replies keep theirs warm: they must get those.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=2)) as session:
        account = DashScopeAccount("sk-test", endpoint=fake.url)
        async with CosyVoiceProvider(account, session, deadlines=FAST) as provider:
            replies = await asyncio.gather(*(provider.synthesize(f"第{i}句。").read_all() for i in range(6)))
    assert replies == [fake_pcm(f"第{i}句。", 24000) for i in range(6)]
    assert len(fake.connections) == 2
    assert len(fake.tasks) == 6


async def test_warm_connections_are_bounded_by_use(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(max_warm_sockets=2)
    for i in range(3):
        await provider.synthesize(f"第{i}句。").read_all()
    await provider.prewarm()
    await provider.prewarm()
    assert provider.warm_connections == 2  # one in use at a time: max_warm_sockets bounds the pool
    await eventually(lambda: fake.open_connections == 2)


async def test_no_connection_stays_warm_when_warm_connections_are_off(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(max_warm_sockets=0)
    await asyncio.gather(*(provider.synthesize(f"第{i}句。").read_all() for i in range(3)))
    assert provider.warm_connections == 0
    await eventually(lambda: fake.open_connections == 0)


async def test_every_reply_connects_when_idle_connections_are_kept_no_time(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(deadlines=Deadlines(warm_socket=0.0))
    for i in range(3):
        assert await provider.synthesize(f"第{i}句。").read_all() == fake_pcm(f"第{i}句。", 24000)
    assert fake.handshakes == 3  # what the benchmarks' "connect per request" path relies on
    assert provider.warm_connections == 0


async def test_many_concurrent_replies_each_get_their_own_audio(provider: CosyVoiceProvider) -> None:
    texts = [f"Reply number {i}. 第{i}个回答。" for i in range(30)]
    replies = await asyncio.gather(*(provider.synthesize(paced([t[:8], t[8:]], 0.01)).read_all() for t in texts))
    assert replies == [fake_pcm(text, 24000) for text in texts]


async def test_a_pause_longer_than_the_service_allows_does_not_fail_the_reply(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    fake.faults.text_timeout = 0.6  # the service's 23 s, scaled down
    provider = make_provider(deadlines=Deadlines(text_pause=0.3, audio_gap=2.0))

    async def thinking_llm() -> AsyncIterator[str]:
        await asyncio.sleep(0.8)  # before the first text
        yield "第一句。"
        await asyncio.sleep(0.8)  # and between sentences
        yield "第二句。"

    pcm = await provider.synthesize(thinking_llm()).read_all()

    assert pcm == fake_pcm("第一句。第二句。", 24000)
    assert [task.state for task in fake.tasks if task.texts] == ["finished", "finished"]
    assert all(task.error_code is None for task in fake.tasks)


async def test_long_text_is_split_to_the_services_limits(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    text = "这是一个很长的句子，" * 11_000  # 220,000 weighted characters: two tasks
    pcm = await provider.synthesize(text, SynthesisOptions(sample_rate=8000)).read_all()

    assert pcm == fake_pcm(text, 8000)
    assert len(fake.tasks) == 2
    assert all(weighted(message) <= 20_000 for task in fake.tasks for message in task.texts)
    assert all(sum(map(weighted, task.texts)) <= 200_000 for task in fake.tasks)
    assert "".join(message for task in fake.tasks for message in task.texts) == text


@pytest.mark.parametrize("text", ["", "   ", "\u200b\n"])
async def test_empty_text_is_refused_at_once(provider: CosyVoiceProvider, fake: FakeDashScope, text: str) -> None:
    with pytest.raises(InvalidRequestError, match="no text"):
        provider.synthesize(text)
    assert fake.handshakes == 0


async def test_an_empty_text_stream_is_an_error(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    with pytest.raises(InvalidRequestError, match="no text"):
        await provider.synthesize(paced(["", "  ", "\n"])).read_all()
    assert not any(task.texts for task in fake.tasks)


async def test_oversized_ssml_is_refused(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    document = "<speak>" + "长" * 10_000 + "</speak>"
    with pytest.raises(InvalidRequestError, match="20000"):
        await provider.synthesize(document, SynthesisOptions(text_format=TextFormat.SSML)).read_all()
    assert fake.handshakes == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (SynthesisOptions(voice="longxiaochun_v2"), "belongs to cosyvoice-v2"),
        (SynthesisOptions(voice="nobody"), "Unknown voice"),
        (SynthesisOptions(model="cosyvoice-v9"), "Unknown CosyVoice model"),
        (SynthesisOptions(model="cosyvoice-v3.5-plus"), "no preset voices"),
        (SynthesisOptions(voice="longxiaochun_v3", instructions="开心。"), "does not take instructions"),
        (SynthesisOptions(voice="longanyang", instructions="开" * 60), "100 characters"),
        (SynthesisOptions(seed=70_000), "seed"),
    ],
)
async def test_bad_requests_are_refused_before_connecting(
    provider: CosyVoiceProvider, fake: FakeDashScope, options: SynthesisOptions, message: str
) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        provider.synthesize("你好。", options)
    assert fake.handshakes == 0


@pytest.mark.parametrize(("model", "voice"), [("cosyvoice-v2", None), ("cosyvoice-v3-flash", "loongabby_v3")])
async def test_what_singapore_does_not_offer_is_refused(
    make_provider: Callable[..., CosyVoiceProvider], model: str, voice: str | None
) -> None:
    provider = make_provider(region="ap-southeast-1")
    with pytest.raises(InvalidRequestError, match="not offered in Singapore"):
        provider.synthesize("Hi.", SynthesisOptions(model=model, voice=voice))


async def test_a_voice_the_service_rejects_for_the_model_is_explained(provider: CosyVoiceProvider) -> None:
    with pytest.raises(InvalidRequestError, match="voice does not belong to the model") as caught:
        await provider.synthesize("你好。", SynthesisOptions(voice="longhua_v3")).read_all()
    assert caught.value.code == "InvalidParameter"


async def test_a_cloned_voice_id_is_passed_through(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    voice = "cosyvoice-v3-flash-myvoice-0123456789abcdef"
    await provider.synthesize("你好。", SynthesisOptions(voice=voice)).read_all()
    assert fake.tasks[0].parameters["voice"] == voice


async def test_a_bad_key_is_an_authentication_error_naming_the_region(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(api_key="sk-wrong")
    with pytest.raises(AuthenticationError, match=r"China \(Beijing\)") as caught:
        await provider.validate_credentials()
    assert "sk-wrong" not in str(caught.value)
    with pytest.raises(AuthenticationError):
        await provider.synthesize("你好。").read_all()
    assert fake.connections == []


@pytest.mark.parametrize(
    ("code", "message", "error"),
    [
        ("Arrearage", "Access denied, please make sure your account is in good standing.", QuotaExceededError),
        ("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.", RateLimitedError),
        ("Throttling.AllocationQuota", "Allocated quota exceeded.", QuotaExceededError),
        ("AccessDenied", "Access denied.", AuthenticationError),
        ("InvalidParameter", "Parameter invalid", InvalidRequestError),
        ("InternalError", "An internal error has occured, please try again later.", ServiceUnavailableError),
    ],
)
async def test_task_failures_map_to_engine_errors(
    provider: CosyVoiceProvider, fake: FakeDashScope, code: str, message: str, error: type[Exception]
) -> None:
    fake.faults.run_task_failure = (code, message)
    with pytest.raises(error) as caught:
        await provider.synthesize("你好。").read_all()
    assert caught.value.code == code  # type: ignore[attr-defined]


async def test_the_service_rate_limit_is_a_passing_rate_limit(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    fake.faults.max_concurrent_tasks = 2
    fake.faults.pace = 5.0
    results = await asyncio.gather(*(provider.synthesize(POEM).read_all() for _ in range(4)), return_exceptions=True)
    assert sum(isinstance(r, bytes) for r in results) == 2
    assert sum(isinstance(r, RateLimitedError) for r in results) == 2


async def _partial_then_error(provider: CosyVoiceProvider, text: str) -> tuple[int, BaseException]:
    received = 0
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the type is checked by the caller
        async for chunk in provider.synthesize(text, SynthesisOptions(sample_rate=8000)):
            received += len(chunk)
    return received, caught.value


async def test_a_failure_after_audio_began_is_an_error_not_a_short_reply(
    provider: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    fake.faults.fail_after_frames = 2
    received, error = await _partial_then_error(provider, POEM)
    assert isinstance(error, ServiceUnavailableError)
    assert error.code == "InternalError"
    assert fake.tasks[0].frames == 2
    assert received == len(fake.tasks[0].audio) < len(fake_pcm(POEM, 8000))


async def test_a_dropped_connection_is_an_error(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    fake.faults.drop_after_frames = 1
    received, error = await _partial_then_error(provider, POEM)
    assert isinstance(error, ServiceUnavailableError)
    assert fake.tasks[0].frames == 1
    assert received == len(fake.tasks[0].audio) < len(fake_pcm(POEM, 8000))


async def test_a_stalled_service_times_out(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(deadlines=Deadlines(audio_gap=0.3, text_pause=0.2))
    fake.faults.stall_after_frames = 1
    _, error = await _partial_then_error(provider, POEM)
    assert isinstance(error, TtsTimeoutError)
    await eventually(lambda: fake.tasks[0].state == "cancelled")


async def test_a_task_that_never_starts_times_out(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(deadlines=Deadlines(task_start=0.2))
    fake.faults.task_start_delay = 1.0
    with pytest.raises(TtsTimeoutError, match="did not start"):
        await provider.synthesize("你好。").read_all()


async def test_a_slow_handshake_times_out(make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope) -> None:
    provider = make_provider(deadlines=Deadlines(connect=0.2))
    fake.faults.handshake_delay = 1.0
    with pytest.raises(TtsTimeoutError, match="connecting"):
        await provider.synthesize("你好。").read_all()


async def test_a_refused_handshake_is_service_unavailable(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    fake.faults.handshake_status = 503
    with pytest.raises(ServiceUnavailableError, match="HTTP 503"):
        await provider.synthesize("你好。").read_all()


async def test_an_unreachable_service_is_service_unavailable(session: aiohttp.ClientSession) -> None:
    account = DashScopeAccount("sk-test", endpoint="ws://127.0.0.1:9")
    async with CosyVoiceProvider(account, session, deadlines=FAST) as unreachable:
        with pytest.raises(ServiceUnavailableError, match="Cannot connect"):
            await unreachable.synthesize("你好。").read_all()


async def test_a_malformed_message_close_is_a_protocol_error(
    provider: CosyVoiceProvider, fake: FakeDashScope, monkeypatch: pytest.MonkeyPatch
) -> None:
    def without_input(self: CosyVoiceProvider, turn: object, text: str) -> str:
        header = {"action": "continue-task", "task_id": getattr(turn, "id", ""), "streaming": "duplex"}
        return json.dumps({"header": header, "payload": {}})

    monkeypatch.setattr(CosyVoiceProvider, "_text_message", without_input)
    with pytest.raises(ProtocolError, match="1007"):
        await provider.synthesize("你好。").read_all()
    assert fake.connections[0].closed_by == "server"


@pytest.mark.parametrize("consumer_delay", [0.0, 0.2])
async def test_an_error_in_the_text_stream_reaches_the_caller(
    provider: CosyVoiceProvider, fake: FakeDashScope, consumer_delay: float
) -> None:
    async def broken() -> AsyncIterator[str]:
        yield "第一句。"
        raise RuntimeError("the LLM failed")

    with pytest.raises(RuntimeError, match="the LLM failed"):
        async for _ in provider.synthesize(broken()):
            await asyncio.sleep(consumer_delay)  # a consumer playing audio in real time
    await provider.synthesize("你好。").read_all()
    assert len(fake.connections) == 2  # the interrupted connection was not reused


async def test_blank_chunks_do_not_count_as_text_for_the_pause_limit(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    fake.faults.text_timeout = 0.6  # the service's 23 s, scaled down
    provider = make_provider(deadlines=Deadlines(text_pause=0.3, audio_gap=2.0))

    async def thinking_aloud() -> AsyncIterator[str]:
        yield "第一句。"
        for _ in range(4):
            await asyncio.sleep(0.25)
            yield " "
        yield "第二句。"

    assert await provider.synthesize(thinking_aloud()).read_all() == fake_pcm("第一句。第二句。", 24000)
    assert all(task.error_code is None for task in fake.tasks)


async def test_secrets_stay_out_of_logs_and_errors(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bad = make_provider(api_key="sk-very-secret")
    good = make_provider()
    errors: list[BaseException] = []
    for attempt in (
        bad.validate_credentials(),
        good.synthesize("你好。", SynthesisOptions(voice="longhua_v3")).read_all(),
    ):
        try:
            await attempt
        except Exception as err:
            errors.append(err)
    assert len(errors) == 2
    assert "sk-very-secret" not in caplog.text
    assert "sk-test" not in caplog.text
    assert all("sk-" not in str(err) for err in errors)
    assert "sk-" not in repr(bad.account)


async def test_the_services_own_text_timeout_is_a_timeout_error(
    provider: CosyVoiceProvider, fake: FakeDashScope
) -> None:
    fake.faults.text_timeout = 0.3  # shorter than our pause limit: the service gives up first
    with pytest.raises(TtsTimeoutError, match="stopped waiting for more text") as caught:
        await provider.synthesize(paced(["第一句。", "第二句。"], 0.6)).read_all()
    assert caught.value.code == "CLIENT_ERROR"


async def test_deadlines_past_the_services_limits_are_kept_inside_them(
    session: aiohttp.ClientSession, fake: FakeDashScope
) -> None:
    class QuickService(CosyVoiceProvider):
        service_idle_timeout = 0.5  # a service that drops idle connections after half a second

    account = DashScopeAccount("sk-test", endpoint=fake.url)
    async with QuickService(account, session, deadlines=Deadlines(warm_socket=60.0)) as provider:
        await provider.synthesize("你好。").read_all()
        assert provider.warm_connections == 1
        await eventually(lambda: fake.connections[0].closed_by is not None, timeout=2.0)
        assert fake.connections[0].closed_by == "client"  # we let it go before the service would


async def test_every_model_shares_the_warm_connections(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    await provider.validate_credentials()
    await provider.synthesize("你好。", SynthesisOptions(model="cosyvoice-v3-plus")).read_all()
    await provider.synthesize("你好。", SynthesisOptions(model="cosyvoice-v2", voice="longhua_v2")).read_all()
    assert len(fake.connections) == 1


async def test_a_slow_listener_is_not_mistaken_for_a_silent_service(
    make_provider: Callable[..., CosyVoiceProvider], fake: FakeDashScope
) -> None:
    provider = make_provider(deadlines=Deadlines(audio_gap=0.4, text_pause=0.3))
    received = bytearray()
    async for chunk in provider.synthesize(POEM):
        received += chunk
        await asyncio.sleep(0.5)  # longer than audio_gap: the audio waits in the socket
    assert bytes(received) == fake_pcm(POEM, 24000)


async def test_the_services_error_wins_over_a_failed_send(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    fake.faults.fail_after_frames = 1
    fake.faults.fail_code = "DataInspectionFailed"
    fake.faults.fail_message = "Input or output data may contain inappropriate content."
    chunks = [f"第{n}句话。" for n in range(40)]
    with pytest.raises(InvalidRequestError) as caught:
        async for _ in provider.synthesize(paced(chunks, 0.02)):
            await asyncio.sleep(0.3)  # the listener plays in real time while text keeps coming
    assert caught.value.code == "DataInspectionFailed"


async def test_closing_during_a_prewarm_leaves_nothing_open(provider: CosyVoiceProvider, fake: FakeDashScope) -> None:
    fake.faults.handshake_delay = 0.3
    prewarm = asyncio.create_task(provider.prewarm())
    await asyncio.sleep(0.1)
    await provider.close()
    assert prewarm.done()
    await eventually(lambda: fake.open_connections == 0)
    with pytest.raises(ServiceUnavailableError, match="closed"):
        await provider.synthesize("你好。").read_all()


@pytest.mark.parametrize(
    ("code", "message", "passing"),
    [
        ("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.", True),
        ("Throttling", "Requests throttling triggered.", True),
        ("Arrearage", "Access denied, please make sure your account is in good standing.", False),
        ("Throttling.AllocationQuota", "Allocated quota exceeded, please increase your quota limit.", False),
        ("PrepaidBillOverdue", "The prepaid bill is overdue.", False),
    ],
)
async def test_a_passing_rate_limit_is_told_apart_from_an_exhausted_balance_or_quota(
    provider: CosyVoiceProvider, fake: FakeDashScope, code: str, message: str, passing: bool
) -> None:
    fake.faults.run_task_failure = (code, message)
    with pytest.raises(QuotaExceededError) as caught:
        await provider.synthesize("你好。").read_all()
    assert isinstance(caught.value, RateLimitedError) is passing
