"""The Wyoming server's command line as a release has it: --version, --log-format, a stable zeroconf name."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tomllib
from pathlib import Path

from tests.fakes import FakeDashScope
from wyoming_server.settings import from_arguments

ROOT = Path(__file__).resolve().parents[2]


async def test_version_prints_the_projects_version() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "wyoming_server", "--version", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(process.communicate(), 20)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert (process.returncode, out.decode().strip()) == (0, version)


async def test_log_lines_take_the_given_format(fake: FakeDashScope) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wyoming_server",
        *("--uri", f"tcp://127.0.0.1:{port}", "--provider", "dashscope", "--endpoint", fake.url),
        *("--log-format", "cloud-tts %(levelname)s %(message)s"),
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        async with asyncio.timeout(20):
            while "Serving" not in (line := (await process.stderr.readline()).decode()):
                assert line, "the server ended before serving"
        assert line.startswith("cloud-tts INFO Serving "), line
        assert f"tcp://127.0.0.1:{port}" in line
    finally:
        process.terminate()
        await process.wait()


def test_zeroconf_without_a_name_announces_a_stable_one(tmp_path: Path) -> None:
    assert from_arguments(["--provider", "dashscope", "--zeroconf"]).zeroconf == "cloud-tts"
    assert from_arguments(["--provider", "dashscope", "--zeroconf", "kitchen"]).zeroconf == "kitchen"
    assert from_arguments(["--provider", "dashscope"]).zeroconf is None
    config = tmp_path / "tts.toml"
    config.write_text('zeroconf = true\n[[provider]]\nprovider = "dashscope"\n')
    assert from_arguments(["--config", str(config)]).zeroconf == "cloud-tts"
