"""The engine's command line writes a WAV of what the service said."""

from __future__ import annotations

import asyncio
import os
import sys
import wave
from pathlib import Path

from tests.fakes import FakeDashScope, FakeHuawei, fake_pcm
from tests.helpers import eventually


async def _say(
    fake: FakeDashScope | FakeHuawei, key: str, *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> tuple[int, bytes, bytes]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cloud_tts_engine",
        "say",
        "--endpoint",
        fake.url,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "DASHSCOPE_API_KEY": key, **(env or {})},
    )
    out, err = await process.communicate(stdin)
    assert process.returncode is not None
    return process.returncode, out, err


async def test_say_writes_a_wav_file(fake: FakeDashScope, tmp_path: Path) -> None:
    target = tmp_path / "hello.wav"
    code, _, _ = await _say(fake, "sk-test", "--sample-rate", "16000", "-o", str(target), "你好，世界。")
    assert code == 0
    with wave.open(str(target)) as wav:
        assert wav.getframerate() == 16000
        assert wav.readframes(wav.getnframes()) == fake_pcm("你好，世界。", 16000)


async def test_say_speaks_markdown_as_a_person_would_unless_told_not_to(fake: FakeDashScope) -> None:
    assert (await _say(fake, "sk-test", "**Hi** 😊"))[0] == 0
    assert (await _say(fake, "sk-test", "**Hi** 😊", "--no-clean-text"))[0] == 0
    assert ["".join(task.texts) for task in fake.tasks] == ["Hi", "**Hi** 😊"]


async def test_say_streams_stdin_lines(fake: FakeDashScope) -> None:
    code, out, _ = await _say(fake, "sk-test", "-", stdin=b"Line one.\nLine two.\n")
    assert code == 0
    assert out[44:] == fake_pcm("Line one.\nLine two.\n", 24000)
    assert fake.tasks[0].texts == ["Line one.", "\nLine two."]  # a line break waits for the text after it


async def test_say_reports_a_bad_key_in_one_line(fake: FakeDashScope) -> None:
    code, out, err = await _say(fake, "sk-wrong", "hello")
    assert code == 1
    assert out == b""
    assert err.decode().startswith("error: Model Studio in China (Beijing) rejected the API key")
    assert b"sk-wrong" not in err


async def test_say_speaks_with_any_model_studio_family(fake: FakeDashScope) -> None:
    code, out, _ = await _say(fake, "sk-test", "--voice", "Cherry", "--sample-rate", "16000", "你好。")
    assert code == 0
    assert out[44:] == fake_pcm("你好。", 16000)
    assert fake.sessions[0].model == "qwen3-tts-flash-realtime"

    code, out, _ = await _say(fake, "sk-test", "--model", "sambert-zhiyue-v1", "您好。")
    assert code == 0
    assert out[44:] == fake_pcm("您好。", 16000)
    assert fake.tasks[-1].model == "sambert-zhiyue-v1"


async def test_say_speaks_with_huawei_cloud(huawei: FakeHuawei) -> None:
    iam = {"HUAWEICLOUD_IAM_DOMAIN": "acme", "HUAWEICLOUD_IAM_USER": "alice", "HUAWEICLOUD_IAM_PASSWORD": "s3cret"}
    code, out, err = await _say(
        huawei, "", "--provider", "huawei", "--iam-endpoint", huawei.iam_url, "欢迎回家。", env=iam
    )
    assert code == 0, err
    assert out[44:] == fake_pcm("欢迎回家。", 24000)
    assert huawei.requests[0].api == "vcs"

    code, out, err = await _say(huawei, "", "--provider", "huawei", "--iam-endpoint", huawei.iam_url, "hi")
    assert code == 1
    assert b"HUAWEICLOUD_IAM_USER" in err  # says which setting is missing


async def _run(*args: str) -> tuple[int, bytes, bytes]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cloud_tts_engine",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out, err


async def test_say_to_a_path_it_cannot_write_says_so_in_one_line(fake: FakeDashScope, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "hello.wav"
    code, out, err = await _say(fake, "sk-test", "-o", str(target), "你好。")
    assert code == 1
    assert out == b""
    assert err.decode() == f"error: cannot write {target}: No such file or directory\n"
    assert not target.parent.exists()
    await eventually(lambda: fake.open_connections == 0)


async def test_say_refuses_an_endpoint_that_is_not_a_url_in_one_line() -> None:
    code, out, err = await _run("say", "--endpoint", "not a url", "你好。")
    assert code == 1
    assert out == b""
    assert err.decode() == (
        "error: The endpoint 'not a url' is not a URL; give its scheme and host, like ws://127.0.0.1:8080\n"
    )


async def test_voices_of_an_unknown_region_is_an_error_in_one_line() -> None:
    code, out, err = await _run("voices", "--region", "nowhere-1")
    assert code == 1
    assert out == b""
    assert err.decode() == "error: Unknown dashscope region 'nowhere-1'; use one of: cn-beijing, ap-southeast-1\n"

    code, out, err = await _run("voices", "--provider", "huawei", "--region", "nowhere-1")
    assert code == 1
    assert err.decode().startswith("error: Unknown huawei region 'nowhere-1'; use one of: cn-north-4")


async def test_say_with_a_fallback_voice_speaks_it_when_the_voice_fails_to_begin(
    fake: FakeDashScope, tmp_path: Path
) -> None:
    fake.faults.run_task_failure = ("Arrearage", "Access denied, please make sure your account is in good standing.")
    target = tmp_path / "hello.wav"
    args = ("--voice", "longanyang", "--fallback-voice", "Cherry", "-o", str(target), "你好，世界。")
    code, _, err = await _say(fake, "sk-test", *args)
    assert code == 0, err
    with wave.open(str(target)) as wav:
        assert wav.readframes(wav.getnframes()) == fake_pcm("你好，世界。", wav.getframerate())
    assert fake.sessions  # Qwen-TTS (realtime) spoke: CosyVoice's task failed
