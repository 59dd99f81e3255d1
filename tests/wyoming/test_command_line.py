"""``python -m wyoming_server``: start-up errors are one line naming the setting; a good start serves."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest
from wyoming.client import AsyncTcpClient
from wyoming.info import Describe, Info

from tests.fakes import FakeDashScope

SECRETS = ("DASHSCOPE_API_KEY", "DASHSCOPE_WORKSPACE", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK")


async def run(*args: str, env: dict[str, str] | None = None, timeout: float = 20) -> tuple[int, str]:
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("HUAWEICLOUD_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wyoming_server",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**clean, **(env or {})},
    )
    _, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, err.decode()


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ((), {}, "error: Give --provider dashscope|huawei, or --config FILE"),
        (("--provider", "dashscope"), {}, "error: dashscope: Set DASHSCOPE_API_KEY"),
        (("--provider", "huawei"), {}, "HUAWEICLOUD_IAM_DOMAIN"),
        (
            ("--provider", "dashscope", "--region", "us-east-1"),
            {"DASHSCOPE_API_KEY": "sk"},
            "Unknown Model Studio region",
        ),
        (("--provider", "dashscope", "--speed", "3"), {"DASHSCOPE_API_KEY": "sk"}, "speed must be between 0.5 and 2.0"),
        (("--provider", "dashscope", "--voice", "Nobody"), {"DASHSCOPE_API_KEY": "sk"}, "Unknown voice 'Nobody'"),
    ],
)
async def test_a_wrong_setting_stops_start_up_with_one_line(
    args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    code, err = await run(*args, env=env)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err  # one line, no traceback


async def test_a_rejected_key_is_named_at_start_up(fake: FakeDashScope) -> None:
    code, err = await run("--provider", "dashscope", "--endpoint", fake.url, env={"DASHSCOPE_API_KEY": "sk-nope"})
    assert code == 2
    assert "rejected the API key" in err
    assert "sk-nope" not in err


async def test_a_config_file_with_a_mistake_names_it(tmp_path: Path) -> None:
    config = tmp_path / "tts.toml"
    config.write_text('[[provider]]\nprovider = "dashscope"\nspeeed = 1.2\n')
    code, err = await run("--config", str(config))
    assert code == 2
    assert "unknown setting 'speeed'" in err


async def test_the_server_starts_and_answers_describe(fake: FakeDashScope, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "tts.toml"
    config.write_text(
        f'uri = "tcp://127.0.0.1:{port}"\n[[provider]]\nprovider = "dashscope"\nendpoint = "{fake.url}"\n'
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wyoming_server",
        "--config",
        str(config),
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(15):
            while True:
                try:
                    async with AsyncTcpClient("127.0.0.1", port) as tts:
                        await tts.write_event(Describe().event())
                        event = await tts.read_event()
                        break
                except OSError:
                    await asyncio.sleep(0.1)
        assert event is not None
        assert Info.from_event(event).tts[0].voices
    finally:
        process.terminate()
        await process.wait()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[[provider]]\nprovider = "dashscope"\nspeed = "fast"\n', "speed = 'fast' should be float"),
        ('[[provider]]\nprovider = "dashscope"\nvolume = true\n', "volume = True should be int"),
        ('uri = "stdio://"\n[[provider]]\nprovider = "dashscope"\n', "must be tcp://HOST:PORT or unix://PATH"),
        ('debug = "no"\n[[provider]]\nprovider = "dashscope"\n', "debug must be true or false"),
        ('[[provider]]\nprovider = "dashscope"\n[presets]\nfast = 1\n', "[presets] must be tables"),
        ('[[provider]]\nprovider = "dashscope"\n[presets.fast]\nspeed = 5\n', "speed must be between 0.5 and 2.0"),
        ('[[provider]]\nprovider = "dashscope"\n[presets.raw]\nclean_text = "no"\n', "clean_text"),
        ('[[provider]]\nprovider = "dashscope"\n[[provider]]\nprovider = "dashscope"\n', "configured twice"),
        ('[[provider]]\nprovider = "dashscope"\n[limits]\nidle_timeout = 0\n', "[limits] idle_timeout must be greater"),
        ('[[provider]]\nprovider = "dashscope"\n[limits]\nmax_queued_replies = 2.5\n', "should be int"),
        ('[[provider]]\nprovider = "dashscope"\n[limits]\nidle = 5\n', "[limits]: unknown setting 'idle'"),
    ],
)
async def test_config_mistakes_are_one_line(tmp_path: Path, config: str, message: str) -> None:
    path = tmp_path / "tts.toml"
    path.write_text(config)
    code, err = await run("--config", str(path), env={"DASHSCOPE_API_KEY": "sk"})
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err


async def test_a_limit_flag_that_is_not_positive_is_one_line() -> None:
    code, err = await run("--provider", "dashscope", "--write-timeout", "-1", env={"DASHSCOPE_API_KEY": "sk"})
    assert code == 2
    assert err.strip() == "error: --write-timeout must be greater than 0"


async def test_a_service_unreachable_at_start_up_does_not_stop_the_server() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens there: the cloud is unreachable
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wyoming_server",
        "--uri",
        f"tcp://127.0.0.1:{port}",
        "--provider",
        "dashscope",
        "--endpoint",
        f"ws://127.0.0.1:{closed}",
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(15):
            while "Serving" not in (line := (await process.stderr.readline()).decode()):
                assert line, f"the server stopped: {lines}"
                lines.append(line)
            async with AsyncTcpClient("127.0.0.1", port) as tts:
                await tts.write_event(Describe().event())
                event = await tts.read_event()
        assert event is not None and Info.from_event(event).tts[0].voices
        [warning] = [line for line in lines if " WARNING " in line]
        assert "cannot be reached" in warning and "checking again in the background" in warning
    finally:
        process.terminate()
        await process.wait()


async def test_flags_beside_config_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "tts.toml"
    path.write_text('[[provider]]\nprovider = "dashscope"\n')
    code, err = await run("--config", str(path), "--voice", "Cherry")
    assert code == 2
    assert "--voice goes in the --config file" in err


async def test_sigterm_stops_the_server_cleanly(fake: FakeDashScope) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wyoming_server",
        "--uri",
        f"tcp://127.0.0.1:{port}",
        "--provider",
        "dashscope",
        "--endpoint",
        fake.url,
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(15):
        while b"Serving" not in await process.stderr.readline():
            pass
    process.terminate()
    assert await asyncio.wait_for(process.wait(), 5) == 0
