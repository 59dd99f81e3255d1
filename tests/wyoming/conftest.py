"""A Wyoming server, in this process, bridged to the fake clouds."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.fakes import FakeDashScope, FakeHuawei
from wyoming_server.server import serve
from wyoming_server.settings import Limits, Preset, ProviderSettings, ServerSettings

IAM_ENV = {"HUAWEICLOUD_IAM_DOMAIN": "acme", "HUAWEICLOUD_IAM_USER": "alice", "HUAWEICLOUD_IAM_PASSWORD": "s3cret"}


@pytest.fixture
async def start_server() -> AsyncIterator[Callable[..., Any]]:
    """Start a server with the given settings; returns its tcp:// URI."""
    running: list[asyncio.Task[None]] = []

    async def start(
        *providers: ProviderSettings,
        presets: tuple[Preset, ...] = (),
        env: dict[str, str] | None = None,
        limits: Limits | None = None,
        fallbacks: dict[str, str] | None = None,
    ) -> str:
        settings = ServerSettings(
            uri="tcp://127.0.0.1:0",
            providers=providers,
            presets=presets,
            limits=limits or Limits(),
            fallbacks=fallbacks or {},
        )
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(serve(settings, {"DASHSCOPE_API_KEY": "sk-test", **(env or {})}, ready=ready))
        running.append(task)
        done, _ = await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED, timeout=10)
        if task in done:
            task.result()  # raises the start-up error
        return ready.result()

    yield start
    for task in running:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
async def server(fake: FakeDashScope, start_server: Callable[..., Any]) -> str:
    """A server for the fake Model Studio (Beijing); stopped before the fake (its warm connections closed)."""
    uri: str = await start_server(ProviderSettings("dashscope", endpoint=fake.url))
    return uri


@pytest.fixture
async def both_server(fake: FakeDashScope, huawei: FakeHuawei, start_server: Callable[..., Any]) -> str:
    """A server for the fake Model Studio and the fake Huawei Cloud side by side."""
    uri: str = await start_server(
        ProviderSettings("dashscope", endpoint=fake.url),
        ProviderSettings("huawei", endpoint=huawei.url, iam_endpoint=huawei.iam_url),
        env=IAM_ENV,
    )
    return uri
