"""The fake's realtime (Qwen-TTS) endpoint and Sambert tasks refuse what the service refuses."""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType

from tests.fakes import FakeDashScope, fake_pcm

_ids = itertools.count()


def event(kind: str, **fields: Any) -> str:
    return json.dumps({"event_id": f"e{next(_ids)}", "type": kind, **fields})


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def connect(
    client: aiohttp.ClientSession, fake: FakeDashScope, model: str = "qwen3-tts-flash-realtime"
) -> aiohttp.ClientWebSocketResponse:
    return await client.ws_connect(
        f"{fake.url}/api-ws/v1/realtime?model={model}", headers={"Authorization": "Bearer sk-test"}
    )


async def receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    msg = await ws.receive(timeout=2)
    assert msg.type is WSMsgType.TEXT, msg
    parsed: dict[str, Any] = json.loads(msg.data)
    return parsed


async def until(ws: aiohttp.ClientWebSocketResponse, kind: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read events up to one of ``kind``; return it and those before it."""
    before = []
    while (received := await receive(ws))["type"] != kind:
        before.append(received)
    return received, before


async def test_a_session_runs_as_documented(client: aiohttp.ClientSession, fake: FakeDashScope) -> None:
    ws = await connect(client, fake)
    created = await receive(ws)
    assert created["type"] == "session.created"
    assert created["session"]["voice"] == "Cherry"

    await ws.send_str(event("session.update", session={"voice": "Ethan", "sample_rate": 16000}))
    assert (await receive(ws))["type"] == "session.updated"
    await ws.send_str(event("input_text_buffer.append", text="你好。"))
    await ws.send_str(event("session.finish"))
    _, before = await until(ws, "session.finished")

    kinds = [e["type"] for e in before]
    assert kinds[:4] == [
        "input_text_buffer.committed",
        "response.created",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert kinds[-4:] == [
        "response.audio.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.done",
    ]
    audio = b"".join(base64.b64decode(e["delta"]) for e in before if e["type"] == "response.audio.delta")
    assert audio == fake_pcm("你好。", 16000)
    assert before[-1]["response"]["status"] == "completed"
    assert (await ws.receive(timeout=2)).type is WSMsgType.CLOSE  # the service closes after session.finished


@pytest.mark.parametrize(
    ("session", "message"),
    [
        ({"voice": "Jennifer"}, "voice is not supported"),
        ({"sample_rate": 22050}, "sample_rate"),
        ({"response_format": "mp3"}, "only produces pcm"),
        ({"speech_rate": 3}, "speech_rate"),
        ({"volume": 101}, "volume"),
        ({"language_type": "Klingon"}, "language_type"),
        ({"instructions": "快一点"}, "instructions"),
        ({"speed": 1.0}, "Unknown parameter"),
    ],
)
async def test_a_bad_session_update_is_an_error_event(
    client: aiohttp.ClientSession, fake: FakeDashScope, session: dict[str, Any], message: str
) -> None:
    ws = await connect(client, fake, "qwen3-tts-flash-realtime" if "voice" not in session else "qwen-tts-realtime")
    await receive(ws)
    await ws.send_str(event("session.update", session=session))
    error = await receive(ws)
    assert error["type"] == "error"
    assert error["error"]["code"] == "invalid_value"
    assert message in error["error"]["message"]


async def test_text_right_behind_the_session_update_is_handled_after_it(
    client: aiohttp.ClientSession, fake: FakeDashScope
) -> None:
    fake.faults.task_start_delay = 0.2  # the update takes a while: the text arrives before its answer
    ws = await connect(client, fake)
    await receive(ws)
    await ws.send_str(event("session.update", session={"voice": "Ethan", "sample_rate": 16000}))
    await ws.send_str(event("input_text_buffer.append", text="你好。"))
    await ws.send_str(event("session.finish"))
    assert (await receive(ws))["type"] == "session.updated"  # answered in order: the update first
    _, spoken = await until(ws, "session.finished")

    audio = b"".join(base64.b64decode(e["delta"]) for e in spoken if e["type"] == "response.audio.delta")
    assert audio == fake_pcm("你好。", 16000)  # with the update's settings
    [session] = fake.sessions
    assert session.config["voice"] == "Ethan"
    assert session.traffic[:5] == [
        ("out", "session.created"),
        ("in", "session.update"),
        ("in", "input_text_buffer.append"),
        ("in", "session.finish"),
        ("out", "session.updated"),
    ]


async def test_the_session_cannot_change_once_text_came(client: aiohttp.ClientSession, fake: FakeDashScope) -> None:
    ws = await connect(client, fake)
    await receive(ws)
    await ws.send_str(event("input_text_buffer.append", text="你好"))
    await ws.send_str(event("session.update", session={"voice": "Ethan"}))
    error, _ = await until(ws, "error")
    assert "session already started" in error["error"]["message"]


async def test_a_refused_append_is_an_error_the_session_goes_on_after(
    client: aiohttp.ClientSession, fake: FakeDashScope
) -> None:
    fake.faults.refused_text = "坏"
    ws = await connect(client, fake)
    await receive(ws)
    await ws.send_str(event("input_text_buffer.append", text="坏话。"))
    assert (await receive(ws))["error"]["code"] == "invalid_value"
    await ws.send_str(event("input_text_buffer.append", text="好话。"))
    await ws.send_str(event("session.finish"))
    await until(ws, "session.finished")
    assert fake.sessions[0].audio == fake_pcm("好话。", 24000)


async def test_event_ids_must_be_unique(client: aiohttp.ClientSession, fake: FakeDashScope) -> None:
    ws = await connect(client, fake)
    await receive(ws)
    await ws.send_str(json.dumps({"event_id": "same", "type": "input_text_buffer.clear"}))
    assert (await receive(ws))["type"] == "input_text_buffer.cleared"
    await ws.send_str(json.dumps({"event_id": "same", "type": "input_text_buffer.clear"}))
    assert (await receive(ws))["type"] == "error"


async def test_commit_mode_speaks_only_what_was_committed(client: aiohttp.ClientSession, fake: FakeDashScope) -> None:
    ws = await connect(client, fake)
    await receive(ws)
    await ws.send_str(event("session.update", session={"mode": "commit"}))
    await receive(ws)
    await ws.send_str(event("input_text_buffer.append", text="一。二。"))
    await ws.send_str(event("input_text_buffer.commit"))
    await ws.send_str(event("input_text_buffer.append", text="never committed"))
    await ws.send_str(event("session.finish"))
    await until(ws, "session.finished")
    assert [response.text for response in fake.sessions[0].responses] == ["一。二。"]


async def test_an_unknown_model_is_an_error_then_a_close(client: aiohttp.ClientSession) -> None:
    fake = FakeDashScope(region="ap-southeast-1")
    await fake.start()
    try:
        ws = await connect(client, fake, "qwen-tts-realtime")  # Beijing only
        error = await receive(ws)
        assert error["error"]["code"] == "ModelNotFound"
        assert (await ws.receive(timeout=2)).type is WSMsgType.CLOSE
    finally:
        await fake.stop()


def sambert_task(task_id: str, text: str, streaming: str = "out", **parameters: Any) -> str:
    payload = {
        "task_group": "audio",
        "task": "tts",
        "function": "SpeechSynthesizer",
        "model": "sambert-zhichu-v1",
        "parameters": {"text_type": "PlainText", "format": "pcm", "sample_rate": 48000, **parameters},
        "input": {"text": text},
    }
    header = {"action": "run-task", "task_id": task_id, "streaming": streaming}
    return json.dumps({"header": header, "payload": payload})


async def inference(client: aiohttp.ClientSession, fake: FakeDashScope) -> aiohttp.ClientWebSocketResponse:
    return await client.ws_connect(f"{fake.url}/api-ws/v1/inference", headers={"Authorization": "Bearer sk-test"})


async def test_a_sambert_task_speaks_its_whole_text(client: aiohttp.ClientSession, fake: FakeDashScope) -> None:
    ws = await inference(client, fake)
    await ws.send_str(sambert_task("t1", "你好。再见。"))
    audio = bytearray()
    events = []
    while True:
        msg = await ws.receive(timeout=2)
        if msg.type is WSMsgType.BINARY:
            audio += msg.data
            continue
        events.append(json.loads(msg.data)["header"]["event"])
        if events[-1] in ("task-finished", "task-failed"):
            break
    assert events[0] == "task-started"
    assert events[-1] == "task-finished"
    assert bytes(audio) == fake_pcm("你好。再见。", 48000)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (sambert_task("t1", ""), "text is null"),
        (sambert_task("t1", "好" * 10_001), "[1, 10000]"),
        (sambert_task("t1", "好。", sample_rate=22050), "sample rate"),
        (sambert_task("t1", "好。", rate=3.0), "rate"),
    ],
)
async def test_a_bad_sambert_task_fails(
    client: aiohttp.ClientSession, fake: FakeDashScope, message: str, expected: str
) -> None:
    ws = await inference(client, fake)
    await ws.send_str(message)
    header = json.loads((await ws.receive(timeout=2)).data)["header"]
    assert header["event"] == "task-failed"
    assert expected in header["error_message"]


async def test_sambert_takes_no_streamed_text(client: aiohttp.ClientSession, fake: FakeDashScope) -> None:
    ws = await inference(client, fake)
    await ws.send_str(sambert_task("t1", "好。", streaming="duplex"))
    assert (await ws.receive(timeout=2)).type is WSMsgType.CLOSE
    assert ws.close_code == 1007
