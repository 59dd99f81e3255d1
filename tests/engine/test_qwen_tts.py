"""Qwen-TTS realtime over the fake Model Studio: sessions, options, spares, faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from cloud_tts_engine import (
    AudioFormat,
    AuthenticationError,
    Deadlines,
    InvalidRequestError,
    QuotaExceededError,
    RateLimitedError,
    ServiceUnavailableError,
    SynthesisOptions,
    TextFormat,
    TtsError,
    TtsTimeoutError,
)
from cloud_tts_engine.dashscope.qwen_tts import QwenTtsProvider
from tests.fakes import FakeDashScope, fake_pcm
from tests.helpers import eventually, paced

from .conftest import FAST

TEXT = "你好，我是千问。Hello, I am Qwen. 今天天气很好！"


@pytest.fixture
def qwen(make_provider: Callable[..., Any]) -> QwenTtsProvider:
    provider: QwenTtsProvider = make_provider(QwenTtsProvider)
    return provider


async def test_whole_text_is_one_session_with_the_fakes_audio(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    audio = qwen.synthesize(TEXT, SynthesisOptions(voice="Cherry"))
    assert audio.format == AudioFormat(24000)
    assert fake.handshakes == 0

    pcm = await audio.read_all()

    assert pcm == fake_pcm(TEXT, 24000)
    [session] = fake.sessions
    assert session.model == "qwen3-tts-flash-realtime"
    assert session.state == "finished"
    assert "".join(session.texts) == TEXT
    assert session.updates == 1
    assert {k: session.config[k] for k in ("voice", "mode", "response_format", "sample_rate", "language_type")} == {
        "voice": "Cherry",
        "mode": "server_commit",
        "response_format": "pcm",
        "sample_rate": 24000,
        "language_type": "Auto",
    }
    assert len(session.responses) == 3  # the service spoke sentence by sentence
    assert all(response.status == "completed" for response in session.responses)


async def test_streamed_text_is_appended_as_it_arrives(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    rest_may_come = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "你好，"
        yield "我是千问。"
        await rest_may_come.wait()
        yield "Goodbye."

    audio = qwen.synthesize(llm(), SynthesisOptions(voice="Ethan"))
    first = await anext(audio)
    assert not rest_may_come.is_set()
    assert "".join(fake.sessions[0].texts) == "你好，我是千问。"  # what was ready went with the session's start
    rest_may_come.set()
    rest = await audio.read_all()

    assert first + rest == fake_pcm("你好，我是千问。Goodbye.", 24000)
    assert fake.sessions[0].texts[-1] == "Goodbye."
    assert fake.sessions[0].state == "finished"


async def test_streamed_and_whole_text_sound_the_same(qwen: QwenTtsProvider) -> None:
    chunks = ["Hello, ", "this is ", "streamed. ", "好的。", "Done"]
    streamed = await qwen.synthesize(paced(chunks, 0.01)).read_all()
    whole = await qwen.synthesize("".join(chunks)).read_all()
    assert streamed == whole == fake_pcm("".join(chunks), 24000)


async def test_the_options_reach_the_session(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    options = SynthesisOptions(voice="Serena", speed=1.5, pitch=0.8, volume=70, sample_rate=16000, language="en-GB")
    pcm = await qwen.synthesize("Hi there.", options).read_all()

    config = fake.sessions[0].config
    assert (config["speech_rate"], config["pitch_rate"], config["volume"]) == (1.5, 0.8, 70)
    assert config["sample_rate"] == 16000
    assert config["language_type"] == "English"
    assert pcm == fake_pcm("Hi there.", 16000, speed=1.5)


@pytest.mark.parametrize(
    ("language", "language_type"),
    [("zh-CN", "Chinese"), ("zh-HK", "Chinese"), ("ja", "Japanese"), ("pt-BR", "Portuguese"), ("th-TH", "Auto")],
)
async def test_the_request_language_picks_the_language_type(
    qwen: QwenTtsProvider, fake: FakeDashScope, language: str, language_type: str
) -> None:
    await qwen.synthesize(paced(["好。"]), SynthesisOptions(language=language)).read_all()  # streamed: sent as chosen
    assert fake.sessions[0].config["language_type"] == language_type


@pytest.mark.parametrize("rate", [8000, 16000, 24000, 48000])
async def test_every_rate_of_the_model(qwen: QwenTtsProvider, rate: int) -> None:
    audio = qwen.synthesize("一二三。", SynthesisOptions(sample_rate=rate))
    assert audio.format.rate == rate
    assert await audio.read_all() == fake_pcm("一二三。", rate)


async def test_instructions_go_to_the_instruct_model(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    options = SynthesisOptions(
        model="qwen3-tts-instruct-flash-realtime",
        voice="Cherry",
        instructions="语速稍快，语调上扬。",
        optimize_instructions=True,
    )
    await qwen.synthesize("新品上市啦！", options).read_all()
    session = fake.sessions[0]
    assert session.model == "qwen3-tts-instruct-flash-realtime"
    assert session.config["instructions"] == "语速稍快，语调上扬。"
    assert session.config["optimize_instructions"] is True


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (SynthesisOptions(instructions="Speak softly."), "does not take instructions"),
        (SynthesisOptions(model="qwen3-tts-instruct-flash-realtime", voice="Jennifer"), "belongs to"),
        (SynthesisOptions(voice="Nobody"), "Unknown voice 'Nobody'"),
        (SynthesisOptions(voice="longanyang"), "belongs to cosyvoice"),
        (SynthesisOptions(sample_rate=22050), "cannot produce 22050 Hz"),
        (SynthesisOptions(text_format=TextFormat.SSML), "does not accept SSML"),
        (SynthesisOptions(model="qwen-tts-realtime", speed=1.2), "its own speed"),
        (SynthesisOptions(model="qwen-tts-realtime", sample_rate=16000), "cannot produce 16000 Hz"),
        (SynthesisOptions(model="qwen3-tts-vc-realtime-2026-01-15"), "no preset voices"),
        (SynthesisOptions(model="cosyvoice-v3-flash"), "Unknown Qwen-TTS realtime model"),
        (SynthesisOptions(model="qwen3-tts-instruct-flash-realtime", instructions="很" * 1601), "1,600 tokens"),
    ],
)
async def test_bad_requests_fail_before_any_connection(
    qwen: QwenTtsProvider, fake: FakeDashScope, options: SynthesisOptions, message: str
) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        qwen.synthesize("你好。", options)
    assert fake.handshakes == 0


async def test_qwen_tts_realtime_is_beijing_only(make_provider: Callable[..., Any], fake: FakeDashScope) -> None:
    singapore: QwenTtsProvider = make_provider(QwenTtsProvider, region="ap-southeast-1")
    with pytest.raises(InvalidRequestError, match="not offered in Singapore"):
        singapore.synthesize("Hi.", SynthesisOptions(model="qwen-tts-realtime"))
    assert "qwen-tts-realtime" not in {model.id for model in singapore.models()}
    assert fake.handshakes == 0


async def test_qwen_tts_realtime_speaks_with_its_own_prosody(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    pcm = await qwen.synthesize("你好。", SynthesisOptions(model="qwen-tts-realtime", voice="Ethan")).read_all()
    assert pcm == fake_pcm("你好。", 24000)
    assert not {"speech_rate", "pitch_rate", "volume"} & set(fake.sessions[0].config)


async def test_dated_snapshots_and_custom_voices_pass_through(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    await qwen.synthesize("好。", SynthesisOptions(model="qwen3-tts-flash-realtime-2025-11-27")).read_all()
    custom = SynthesisOptions(model="qwen3-tts-vc-realtime-2026-01-15", voice="qwen-tts-vc-family-voice")
    await qwen.synthesize("好。", custom).read_all()
    assert [session.model for session in fake.sessions] == [
        "qwen3-tts-flash-realtime-2025-11-27",
        "qwen3-tts-vc-realtime-2026-01-15",
    ]
    assert fake.sessions[1].config["voice"] == "qwen-tts-vc-family-voice"


async def test_long_chunks_are_appended_in_pieces_of_at_most_600(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    text = "这是一个很长的句子，" * 100 + "结束。"
    pcm = await qwen.synthesize(text).read_all()
    texts = fake.sessions[0].texts
    assert len(texts) > 1
    assert all(len(piece) <= 600 for piece in texts)
    assert "".join(texts) == text
    assert pcm == fake_pcm(text, 24000)


async def test_a_session_is_never_reused(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    await qwen.synthesize("一。").read_all()
    await qwen.synthesize("二。").read_all()
    assert len(fake.sessions) == 2
    assert [session.state for session in fake.sessions] == ["finished", "finished"]
    await eventually(lambda: fake.open_connections == 0)


async def test_a_prewarmed_connection_saves_the_handshake_and_is_replaced(
    qwen: QwenTtsProvider, fake: FakeDashScope
) -> None:
    await qwen.prewarm()
    assert (fake.handshakes, qwen.warm_connections) == (1, 1)
    assert fake.sessions[0].updates == 0  # opened, waiting for a reply

    audio = qwen.synthesize("你好。")
    await anext(audio)
    assert fake.sessions[0].texts == ["你好。"]  # the reply took the open connection
    await audio.read_all()
    await eventually(lambda: qwen.warm_connections == 1)  # a fresh spare
    assert fake.handshakes == 2

    await qwen.synthesize("再见。").read_all()
    assert fake.sessions[1].texts == ["再见。"]


async def test_a_spare_the_service_closed_is_replaced_transparently(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.idle_timeout = 0.1
    await qwen.prewarm()
    await eventually(lambda: fake.open_connections == 0)
    fake.faults.idle_timeout = 60.0

    assert await qwen.synthesize("你好。").read_all() == fake_pcm("你好。", 24000)
    # the dead spare, the reply's fresh connection, and the spare opened to replace the one taken
    await eventually(lambda: sorted(session.state for session in fake.sessions) == ["cancelled", "finished", "open"])


async def test_a_long_pause_in_the_text_continues_in_a_new_session(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    async def slow_llm() -> AsyncIterator[str]:
        yield "第一句。"
        await asyncio.sleep(FAST.text_pause + 0.3)
        yield "第二句。"

    pcm = await qwen.synthesize(slow_llm()).read_all()
    assert pcm == fake_pcm("第一句。第二句。", 24000)
    assert [session.texts for session in fake.sessions] == [["第一句。"], ["第二句。"]]


async def test_closing_the_stream_early_ends_the_session(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.pace = 1.0  # the service is still speaking when the listener leaves
    audio = qwen.synthesize("很长的一句话。" * 20)
    await anext(audio)
    await audio.aclose()
    await eventually(lambda: fake.sessions[0].state == "cancelled" and fake.open_connections == 0)


async def test_no_text_is_an_invalid_request(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    with pytest.raises(InvalidRequestError, match="no text"):
        qwen.synthesize("  \n")
    with pytest.raises(InvalidRequestError, match="no text"):
        await qwen.synthesize(paced([" ", "\n"])).read_all()
    assert all(not session.texts for session in fake.sessions)


async def _collect(qwen: QwenTtsProvider, text: str) -> tuple[bytes, TtsError]:
    """Read a failing reply; return the audio that came before the error."""
    received = bytearray()
    with pytest.raises(TtsError) as failure:
        async for chunk in qwen.synthesize(text):
            received += chunk
    return bytes(received), failure.value


@pytest.mark.parametrize(
    ("code", "error_type"),
    [
        ("InternalError", ServiceUnavailableError),
        ("Throttling.RateQuota", RateLimitedError),
        ("Arrearage", QuotaExceededError),
        ("DataInspectionFailed", InvalidRequestError),
        ("data_inspection_failed", InvalidRequestError),
        ("InvalidApiKey", AuthenticationError),
        ("invalid_api_key", AuthenticationError),
        ("access_denied", AuthenticationError),
        ("insufficient_quota", QuotaExceededError),
        ("invalid_value", InvalidRequestError),
    ],
)
async def test_an_error_event_mid_reply_fails_it(
    qwen: QwenTtsProvider, fake: FakeDashScope, code: str, error_type: type[TtsError]
) -> None:
    fake.faults.fail_after_frames = 1
    fake.faults.fail_code = code
    received, error = await _collect(qwen, "第一句话。第二句话。")
    assert type(error) is error_type
    assert error.code == code
    assert 0 < len(received) < len(fake_pcm("第一句话。第二句话。", 24000))  # partial audio, reported as failure


async def test_refused_text_fails_the_reply_once_the_session_finished_cleanly(
    qwen: QwenTtsProvider, fake: FakeDashScope
) -> None:
    fake.faults.refused_text = "不要"  # a client-side error: the service goes on without that append
    received = bytearray()
    with pytest.raises(InvalidRequestError, match="Invalid value for 'text'") as caught:
        async for chunk in qwen.synthesize(paced(["第一句话。", "不要说这句。", "第三句话。"], 0.01)):
            received += chunk
    assert caught.value.code == "invalid_value"
    [session] = fake.sessions
    assert session.texts == ["第一句话。", "第三句话。"]
    assert session.state == "finished"  # session.finish was sent and answered, not the socket closed
    assert bytes(received) == session.audio == fake_pcm("第一句话。第三句话。", 24000)  # all it said, then the error


@pytest.mark.parametrize("status", ["failed", "incomplete"])
async def test_a_response_that_did_not_complete_fails_the_reply(
    qwen: QwenTtsProvider, fake: FakeDashScope, status: str
) -> None:
    fake.faults.response_status = status
    _, error = await _collect(qwen, "你好。")
    assert isinstance(error, ServiceUnavailableError)
    assert error.code == ("InternalError" if status == "failed" else "incomplete")


async def test_a_dropped_connection_fails_the_reply(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.drop_after_frames = 1
    _, error = await _collect(qwen, "第一句话。第二句话。")
    assert isinstance(error, ServiceUnavailableError)


async def test_a_stalled_service_times_out(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.stall_after_frames = 1
    async with asyncio.timeout(FAST.audio_gap + 2):
        _, error = await _collect(qwen, "第一句话。第二句话。")
    assert isinstance(error, TtsTimeoutError)


async def test_a_rejected_key_names_the_region(make_provider: Callable[..., Any]) -> None:
    singapore: QwenTtsProvider = make_provider(QwenTtsProvider, api_key="sk-beijing-key", region="ap-southeast-1")
    with pytest.raises(AuthenticationError, match=r"Singapore.*region they were created in"):
        await singapore.synthesize("Hi.").read_all()


async def test_the_rate_limit_is_a_passing_rate_limit(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.max_concurrent_tasks = 0
    _, error = await _collect(qwen, "你好。")
    assert isinstance(error, RateLimitedError)


async def test_a_model_the_service_does_not_know_is_an_invalid_request(qwen: QwenTtsProvider) -> None:
    with pytest.raises(InvalidRequestError, match="Model not found"):
        await qwen.synthesize("你好。", SynthesisOptions(model="qwen3-tts-flash-realtime-2099-01-01")).read_all()


async def test_a_slow_handshake_times_out(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.handshake_delay = FAST.connect + 1
    with pytest.raises(TtsTimeoutError, match="connecting"):
        await qwen.synthesize("你好。").read_all()


async def test_a_session_update_without_answer_times_out(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    fake.faults.task_start_delay = FAST.task_start + 1
    with pytest.raises(TtsTimeoutError, match="did not answer"):
        await qwen.synthesize("你好。").read_all()


async def test_a_slow_listener_is_not_mistaken_for_a_silent_service(
    make_provider: Callable[..., Any], fake: FakeDashScope
) -> None:
    qwen: QwenTtsProvider = make_provider(QwenTtsProvider, deadlines=Deadlines(audio_gap=0.4, text_pause=0.3))
    text = "第一句话。" * 10
    received = bytearray()
    async for chunk in qwen.synthesize(text):
        received += chunk
        await asyncio.sleep(0.5)  # longer than audio_gap: the audio is waiting in the socket, not missing
    assert bytes(received) == fake_pcm(text, 24000)


TEXT_AFTER_UPDATE = [("in", "session.update"), ("in", "input_text_buffer.append")]


def took_text(fake: FakeDashScope) -> list[Any]:
    """The sessions the reply's text reached, in order."""
    return [session for session in fake.sessions if ("in", "input_text_buffer.append") in session.traffic]


