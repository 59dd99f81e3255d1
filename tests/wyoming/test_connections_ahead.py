"""The server keeps a connection open ahead for every family it serves: no reply waits for a handshake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wyoming.tts import Synthesize, SynthesizeVoice

from tests.fakes import FakeDashScope, FakeHuawei, fake_pcm
from tests.helpers import eventually
from wyoming_server.settings import ProviderSettings

from .conftest import IAM_ENV
from .test_server import client, read_reply


async def speak(uri: str, text: str, voice: str) -> bytes:
    async with client(uri) as tts:
        await tts.write_event(Synthesize(text=text, voice=SynthesizeVoice(name=voice)).event())
        start, audio, error = await read_reply(tts)
    assert error is None and start is not None
    return audio


async def test_every_model_studio_family_has_a_connection_open_when_the_server_starts(
    server: str, fake: FakeDashScope
) -> None:
    assert fake.handshakes == 3  # CosyVoice and Sambert (inference), Qwen-TTS realtime
    assert [session.state for session in fake.sessions] == ["open"]
    assert [len(connection.tasks) for connection in fake.connections] == [0, 0]


async def test_qwen_replies_find_a_connection_opened_ahead_and_leave_a_fresh_one(
    server: str, fake: FakeDashScope
) -> None:
    assert await speak(server, "你好。", "Cherry") == fake_pcm("你好。", 24000)
    assert fake.sessions[0].texts == ["你好。"]  # the session opened at start-up spoke it
    await eventually(lambda: len(fake.sessions) == 2 and fake.sessions[1].state == "open")

    handshakes = fake.handshakes
    assert await speak(server, "再见。", "Cherry") == fake_pcm("再见。", 24000)
    assert fake.sessions[1].texts == ["再见。"]
    assert fake.handshakes in (handshakes, handshakes + 1)  # at most the spare opened after it
    await eventually(lambda: fake.handshakes == handshakes + 1 and fake.sessions[2].state == "open")


async def test_a_qwen_reply_sends_its_whole_text_before_the_session_is_updated(
    server: str, fake: FakeDashScope
) -> None:
    fake.faults.task_start_delay = 0.3  # the answer to the settings comes late: what went out before it shows
    assert await speak(server, "你好。", "Cherry") == fake_pcm("你好。", 24000)
    spare = fake.sessions[0]  # opened at start-up
    assert spare.traffic[1:5] == [
        ("in", "session.update"),
        ("in", "input_text_buffer.append"),
        ("in", "session.finish"),
        ("out", "session.updated"),
    ]


async def test_huawei_real_time_replies_find_a_connection_opened_ahead_and_leave_a_fresh_one(
    start_server: Callable[..., Any], huawei: FakeHuawei
) -> None:
    uri = await start_server(ProviderSettings("huawei", endpoint=huawei.url, iam_endpoint=huawei.iam_url), env=IAM_ENV)
    assert sorted(request.api for request in huawei.requests) == ["rtts", "vcs"]
    assert huawei.handshakes == 2
    rtts = next(request for request in huawei.requests if request.api == "rtts")

    assert await speak(uri, "你好。", "chinese_xiaoyan_common") == fake_pcm("你好。", 16000)
    assert rtts.texts == ["你好。"]  # the connection opened at start-up took the text
    await eventually(lambda: huawei.handshakes == 3 and huawei.requests[-1].state == "open")
    assert huawei.requests[-1].api == "rtts"

    assert await speak(uri, "再见。", "chinese_xiaoyan_common") == fake_pcm("再见。", 16000)
    assert huawei.requests[2].texts == ["再见。"]
    await eventually(lambda: huawei.handshakes == 4)
