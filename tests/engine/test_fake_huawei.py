"""The fake Huawei Cloud refuses what the real one refuses."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType
from yarl import URL

from cloud_tts_engine.huawei import AccessKey
from cloud_tts_engine.huawei.auth import sign
from tests.fakes import FakeHuawei, fake_pcm


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def token_body(user: str = "alice", password: str = "s3cret", project: dict[str, str] | None = None) -> dict[str, Any]:
    identity = {
        "methods": ["password"],
        "password": {"user": {"name": user, "password": password, "domain": {"name": "acme"}}},
    }
    return {"auth": {"identity": identity, "scope": {"project": project or {"name": "cn-north-4"}}}}


async def token(client: aiohttp.ClientSession, huawei: FakeHuawei) -> str:
    async with client.post(f"{huawei.iam_url}/v3/auth/tokens", json=token_body()) as response:
        assert response.status == 201
        body = await response.json()
        assert body["token"]["project"]["id"] == huawei.project_id
        assert body["token"]["expires_at"].endswith("Z")
        return response.headers["X-Subject-Token"]


async def test_iam_refuses_a_wrong_password_like_keystone(client: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    async with client.post(f"{huawei.iam_url}/v3/auth/tokens", json=token_body(password="nope")) as response:
        assert response.status == 401
        assert (await response.json())["error"]["message"] == "The username or password is wrong."
    async with client.post(
        f"{huawei.iam_url}/v3/auth/tokens", json=token_body(project={"name": "cn-east-3"})
    ) as response:
        assert response.status == 400


async def test_an_upgrade_without_credentials_is_apig_0301(client: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await client.ws_connect(f"{huawei.url}/v1/{huawei.project_id}/rtts")
    assert caught.value.status == 401
    assert huawei.refused == ["APIG.0301"]


async def test_a_stale_signature_is_refused(client: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    url = URL(f"{huawei.url}/v1/{huawei.project_id}/rtts")
    headers = sign(
        AccessKey("HPUAEXAMPLEAK", "exampleSecretKey"), "GET", url, {}, now=datetime.now(UTC) - timedelta(minutes=20)
    )
    async with client.get(url.with_scheme("http"), headers=headers) as response:
        assert response.status == 401
        assert "signature expired" in (await response.json())["error_msg"]


async def rtts(client: aiohttp.ClientSession, huawei: FakeHuawei) -> aiohttp.ClientWebSocketResponse:
    headers = {"X-Auth-Token": await token(client, huawei)}
    return await client.ws_connect(f"{huawei.url}/v1/{huawei.project_id}/rtts", headers=headers)


async def next_json(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    while True:
        msg = await ws.receive(timeout=2)
        if msg.type is WSMsgType.TEXT:
            parsed: dict[str, Any] = json.loads(msg.data)
            return parsed
        assert msg.type is WSMsgType.BINARY, msg


async def test_rtts_takes_one_start_per_connection(client: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    ws = await rtts(client, huawei)
    start = {"command": "START", "text": "你好。", "config": {"audio_format": "pcm", "sample_rate": "16000"}}
    await ws.send_str(json.dumps(start))
    assert (await next_json(ws))["resp_type"] == "START"
    assert (await next_json(ws)) | {"trace_id": ""} == {"resp_type": "END", "reason": "NORMAL", "trace_id": ""}
    await ws.send_str(json.dumps(start))
    assert (await next_json(ws))["error_code"] == "SIS.0031"


@pytest.mark.parametrize(
    ("config", "code"),
    [
        ({"sample_rate": 16000}, "SIS.0402"),
        ({"property": "chinese_nobody_common"}, "SIS.0411"),
        ({"speed": 900}, "SIS.0032"),
    ],
)
async def test_rtts_checks_the_config(
    client: aiohttp.ClientSession, huawei: FakeHuawei, config: dict[str, Any], code: str
) -> None:
    ws = await rtts(client, huawei)
    await ws.send_str(json.dumps({"command": "START", "text": "你好。", "config": config}))
    answer = await next_json(ws)
    assert (answer["resp_type"], answer["error_code"]) == ("FATAL_ERROR", code)


async def test_rtts_without_a_start_times_out(client: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    huawei.faults.idle_timeout = 0.2
    ws = await rtts(client, huawei)
    assert (await next_json(ws))["error_code"] == "SIS.0304"


async def vcs(client: aiohttp.ClientSession, huawei: FakeHuawei) -> aiohttp.ClientWebSocketResponse:
    headers = {"X-Auth-Token": await token(client, huawei)}
    return await client.ws_connect(f"{huawei.url}/v1/{huawei.project_id}/vcs/voices/clone", headers=headers)


async def test_streaming_tts_speaks_whole_sentences_only(client: aiohttp.ClientSession, huawei: FakeHuawei) -> None:
    ws = await vcs(client, huawei)
    await ws.send_str(json.dumps({"command": "MSG", "text": "too early"}))
    assert (await next_json(ws))["error_code"] == "SIS.0012"
    config = {"voice_name": "chinese_huaxiaoli_common", "sample_rate": "24000"}
    await ws.send_str(json.dumps({"command": "START", "text_pieces": "MULTI", "config": config}))
    assert (await next_json(ws))["resp_type"] == "START"
    await ws.send_str(json.dumps({"command": "MSG", "text": "x" * 301}))
    assert (await next_json(ws))["error_code"] == "SIS.0032"
    await ws.send_str(json.dumps({"command": "START", "text_pieces": "MULTI", "config": config}))
    await next_json(ws)
    await ws.send_str(json.dumps({"command": "MSG", "text": "……"}))
    assert (await next_json(ws))["error_code"] == "SIS.1010"  # symbols alone are not text


async def test_streaming_tts_never_speaks_an_unfinished_sentence(
    client: aiohttp.ClientSession, huawei: FakeHuawei
) -> None:
    ws = await vcs(client, huawei)
    config = {"voice_name": "chinese_huaxiaoli_common"}
    await ws.send_str(json.dumps({"command": "START", "config": config}))
    await next_json(ws)
    await ws.send_str(json.dumps({"command": "MSG", "text": "第一句。第二句没有句号"}))
    await ws.send_str(json.dumps({"command": "END"}))
    assert (await next_json(ws))["resp_type"] == "END"
    await ws.send_str(json.dumps({"command": "MSG", "text": "太晚了。"}))
    event = await next_json(ws)
    assert (event["resp_type"], event["event"]) == ("EVENT", "VCS_END")
    assert "timestamp" in event
    record = huawei.requests[0]
    assert record.spoken == ["第一句。"]
    assert record.unspoken == "第二句没有句号"


async def test_streaming_tts_in_only_mode_speaks_the_one_text_of_its_start(
    client: aiohttp.ClientSession, huawei: FakeHuawei
) -> None:
    ws = await vcs(client, huawei)
    config = {"voice_name": "chinese_huaxiaoli_common"}
    await ws.send_str(json.dumps({"command": "START", "text_pieces": "ONLY", "text": "欢迎。再见", "config": config}))
    assert (await next_json(ws))["resp_type"] == "START"
    assert (await next_json(ws))["resp_type"] == "END"  # after the audio, with no END from the client
    record = huawei.requests[0]
    assert (record.texts, record.spoken, record.unspoken) == (["欢迎。再见"], ["欢迎。"], "再见")
    assert record.audio == fake_pcm("欢迎。", 16000)


@pytest.mark.parametrize(
    ("start", "code"),
    [
        ({"text": "x" * 301}, "SIS.0032"),
        ({}, "SIS.0012"),
        ({"text": "……"}, "SIS.1010"),
    ],
)
async def test_streaming_tts_in_only_mode_refuses_a_text_it_would_refuse_in_a_msg(
    client: aiohttp.ClientSession, huawei: FakeHuawei, start: dict[str, Any], code: str
) -> None:
    ws = await vcs(client, huawei)
    config = {"voice_name": "chinese_huaxiaoli_common"}
    await ws.send_str(json.dumps({"command": "START", "text_pieces": "ONLY", "config": config} | start))
    assert (await next_json(ws))["error_code"] == code


@pytest.mark.parametrize("command", [{"command": "MSG", "text": "还有。"}, {"command": "END"}])
async def test_streaming_tts_in_only_mode_takes_no_msg_or_end(
    client: aiohttp.ClientSession, huawei: FakeHuawei, command: dict[str, Any]
) -> None:
    huawei.faults.first_audio_delay = 0.3  # still speaking when the command comes
    ws = await vcs(client, huawei)
    config = {"voice_name": "chinese_huaxiaoli_common"}
    await ws.send_str(json.dumps({"command": "START", "text_pieces": "ONLY", "text": "欢迎。", "config": config}))
    assert (await next_json(ws))["resp_type"] == "START"
    await ws.send_str(json.dumps(command))
    answer = await next_json(ws)
    assert (answer["resp_type"], answer["error_code"]) == ("ERROR", "SIS.0031")
    assert huawei.requests[0].texts == ["欢迎。"]
