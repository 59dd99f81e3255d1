"""The fake Model Studio refuses what the real one refuses (a fake that accepts anything proves nothing)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType

from tests.fakes import FakeDashScope

PARAMETERS = {"text_type": "PlainText", "voice": "longanyang", "format": "pcm", "sample_rate": 16000}


def command(action: str, task_id: str = "t1", **payload: Any) -> str:
    body = {"header": {"action": action, "task_id": task_id, "streaming": "duplex"}, "payload": payload}
    return json.dumps(body)


def run_task(task_id: str = "t1", **parameters: Any) -> str:
    return command(
        "run-task",
        task_id,
        task_group="audio",
        task="tts",
        function="SpeechSynthesizer",
        model="cosyvoice-v3-flash",
        parameters={**PARAMETERS, **parameters},
        input={},
    )


@pytest.fixture
async def ws(fake: FakeDashScope) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{fake.url}/api-ws/v1/inference/", headers={"Authorization": "bearer sk-test"}) as socket,
    ):
        yield socket


async def next_event(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    while True:
        msg = await ws.receive(timeout=2)
        if msg.type is WSMsgType.TEXT:
            header: dict[str, Any] = json.loads(msg.data)["header"]
            return header
        assert msg.type is WSMsgType.BINARY, msg


async def test_a_bad_key_is_refused_at_the_handshake(fake: FakeDashScope) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await session.ws_connect(f"{fake.url}/api-ws/v1/inference", headers={"Authorization": "Bearer nope"})
    assert caught.value.status == 401


async def test_a_run_task_without_input_is_closed_with_1007(ws: aiohttp.ClientWebSocketResponse) -> None:
    body = json.loads(run_task())
    del body["payload"]["input"]
    await ws.send_str(json.dumps(body))
    msg = await ws.receive(timeout=2)
    assert msg.type is WSMsgType.CLOSE
    assert msg.data == 1007


@pytest.mark.parametrize(
    "payload", [{"input": {"text": "你好。", "voice": "x"}}, {"input": {"text": "你好。"}, "model": "x"}]
)
async def test_unexpected_fields_in_continue_task_close_with_1007(
    ws: aiohttp.ClientWebSocketResponse, payload: dict[str, Any]
) -> None:
    await ws.send_str(run_task())
    assert (await next_event(ws))["event"] == "task-started"
    await ws.send_str(json.dumps({"header": {"action": "continue-task", "task_id": "t1"}, "payload": payload}))
    msg = await ws.receive(timeout=2)
    assert msg.type is WSMsgType.CLOSE
    assert msg.data == 1007


async def test_a_continue_task_repeating_the_run_task_fields_is_accepted(ws: aiohttp.ClientWebSocketResponse) -> None:
    """The official SDK sends task_group, task, function and model again in every continue-task."""
    await ws.send_str(run_task())
    assert (await next_event(ws))["event"] == "task-started"
    fields = {"task_group": "audio", "task": "tts", "function": "SpeechSynthesizer", "model": "cosyvoice-v3-flash"}
    await ws.send_str(command("continue-task", **fields, input={"text": "你好。"}))
    await ws.send_str(command("finish-task", input={}))
    while (event := (await next_event(ws))["event"]) == "result-generated":
        pass
    assert event == "task-finished"


async def test_a_second_run_task_on_a_busy_socket_fails(ws: aiohttp.ClientWebSocketResponse) -> None:
    await ws.send_str(run_task("t1"))
    assert (await next_event(ws))["event"] == "task-started"
    await ws.send_str(run_task("t2"))
    failure = await next_event(ws)
    assert failure["event"] == "task-failed"
    assert failure["error_message"] == "Invalid action('run-task')! Please follow the protocol!"
    assert (await ws.receive(timeout=2)).type is WSMsgType.CLOSE


async def test_audio_frames_follow_their_events_and_usage_is_cumulative(ws: aiohttp.ClientWebSocketResponse) -> None:
    await ws.send_str(run_task())
    assert (await next_event(ws))["event"] == "task-started"
    await ws.send_str(command("continue-task", input={"text": "你好。世界。"}))
    await ws.send_str(command("finish-task", input={}))
    kinds: list[str] = []
    usages: list[int] = []
    while True:
        msg = await ws.receive(timeout=2)
        if msg.type is WSMsgType.BINARY:
            kinds.append("audio")
            continue
        event = json.loads(msg.data)
        kinds.append(event["payload"].get("output", {}).get("type") or event["header"]["event"])
        if "usage" in event["payload"]:
            usages.append(event["payload"]["usage"]["characters"])
        if event["header"]["event"] == "task-finished":
            break
    assert kinds == ["sentence-begin", "sentence-synthesis", "audio", "sentence-end"] * 2 + ["task-finished"]
    assert usages == [5, 10, 10]


async def test_ssml_allows_one_continue_task(ws: aiohttp.ClientWebSocketResponse) -> None:
    await ws.send_str(run_task(enable_ssml=True))
    await next_event(ws)
    await ws.send_str(command("continue-task", input={"text": "<speak>一</speak>"}))
    await ws.send_str(command("continue-task", input={"text": "<speak>二</speak>"}))
    failure = await next_event(ws)
    assert failure["event"] == "task-failed"
    assert failure["error_message"] == "Text request limit violated, expected 1."


async def test_finishing_without_text_fails(ws: aiohttp.ClientWebSocketResponse) -> None:
    await ws.send_str(run_task())
    await next_event(ws)
    await ws.send_str(command("finish-task", input={}))
    failure = await next_event(ws)
    assert failure["error_message"] == "Parameter invalid: text is null"


async def test_a_silent_client_gets_the_23_second_timeout(
    fake: FakeDashScope, ws: aiohttp.ClientWebSocketResponse
) -> None:
    fake.faults.text_timeout = 0.2
    await ws.send_str(run_task())
    await next_event(ws)
    failure = await next_event(ws)
    assert (failure["error_code"], failure["error_message"]) == ("CLIENT_ERROR", "request timeout after 23 seconds.")


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"voice": "longxiaochun_v2"}, "[tts:]Engine return error code: 418"),
        ({"sample_rate": 12345}, "Unsupported sample rate: 12345"),
        ({"rate": 3.0}, "rate must be in [0.5, 2.0]"),
        ({"volume": 101}, "volume must be in [0, 100]"),
        ({"voice": "longxiaochun_v3", "instruction": "开心。"}, "instruction is not supported by this voice"),
    ],
)
async def test_bad_parameters_fail_the_task(
    ws: aiohttp.ClientWebSocketResponse, parameters: dict[str, Any], message: str
) -> None:
    await ws.send_str(run_task(**parameters))
    failure = await next_event(ws)
    assert (failure["event"], failure["error_code"], failure["error_message"]) == (
        "task-failed",
        "InvalidParameter",
        message,
    )
