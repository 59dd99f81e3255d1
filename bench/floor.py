"""The protocol's floor: a bare CosyVoice client on a socket opened ahead, doing only what the protocol needs.

run-task, wait for task-started (text may not go before it), continue-task,
finish-task, then the first binary frame. What a client adds beyond this floor
is its own cost; the floor itself is loopback round trips and the fake's work.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator, Mapping

import aiohttp

from cloud_tts_engine import TextInput

from .paths.base import Reply, now
from .tls import Trust

INFERENCE_PATH = "/api-ws/v1/inference"
"""Model Studio's task endpoint (written here as the protocol documents it: the floor is the engine's yardstick)."""
PARAMETERS = {"text_type": "PlainText", "voice": "", "format": "pcm", "sample_rate": 24000}
BYTES_PER_SECOND = 24000 * 2


def task_command(action: str, task_id: str, payload: Mapping[str, object]) -> str:
    """A run-task, continue-task or finish-task message of a duplex task."""
    header = {"action": action, "task_id": task_id, "streaming": "duplex"}
    return json.dumps({"header": header, "payload": payload}, ensure_ascii=False)


class FloorPath:
    """CosyVoice replies on one WebSocket kept open, nothing else."""

    name = "bare protocol"

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Speak on ``ws``."""
        self.ws = ws
        self.pid = os.getpid()

    async def reply(self, text: TextInput, voice: str) -> Reply:
        """Speak a whole ``text``."""
        assert isinstance(text, str)
        task = uuid.uuid4().hex
        payload = {"task_group": "audio", "task": "tts", "function": "SpeechSynthesizer"}
        parameters = {**PARAMETERS, "voice": voice}
        started = now()
        run = {**payload, "model": "cosyvoice-v3-flash", "parameters": parameters, "input": {}}
        await self.ws.send_str(task_command("run-task", task, run))
        while await self._event() != "task-started":
            pass
        await self.ws.send_str(task_command("continue-task", task, {"input": {"text": text}}))
        await self.ws.send_str(task_command("finish-task", task, {"input": {}}))
        first: float | None = None
        size = 0
        while True:
            message = await self.ws.receive()
            if message.type is aiohttp.WSMsgType.BINARY:
                first = first or now()
                size += len(message.data)
            elif message.type is not aiohttp.WSMsgType.TEXT:
                return Reply(started, first, size / BYTES_PER_SECOND, f"closed: {message.type.name}")
            elif (event := _header(message.data).get("event")) in ("task-finished", "task-failed"):
                return Reply(started, first, size / BYTES_PER_SECOND, None if event == "task-finished" else "failed")

    async def _event(self) -> object:
        return _header(await self.ws.receive_str()).get("event")


def _header(data: str) -> dict[str, object]:
    header: dict[str, object] = json.loads(data)["header"]
    return header


@contextlib.asynccontextmanager
async def open_path(endpoint: str, trust: Trust | None = None) -> AsyncIterator[FloorPath]:
    """One socket to the fake at ``endpoint`` (trusting ``trust``'s CA), opened before the first reply."""
    async with (
        aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=True if trust is None else trust.context())
        ) as session,
        session.ws_connect(f"{endpoint}{INFERENCE_PATH}", headers={"Authorization": "Bearer sk-test"}) as ws,
    ):
        yield FloorPath(ws)
