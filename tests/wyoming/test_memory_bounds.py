"""The server's memory under a flood and a huge declared payload, measured in its own process (RSS)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import sys
from collections.abc import AsyncIterator

import pytest
from wyoming.client import AsyncTcpClient
from wyoming.info import Describe
from wyoming.tts import Synthesize

from tests.fakes import FakeDashScope

psutil = pytest.importorskip("psutil")

MIB = 1024 * 1024
BOUND = 16 * MIB
"""What one hostile connection may add to the server's memory, at most (measured: under 1 MiB; before the
limits, +26 MiB for the flood and +1 GiB for the payload)."""


class Sampler:
    """The highest RSS of a process, sampled while a block runs."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0

    def rss(self) -> int:
        rss: int = self.process.memory_info().rss
        return rss

    @contextlib.asynccontextmanager
    async def sampling(self) -> AsyncIterator[None]:
        async def sample() -> None:
            while True:
                self.peak = max(self.peak, self.rss())
                await asyncio.sleep(0.02)

        task = asyncio.create_task(sample())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.peak = max(self.peak, self.rss())


@pytest.fixture
async def server_process(fake: FakeDashScope) -> AsyncIterator[tuple[int, Sampler]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "wyoming_server", "--uri", f"tcp://127.0.0.1:{port}", "--provider", "dashscope"),
        *("--endpoint", fake.url),
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with asyncio.timeout(15):
            while True:
                with contextlib.suppress(OSError):
                    async with AsyncTcpClient("127.0.0.1", port) as tts:
                        await tts.write_event(Describe().event())
                        if await tts.read_event() is not None:
                            break
                await asyncio.sleep(0.1)
        yield port, Sampler(process.pid)
    finally:
        process.terminate()
        await process.wait()


async def send_until_refused(port: int, data: bytes, chunk: int = 64 * 1024) -> int:
    """Send ``data`` without ever reading, until it is all sent or the server stops taking it; return bytes sent."""
    loop = asyncio.get_running_loop()
    sent = 0
    with socket.socket() as sock:
        sock.setblocking(False)
        await loop.sock_connect(sock, ("127.0.0.1", port))
        with contextlib.suppress(TimeoutError, ConnectionError):
            for start in range(0, len(data), chunk):
                await asyncio.wait_for(loop.sock_sendall(sock, data[start : start + chunk]), 1)
                sent += len(data[start : start + chunk])
    return sent


def wire(header: dict[str, object], data: bytes = b"") -> bytes:
    return json.dumps(header).encode() + b"\n" + data


async def test_a_flood_of_50000_requests_and_a_huge_declared_payload_stay_within_bounds(
    server_process: tuple[int, Sampler],
) -> None:
    port, sampler = server_process
    before = sampler.rss()
    text = json.dumps(Synthesize(text="你好，欢迎回家，今天天气很好。").event().data, ensure_ascii=False).encode()
    flood = wire({"type": "synthesize", "data_length": len(text)}, text) * 50_000
    async with sampler.sampling():
        flooded = await send_until_refused(port, flood)
        await asyncio.sleep(0.5)  # the server cleans up after the client
    during_flood, after_flood = sampler.peak, sampler.rss()

    sampler.peak = 0
    payload = b"\0" * MIB
    async with sampler.sampling():
        sent = await send_until_refused(port, wire({"type": "synthesize", "payload_length": 2**40}) + payload * 500)
        await asyncio.sleep(0.5)
    during_payload, after_payload = sampler.peak, sampler.rss()
    print(
        f"RSS MiB: before {before / MIB:.1f}; flood ({flooded / MIB:.1f} MiB taken of {len(flood) / MIB:.1f}) "
        f"peak {during_flood / MIB:.1f}, after {after_flood / MIB:.1f}; declared 2**40 payload "
        f"({sent / MIB:.1f} MiB taken of 500) peak {during_payload / MIB:.1f}, after {after_payload / MIB:.1f}"
    )
    assert during_flood - before < BOUND
    assert during_payload - before < BOUND
    assert sent < 64 * MIB  # refused at its header, not read