async def test_a_warm_whole_text_goes_out_before_session_updated(qwen: QwenTtsProvider, fake: FakeDashScope) -> None:
    await qwen.prewarm()
    fake.faults.task_start_delay = 0.3  # the settings' answer comes late: what was sent before it shows

    assert await qwen.synthesize("你好。").read_all() == fake_pcm("你好。", 24000)

    [session] = took_text(fake)
    assert session.traffic[:5] == [
        ("out", "session.created"),
        *TEXT_AFTER_UPDATE,
        ("in", "session.finish"),
        ("out", "session.updated"),
    ]
    assert session.state == "finished"


async def test_streamed_text_at_hand_goes_out_before_session_updated(
    qwen: QwenTtsProvider, fake: FakeDashScope
) -> None:
    fake.faults.task_start_delay = 0.3
    later = asyncio.Event()

    async def llm() -> AsyncIterator[str]:
        yield "你好。"
        await later.wait()
        yield "再见。"

    audio = qwen.synthesize(llm())
    first = await anext(audio)
    later.set()
    assert first + await audio.read_all() == fake_pcm("你好。再见。", 24000)

    [session] = fake.sessions
    assert session.traffic[1:4] == [*TEXT_AFTER_UPDATE, ("out", "session.updated")]
    assert session.texts == ["你好。", "再见。"]


