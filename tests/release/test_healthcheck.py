"""``python -m wyoming_server.healthcheck``, the Docker image's HEALTHCHECK: healthy only when voices are served."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator

import pytest

from tests.fakes import FakeDashScope
from wyoming_server.server import serve
from wyoming_server.settings import ProviderSettings, ServerSettings


async def healthcheck(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "wyoming_server.healthcheck", *args, stderr=asyncio.subprocess.PIPE
    )
    _, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode is not None
    return process.returncode, err.decode()


@pytest.fixture
async def server(fake: FakeDashScope) -> AsyncIterator[str]:
    settings = ServerSettings(uri="tcp://127.0.0.1:0", providers=(ProviderSettings("dashscope", endpoint=fake.url),))
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(settings, {"DASHSCOPE_API_KEY": "sk-test"}, ready=ready))
    yield await asyncio.wait_for(ready, 10)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_a_serving_server_is_healthy(server: str) -> None:
    assert await healthcheck(server) == (0, "")


async def test_nothing_listening_is_unhealthy() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, err = await healthcheck(f"tcp://127.0.0.1:{port}")
    assert code == 1
    assert err.startswith(f"unhealthy: tcp://127.0.0.1:{port}: ")
    assert len(err.splitlines()) == 1, err


async def test_a_listener_that_does_not_answer_is_unhealthy() -> None:
    held: list[asyncio.StreamWriter] = []
    silent = await asyncio.start_server(lambda _, writer: held.append(writer), "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    try:
        code, err = await healthcheck(f"tcp://127.0.0.1:{port}", "--timeout", "0.5")
    finally:
        for writer in held:
            writer.close()
        silent.close()
    assert (code, err.strip()) == (1, f"unhealthy: tcp://127.0.0.1:{port} did not describe itself within 0.5 s")
