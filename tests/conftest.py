"""Shared fixtures: loopback-only sockets and the fake cloud services."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_socket

from tests.fakes import FakeDashScope, FakeHuawei


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[None]:
    """Allow sockets to 127.0.0.1 only (the fakes and our own servers live there)."""
    pytest_socket.enable_socket()
    pytest_socket.socket_allow_hosts(["127.0.0.1"], allow_unix_socket=True)
    yield
    pytest_socket.disable_socket(allow_unix_socket=True)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDashScope]:
    """A fake Model Studio (Beijing) on loopback accepting the key ``sk-test``."""
    server = FakeDashScope()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def huawei() -> AsyncIterator[FakeHuawei]:
    """A fake Huawei Cloud (cn-north-4) on loopback: IAM user acme/alice, one access key."""
    server = FakeHuawei()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def two_regions(fake: FakeDashScope, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDashScope]:
    """Model Studio's region hosts are two fakes: Beijing (``fake``, key ``sk-test``) and Singapore (key ``sk-intl``).

    Yields the Singapore one. Only accounts without an endpoint override reach them.
    """
    singapore = FakeDashScope(api_keys=frozenset({"sk-intl"}), region="ap-southeast-1")
    await singapore.start()
    # The engine is imported under two names (installed, and inside the integration): patch each copy loaded.
    for name in ("cloud_tts_engine.dashscope.account", "custom_components.cloud_tts.engine.dashscope.account"):
        if (module := sys.modules.get(name)) is not None:
            monkeypatch.setitem(module.HOSTS, "cn-beijing", fake.url)
            monkeypatch.setitem(module.HOSTS, "ap-southeast-1", singapore.url)
    yield singapore
    await singapore.stop()
