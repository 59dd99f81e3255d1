"""Child processes (the fake cloud, the Wyoming server) and what a process costs (CPU, memory)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from .config import Network

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class Child:
    """A running child process and the address it announced."""

    pid: int
    address: str


@dataclass(frozen=True)
class Usage:
    """CPU seconds (user + system) a process used so far, and its resident memory now."""

    cpu: float
    rss: int


def usage(pid: int) -> Usage:
    """What process ``pid`` has cost so far (its threads included; this process's CPU to the nanosecond)."""
    process = psutil.Process(pid)
    if pid == os.getpid():
        cpu = time.process_time()
    else:
        times = process.cpu_times()
        cpu = times.user + times.system
    return Usage(cpu, process.memory_info().rss)


@contextlib.asynccontextmanager
async def child(args: list[str], announce: str, env: dict[str, str] | None = None) -> AsyncIterator[Child]:
    """Run ``python args`` from the project root until its output matches ``announce`` (whose group 1 is kept)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    output: list[str] = []
    drain: asyncio.Task[None] | None = None
    try:
        async with asyncio.timeout(START_TIMEOUT):
            while not (match := re.search(announce, line := (await process.stdout.readline()).decode())):
                if not line:
                    raise RuntimeError(f"python {' '.join(args)} exited:\n{''.join(output)}")
                output.append(line)
        drain = asyncio.create_task(_drain(process.stdout))
        yield Child(process.pid, match.group(1))
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        if drain is not None:
            await drain


async def _drain(stream: asyncio.StreamReader) -> None:
    """Read a child's output so that it never blocks on a full pipe."""
    while await stream.readline():
        pass


def fake_cloud(network: Network) -> contextlib.AbstractAsyncContextManager[Child]:
    """The fake Model Studio in its own process (its CPU is not the system under test's); address: its URL."""
    return child(["-m", "tests.fakes", "dashscope", "--port", "0", *network.fake_flags()], r"at (ws://\S+)")


SERVER_FLAGS = {"region": "--region", "endpoint": "--endpoint", "iam_endpoint": "--iam-endpoint"}
SERVER_SECRETS = {
    "api_key": "DASHSCOPE_API_KEY",
    "domain_name": "HUAWEICLOUD_IAM_DOMAIN",
    "username": "HUAWEICLOUD_IAM_USER",
    "password": "HUAWEICLOUD_IAM_PASSWORD",
}
"""How the Wyoming server takes an account's fields: flags, and secrets from the environment."""


def wyoming_server(
    cloud_id: str, account: dict[str, str], env: dict[str, str] | None = None
) -> contextlib.AbstractAsyncContextManager[Child]:
    """The Wyoming server in its own process for ``account`` of ``cloud_id``; address: its tcp:// URI."""
    args = ["-m", "wyoming_server", "--uri", "tcp://127.0.0.1:0", "--provider", cloud_id]
    args += [f"{SERVER_FLAGS[name]}={value}" for name, value in account.items() if name in SERVER_FLAGS]
    secrets = {SERVER_SECRETS[name]: value for name, value in account.items() if name in SERVER_SECRETS}
    return child(args, r"Serving \d+ voices at (tcp://\S+)", env={**secrets, **(env or {})})