@pytest.mark.parametrize("warm", [True, False])
async def test_settings_refused_after_the_text_went_out_fail_the_reply_unheard_and_unretried(
    qwen: QwenTtsProvider, fake: FakeDashScope, warm: bool
) -> None:
    if warm:
        await qwen.prewarm()
    heard = bytearray()
    # the catalog has Jennifer but this fake's model does not: the session refuses its settings
    async with asyncio.timeout(FAST.task_start):
        with pytest.raises(InvalidRequestError, match="voice is not supported"):
            async for chunk in qwen.synthesize("你好。", SynthesisOptions(voice="Jennifer")):
                heard += chunk
    assert heard == b""  # the session would speak with its old settings: its connection was closed first
    await eventually(lambda: len(took_text(fake)) == 1)
    assert sum(("in", "session.update") in session.traffic for session in fake.sessions) == 1  # not tried again


async def test_a_spare_that_drops_before_answering_is_retried_once_with_its_text(
    qwen: QwenTtsProvider, fake: FakeDashScope
) -> None:
    await qwen.prewarm()
    fake.faults.task_start_delay = 0.3  # nothing answered when the text arrives
    fake.faults.drop_unanswered = 1  # the spare dies with the text received and nothing answered

    assert await qwen.synthesize("你好。").read_all() == fake_pcm("你好。", 24000)  # heard once

    dropped, spoke = took_text(fake)
    assert (dropped.closed_by, dropped.texts, dropped.frames) == ("drop", [], 0)
    assert (spoke.texts, spoke.state) == (["你好。"], "finished")


async def test_a_connection_lost_after_the_answer_fails_the_reply_without_a_retry(
    qwen: QwenTtsProvider, fake: FakeDashScope
) -> None:
    await qwen.prewarm()
    fake.faults.drop_after_frames = 0  # session.updated came, then the connection died before any audio
    _, error = await _collect(qwen, "你好。")
    assert isinstance(error, ServiceUnavailableError)
    assert len(took_text(fake)) == 1


async def test_a_connection_kept_ready_is_replaced_before_the_service_would_drop_it(
    make_provider: Callable[..., Any], fake: FakeDashScope
) -> None:
    qwen: QwenTtsProvider = make_provider(QwenTtsProvider, deadlines=Deadlines(warm_socket=0.1))
    await qwen.keep_ready()
    await eventually(lambda: len(fake.sessions) >= 3)  # closed by us when idle past warm_socket, and replaced
    assert [session.closed_by for session in fake.sessions[:2]] == ["client", "client"]
    await eventually(lambda: fake.open_connections == 1)  # one kept, not one more each time

    assert await qwen.synthesize("你好。").read_all() == fake_pcm("你好。", 24000)
    assert any(session.texts == ["你好。"] for session in fake.sessions)
