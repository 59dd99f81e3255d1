"""Sambert over the fake Model Studio: whole-text tasks, pieces, look-ahead, faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from cloud_tts_engine import (
    AudioFormat,
    InvalidRequestError,
    RateLimitedError,
    ServiceUnavailableError,
    SynthesisOptions,
    TextFormat,
    TtsError,
    TtsTimeoutError,
)
from cloud_tts_engine.dashscope.sambert import SambertProvider
from tests.fakes import FakeDashScope, fake_pcm
from tests.helpers import eventually, paced

from .conftest import FAST


@pytest.fixture
def sambert(make_provider: Callable[..., Any]) -> SambertProvider:
    provider: SambertProvider = make_provider(SambertProvider)
    return provider


async def test_whole_text_is_one_task_at_the_voices_native_rate(sambert: SambertProvider, fake: FakeDashScope) -> None:
    audio = sambert.synthesize("你好，世界。今天很好！")
    assert audio.format == AudioFormat(48000)  # sambert-zhichu-v1 is made at 48 kHz
    pcm = await audio.read_all()

    assert pcm == fake_pcm("你好，世界。今天很好！", 48000)
    [task] = fake.tasks
    assert task.model == "sambert-zhichu-v1"
    assert task.texts == ["你好，世界。今天很好！"]
    assert task.parameters["sample_rate"] == 48000
    assert task.state == "finished"


async def test_a_16k_voice_and_the_options_reach_the_task(sambert: SambertProvider, fake: FakeDashScope) -> None:
    options = SynthesisOptions(voice="sambert-zhiyue-v1", speed=1.25, pitch=0.9, volume=80)
    audio = sambert.synthesize("您好，请问有什么可以帮您？", options)
    assert audio.format.rate == 16000
    assert await audio.read_all() == fake_pcm("您好，请问有什么可以帮您？", 16000, speed=1.25)
    parameters = fake.tasks[0].parameters
    assert (parameters["rate"], parameters["pitch"], parameters["volume"]) == (1.25, 0.9, 80)
    assert fake.tasks[0].model == "sambert-zhiyue-v1"


async def test_another_rate_is_resampled_by_the_service(sambert: SambertProvider, fake: FakeDashScope) -> None:
    audio = sambert.synthesize("你好。", SynthesisOptions(voice="sambert-zhichu-v1", sample_rate=8000))
    assert await audio.read_all() == fake_pcm("你好。", 8000)
    assert fake.tasks[0].parameters["sample_rate"] == 8000


async def test_a_long_text_becomes_consecutive_tasks_heard_as_one(
    sambert: SambertProvider, fake: FakeDashScope
) -> None:
    sentence = "这是一个用来测试长文本的句子，它会被重复很多次。"
    text = sentence * 500  # 12,000 characters: more than one task holds
    pcm = await sambert.synthesize(text).read_all()

    assert pcm == fake_pcm(text, 48000)
    assert len(fake.tasks) > 1
    assert all(len(task.texts[0]) <= 10_000 for task in fake.tasks)
    assert all(task.texts[0].endswith("。") for task in fake.tasks)  # cut at sentence ends
    assert "".join(task.texts[0] for task in fake.tasks) == text


async def test_streamed_text_is_spoken_sentence_by_sentence_before_it_ends(
    sambert: SambertProvider, fake: FakeDashScope
) -> None:
    rest_may_come = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "今天天气"
        yield "很好。"
        await rest_may_come.wait()
        yield "我们去公园吧。"

    audio = sambert.synthesize(llm())
    first = await anext(audio)
    assert not rest_may_come.is_set()
    assert fake.tasks[0].texts == ["今天天气很好。"]
    rest_may_come.set()
    rest = await audio.read_all()

    assert first + rest == fake_pcm("今天天气很好。我们去公园吧。", 48000)
    assert [task.texts for task in fake.tasks] == [["今天天气很好。"], ["我们去公园吧。"]]


async def test_the_next_piece_is_fetched_while_the_current_one_plays(
    sambert: SambertProvider, fake: FakeDashScope
) -> None:
    fake.faults.pace = 1.0  # audio arrives in real time: a piece takes a while
    chunks = ["第一句话" + "很长" * 20 + "。", "第二句话也很长很长。", "第三句。"]
    audio = sambert.synthesize(paced(chunks, 0.05))
    received = bytearray(await anext(audio))
    await eventually(lambda: len(fake.tasks) >= 2 and fake.tasks[0].state == "running")
    assert fake.tasks[1].connection != fake.tasks[0].connection  # a second connection, ahead of time
    async for chunk in audio:
        received += chunk
    assert bytes(received) == fake_pcm("".join(chunks), 48000)


async def test_connections_are_reused_between_replies(sambert: SambertProvider, fake: FakeDashScope) -> None:
    await sambert.synthesize("一。").read_all()
    await sambert.synthesize("二。").read_all()
    assert len(fake.connections) == 1
    assert len(fake.tasks) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (SynthesisOptions(voice="Cherry"), "belongs to"),
        (SynthesisOptions(voice="sambert-nobody-v1"), "Unknown voice"),
        (SynthesisOptions(sample_rate=22050), "cannot produce 22050 Hz"),
        (SynthesisOptions(instructions="快一点"), "do not take instructions"),
        (SynthesisOptions(text_format=TextFormat.SSML), "SSML"),
    ],
)
async def test_bad_requests_fail_before_any_connection(
    sambert: SambertProvider, fake: FakeDashScope, options: SynthesisOptions, message: str
) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        sambert.synthesize("你好。", options)
    assert fake.handshakes == 0


async def test_sambert_is_beijing_only(make_provider: Callable[..., Any], fake: FakeDashScope) -> None:
    singapore: SambertProvider = make_provider(SambertProvider, region="ap-southeast-1")
    assert singapore.voices() == []
    with pytest.raises(InvalidRequestError, match="not offered in Singapore"):
        singapore.synthesize("Hello.")
    assert fake.handshakes == 0


async def _fail(sambert: SambertProvider, text: str) -> tuple[bytes, TtsError]:
    received = bytearray()
    with pytest.raises(TtsError) as failure:
        async for chunk in sambert.synthesize(paced([text])):
            received += chunk
    return bytes(received), failure.value


async def test_a_failed_task_fails_the_reply_and_stops_the_pieces_ahead(
    sambert: SambertProvider, fake: FakeDashScope
) -> None:
    fake.faults.fail_after_frames = 2
    text = "第一句话说得很长很长很长很长很长很长。第二句。"
    received, error = await _fail(sambert, text)
    assert isinstance(error, ServiceUnavailableError)
    assert error.code == "InternalError"
    assert 0 < len(received) < len(fake_pcm(text, 48000))
    await eventually(lambda: fake.running_tasks == 0)


async def test_a_rate_limit_is_a_passing_rate_limit(sambert: SambertProvider, fake: FakeDashScope) -> None:
    fake.faults.run_task_failure = ("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.")
    _, error = await _fail(sambert, "你好。")
    assert isinstance(error, RateLimitedError)


async def test_a_stalled_task_times_out(sambert: SambertProvider, fake: FakeDashScope) -> None:
    fake.faults.stall_after_frames = 1
    async with asyncio.timeout(FAST.audio_gap + 2):
        _, error = await _fail(sambert, "你好，世界，这句话足够长。")
    assert isinstance(error, TtsTimeoutError)


async def test_a_dead_warm_connection_is_replaced(sambert: SambertProvider, fake: FakeDashScope) -> None:
    fake.faults.idle_timeout = 0.2  # the service drops the idle connection before we do
    await sambert.synthesize("一。").read_all()
    await eventually(lambda: fake.open_connections == 0)
    fake.faults.idle_timeout = 60.0
    assert await sambert.synthesize("二。").read_all() == fake_pcm("二。", 48000)
    assert len(fake.connections) == 2


async def test_an_error_in_the_text_stream_reaches_the_caller(sambert: SambertProvider) -> None:
    async def broken() -> AsyncIterator[str]:
        yield "第一句。"
        await asyncio.sleep(0.05)
        raise RuntimeError("the LLM failed")

    with pytest.raises(RuntimeError, match="the LLM failed"):
        await sambert.synthesize(broken()).read_all()


async def test_no_text_is_an_invalid_request(sambert: SambertProvider, fake: FakeDashScope) -> None:
    with pytest.raises(InvalidRequestError, match="no text"):
        await sambert.synthesize(paced(["  ", "\n"])).read_all()
    assert fake.tasks == []


async def test_a_sentence_ending_in_a_full_stop_is_spoken_once_the_text_pauses(
    sambert: SambertProvider, fake: FakeDashScope
) -> None:
    rest_may_come = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "Good morning."  # a "." may be an abbreviation: taken as a sentence end after a pause
        await rest_may_come.wait()
        yield " Dr. Smith is here."

    audio = sambert.synthesize(llm(), SynthesisOptions(voice="sambert-eva-v1"))
    first = await anext(audio)
    assert fake.tasks[0].texts == ["Good morning."]
    rest_may_come.set()
    rest = await audio.read_all()
    assert first + rest == fake_pcm("Good morning. Dr. Smith is here.", 16000)
    assert fake.tasks[1].texts == ["Dr. Smith is here."]
