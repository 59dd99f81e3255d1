"""The Wyoming server with the real wyoming client: describe, whole and streamed replies, failures, load."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.tts import (
    Synthesize,
    SynthesizeChunk,
    SynthesizeStart,
    SynthesizeStop,
    SynthesizeStopped,
    SynthesizeVoice,
)

from tests.fakes import FakeDashScope, FakeHuawei, fake_pcm
from tests.helpers import eventually
from wyoming_server.settings import Preset, ProviderSettings


def client(uri: str) -> AsyncTcpClient:
    host, port = uri.removeprefix("tcp://").rsplit(":", 1)
    return AsyncTcpClient(host, int(port))


async def read_reply(tts: AsyncTcpClient, *, streaming: bool = False) -> tuple[AudioStart | None, bytes, Error | None]:
    """Read one reply to its end: its format, its audio, its error if any."""
    start: AudioStart | None = None
    audio = bytearray()
    error: Error | None = None
    while True:
        event = await asyncio.wait_for(tts.read_event(), timeout=10)
        assert event is not None, "the server closed the connection"
        if AudioStart.is_type(event.type):
            start = AudioStart.from_event(event)
        elif AudioChunk.is_type(event.type):
            chunk = AudioChunk.from_event(event)
            assert start is not None
            assert (chunk.rate, chunk.width, chunk.channels) == (start.rate, start.width, start.channels)
            audio += chunk.audio
        elif Error.is_type(event.type):
            error = Error.from_event(event)
        elif (AudioStop.is_type(event.type) and not streaming) or SynthesizeStopped.is_type(event.type):
            return start, bytes(audio), error


async def test_describe_offers_one_streaming_program_with_every_voice(server: str) -> None:
    async with client(server) as tts:
        await tts.write_event(Describe().event())
        event = await asyncio.wait_for(tts.read_event(), timeout=1)
    assert event is not None
    info = Info.from_event(event)
    [program] = info.tts
    assert program.installed and program.supports_synthesize_streaming
    names = [voice.name for voice in program.voices]
    assert len(names) == len(set(names))
    cherry = next(voice for voice in program.voices if voice.name == "Cherry")
    assert cherry.description == "Cherry (sunny young woman) 芊悦 — Qwen3-TTS Flash Realtime"
    assert cherry.languages[:2] == ["zh-CN", "en-US"]
    assert cherry.attribution.name == "Alibaba Cloud Model Studio"
    # the same voice id in a second model gets the model in its name
    assert "qwen3-tts-instruct-flash-realtime/Cherry" in names
    assert "longanyang" in names and "cosyvoice-v3-plus/longanyang" in names


async def test_a_whole_text_is_spoken(server: str, fake: FakeDashScope) -> None:
    async with client(server) as tts:
        await tts.write_event(Synthesize(text="你好，欢迎回家。", voice=SynthesizeVoice(name="longanhuan")).event())
        start, audio, error = await read_reply(tts)
    assert error is None
    assert start is not None and (start.rate, start.width, start.channels) == (24000, 2, 1)
    assert audio == fake_pcm("你好，欢迎回家。", 24000)
    assert fake.tasks[0].parameters["voice"] == "longanhuan"


async def test_a_stream_is_spoken_as_it_comes_and_the_compatibility_synthesize_is_ignored(
    server: str, fake: FakeDashScope
) -> None:
    async with client(server) as tts:
        await tts.write_event(SynthesizeStart(voice=SynthesizeVoice(name="Cherry")).event())
        await tts.write_event(SynthesizeChunk(text="今天天气很好。").event())
        await eventually(lambda: bool(fake.sessions) and fake.sessions[0].texts == ["今天天气很好。"])
        await tts.write_event(SynthesizeChunk(text="我们去公园吧。").event())
        await tts.write_event(Synthesize(text="今天天气很好。我们去公园吧。").event())  # for old clients
        await tts.write_event(SynthesizeStop().event())
        _, audio, error = await read_reply(tts, streaming=True)
    assert error is None
    assert audio == fake_pcm("今天天气很好。我们去公园吧。", 24000)  # once, not twice
    assert fake.sessions[0].texts == ["今天天气很好。", "我们去公园吧。"]


async def test_a_failure_ends_the_reply_and_the_connection_stays_usable(server: str, fake: FakeDashScope) -> None:
    fake.faults.fail_after_frames = 1
    async with client(server) as tts:
        await tts.write_event(SynthesizeStart().event())
        await tts.write_event(SynthesizeChunk(text="第一句话说得很长很长。第二句。").event())
        await tts.write_event(SynthesizeStop().event())
        _, _, error = await read_reply(tts, streaming=True)
        assert error is not None and error.code == "InternalError"

        fake.faults.fail_after_frames = None
        await tts.write_event(Synthesize(text="再来一次。").event())
        _, audio, error = await read_reply(tts)
    assert error is None
    assert audio == fake_pcm("再来一次。", 24000)


@pytest.mark.parametrize(
    ("voice", "code"),
    [
        (SynthesizeVoice(name="nobody"), "InvalidRequestError"),
        (SynthesizeVoice(name="longanyang", speaker="fast"), "InvalidRequestError"),
    ],
)
async def test_a_bad_request_is_an_error_event(server: str, voice: SynthesizeVoice, code: str) -> None:
    async with client(server) as tts:
        await tts.write_event(Synthesize(text="你好。", voice=voice).event())
        start, audio, error = await read_reply(tts)
    assert error is not None and error.code == code
    assert start is None and audio == b""


async def test_ssml_reaches_cosyvoice_and_is_refused_clearly_elsewhere(server: str, fake: FakeDashScope) -> None:
    ssml = "<speak>你好<break time='500ms'/>世界</speak>"
    async with client(server) as tts:
        await tts.write_event(Event("synthesize", {"text": ssml, "text_format": "ssml"}))
        _, _, error = await read_reply(tts)
        assert error is None
        assert fake.tasks[0].parameters["enable_ssml"] is True
        cherry = {"text": ssml, "text_format": "ssml", "voice": {"name": "Cherry"}}
        await tts.write_event(Event("synthesize", cherry))
        _, _, error = await read_reply(tts)
    assert error is not None and "does not accept SSML" in error.text


async def test_a_client_that_leaves_cancels_the_providers_task(server: str, fake: FakeDashScope) -> None:
    fake.faults.pace = 1.0
    async with client(server) as tts:
        await tts.write_event(Synthesize(text="很长的一句话。" * 20).event())
        while (event := await tts.read_event()) is not None and not AudioChunk.is_type(event.type):
            pass
    await eventually(lambda: fake.tasks[0].state == "cancelled")


async def test_presets_are_speakers(start_server: Callable[..., Any], fake: FakeDashScope) -> None:
    uri = await start_server(ProviderSettings("dashscope", endpoint=fake.url), presets=(Preset("slow", speed=0.8),))
    async with client(uri) as tts:
        await tts.write_event(Describe().event())
        event = await tts.read_event()
        assert event is not None
        voice = Info.from_event(event).tts[0].voices[0]
        assert [speaker.name for speaker in voice.speakers or []] == ["slow"]
        await tts.write_event(Synthesize(text="你好。", voice=SynthesizeVoice(name=voice.name, speaker="slow")).event())
        _, audio, _ = await read_reply(tts)
    assert fake.tasks[0].parameters["rate"] == 0.8
    assert audio == fake_pcm("你好。", 24000, speed=0.8)


async def test_replies_are_speech_ready_unless_a_preset_says_clean_text_false(
    start_server: Callable[..., Any], fake: FakeDashScope
) -> None:
    raw = Preset("raw", clean_text=False)
    uri = await start_server(ProviderSettings("dashscope", endpoint=fake.url, voice="longanyang"), presets=(raw,))
    reply = "**你好** 😊。"
    async with client(uri) as tts:
        await tts.write_event(Synthesize(text=reply).event())
        await read_reply(tts)
        await tts.write_event(Synthesize(text=reply, voice=SynthesizeVoice(name="longanyang", speaker="raw")).event())
        await read_reply(tts)
    assert ["".join(task.texts) for task in fake.tasks] == ["你好。", reply]


async def test_two_providers_are_served_side_by_side(both_server: str, huawei: FakeHuawei) -> None:
    async with client(both_server) as tts:
        await tts.write_event(Describe().event())
        event = await tts.read_event()
        assert event is not None
        voices = Info.from_event(event).tts[0].voices
        assert {voice.attribution.name for voice in voices} == {"Alibaba Cloud Model Studio", "Huawei Cloud SIS"}
        await tts.write_event(Synthesize(text="你好。", voice=SynthesizeVoice(name="chinese_huaxiaoli_common")).event())
        start, audio, error = await read_reply(tts)
    assert error is None and start is not None
    assert audio == fake_pcm("你好。", start.rate)
    assert huawei.requests[0].api == "vcs"


async def test_fifty_clients_at_once(server: str, fake: FakeDashScope) -> None:
    async def one(n: int) -> bytes:
        async with client(server) as tts:
            await tts.write_event(SynthesizeStart().event())
            await tts.write_event(SynthesizeChunk(text=f"第{n}句。").event())
            await tts.write_event(SynthesizeStop().event())
            _, audio, error = await read_reply(tts, streaming=True)
            assert error is None
            return audio

    replies = await asyncio.gather(*(one(n) for n in range(50)))
    assert replies == [fake_pcm(f"第{n}句。", 24000) for n in range(50)]
    assert sum(1 for connection in fake.connections if connection.tasks) <= 50
    assert len(fake.connections) <= 51  # and Sambert's, kept ready from the start


async def test_more_streams_than_aiohttps_default_connection_cap_run_at_once(server: str, fake: FakeDashScope) -> None:
    clients = [client(server) for _ in range(120)]
    for tts in clients:
        await tts.connect()
        await tts.write_event(SynthesizeStart().event())
        await tts.write_event(SynthesizeChunk(text="你好。").event())
    await eventually(lambda: fake.running_tasks == 120)  # none waits for a free connection
    for tts in clients:
        await tts.write_event(SynthesizeStop().event())
    for tts in clients:
        _, audio, error = await read_reply(tts, streaming=True)
        assert error is None and audio == fake_pcm("你好。", 24000)
        await tts.disconnect()


async def test_a_new_stream_without_a_stop_ends_the_open_one(server: str, fake: FakeDashScope) -> None:
    async with client(server) as tts:
        await tts.write_event(SynthesizeStart().event())
        await tts.write_event(SynthesizeChunk(text="第一段。").event())
        await tts.write_event(SynthesizeStart().event())  # no synthesize-stop before it
        await tts.write_event(SynthesizeChunk(text="第二段。").event())
        await tts.write_event(Describe().event())
        await tts.write_event(SynthesizeStop().event())
        events: list[Event] = []
        while sum(SynthesizeStopped.is_type(e.type) for e in events) < 2:
            event = await asyncio.wait_for(tts.read_event(), timeout=5)
            assert event is not None
            events.append(event)
    assert sum(Info.is_type(e.type) for e in events) == 1  # describe was answered, not stuck behind a reply
    audio = b"".join(AudioChunk.from_event(e).audio for e in events if AudioChunk.is_type(e.type))
    assert audio == fake_pcm("第一段。", 24000) + fake_pcm("第二段。", 24000)
    assert not any(Error.is_type(e.type) for e in events)


async def test_an_unexpected_failure_still_ends_the_reply(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("wyoming_server.voices.VoiceDirectory.resolve", broken)
    async with client(server) as tts:
        await tts.write_event(SynthesizeStart().event())
        await tts.write_event(SynthesizeStop().event())
        _, _, error = await read_reply(tts, streaming=True)
    assert error is not None and error.code == "InternalError"


async def test_a_malformed_event_is_answered_with_an_error_and_the_end_of_its_reply(server: str) -> None:
    async with client(server) as tts:
        await tts.write_event(Event("synthesize", {}))
        start, audio, error = await read_reply(tts)
        assert error is not None and error.code == "BadRequest" and error.text.endswith("text is missing")
        assert start is None and audio == b""
        await tts.write_event(Synthesize(text="好。").event())
        _, audio, error = await read_reply(tts)
    assert error is None and audio
