"""Debug logging: each reply's lifecycle, one line per step, with a short id; never per chunk, never a secret."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from cloud_tts_engine import AuthenticationError, ServiceUnavailableError, SynthesisOptions
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from cloud_tts_engine.dashscope.qwen_tts import QwenTtsProvider
from cloud_tts_engine.dashscope.sambert import SambertProvider
from cloud_tts_engine.huawei import AccessKey, HuaweiAccount, HuaweiProvider, IamUser
from tests.fakes import FakeDashScope, FakeHuawei

from .conftest import FAST

TEXT = "床前明月光，疑是地上霜。举头望明月，低头思故乡。"


def _replies(caplog: pytest.LogCaptureFixture) -> dict[str, list[str]]:
    """The engine's debug lines, by reply id (the part after ``Reply <id>: ``)."""
    replies: dict[str, list[str]] = {}
    for record in caplog.records:
        if record.name.startswith("cloud_tts_engine.") and record.levelno == logging.DEBUG:
            match = re.fullmatch(r"Reply ([0-9a-f]{6}): (.*)", record.getMessage(), re.DOTALL)
            assert match, record.getMessage()
            replies.setdefault(match[1], []).append(match[2])
    return replies


@pytest.fixture(autouse=True)
def debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cloud_tts_engine")


async def test_a_reply_logs_each_step_once(
    provider: CosyVoiceProvider, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    pcm = await provider.synthesize(TEXT).read_all()
    await provider.synthesize("你好。").read_all()

    first, second = fake.tasks
    assert first.frames > 1  # several chunks of audio, yet one line each step
    [(_, lines), (_, again)] = _replies(caplog).items()
    assert len(lines) == 5
    assert lines[0] == f"cosyvoice-v3-flash at 24000 Hz, a text of {len(TEXT)} characters"
    assert re.fullmatch(rf"task {first.task_id} started on a new connection in \d+ ms", lines[1])
    assert re.fullmatch(r"first audio after \d+ ms", lines[2])
    assert lines[3] == f"task {first.task_id} over; connection kept for reuse"
    seconds = len(pcm) / 48000
    assert re.fullmatch(rf"done after \d+ ms, {len(pcm)} bytes \({seconds:.2f} s of audio\) in 1 task\(s\)", lines[4])
    assert re.fullmatch(rf"task {second.task_id} started on a warm connection in \d+ ms", again[1])


async def test_a_failed_reply_logs_the_error_class_and_message(
    provider: CosyVoiceProvider, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    fake.faults.fail_after_frames = 1
    with pytest.raises(ServiceUnavailableError) as caught:
        await provider.synthesize(TEXT).read_all()

    [lines] = _replies(caplog).values()
    task_id = fake.tasks[0].task_id
    assert lines[-2] == f"task {task_id} over; connection closed"
    assert re.fullmatch(
        rf"failed after \d+ ms, \d+ bytes \(\d\.\d\d s of audio\) in 1 task\(s\): "
        rf"ServiceUnavailableError: {re.escape(str(caught.value))}",
        lines[-1],
    )
    assert "An internal error" in lines[-1]  # the service's own words


async def test_a_reply_the_caller_stops_says_so(
    provider: CosyVoiceProvider, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    fake.faults.pace = 5.0
    async with provider.synthesize(TEXT) as audio:
        await anext(audio)

    [lines] = _replies(caplog).values()
    assert lines[-2].endswith("over; connection closed")
    assert re.fullmatch(r"stopped by the caller after \d+ ms, \d+ bytes .* in 1 task\(s\)", lines[-1])


async def test_concurrent_replies_are_told_apart(
    provider: CosyVoiceProvider, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    await asyncio.gather(provider.synthesize("你好。").read_all(), provider.synthesize("再见。").read_all())

    replies = _replies(caplog)
    assert len(replies) == 2
    started = sorted(line.split()[1] for lines in replies.values() for line in lines if " started on " in line)
    assert started == sorted(task.task_id for task in fake.tasks)
    assert all(lines[-1].startswith("done after ") for lines in replies.values())


async def test_a_piecewise_reply_logs_each_piece(
    make_provider: Callable[..., Any], fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    sambert: SambertProvider = make_provider(SambertProvider)
    pcm = await sambert.synthesize(TEXT).read_all()

    [lines] = _replies(caplog).values()
    assert lines[0] == f"sambert-zhichu-v1 at 48000 Hz, a text of {len(TEXT)} characters"
    assert re.fullmatch(rf"task 1 \({len(TEXT)} characters\) started on a new connection in \d+ ms", lines[1])
    # the piece is fetched ahead of the listener: it may be over before its first audio is passed on
    first_audio, piece_over = sorted(lines[2:4])
    assert re.fullmatch(r"first audio after \d+ ms", first_audio)
    assert piece_over == f"task 1 ({len(TEXT)} characters) over; connection kept for reuse"
    assert lines[4].startswith("done after ") and f", {len(pcm)} bytes (" in lines[4]


async def test_a_dropped_language_hint_is_logged(
    provider: CosyVoiceProvider, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    await provider.synthesize("Dinner is ready.", SynthesisOptions(language="zh-CN")).read_all()

    [lines] = _replies(caplog).values()
    assert lines[1] == "language hint zh-CN left out: the text is not in it"


async def test_no_secret_reaches_the_log(
    make_provider: Callable[..., Any],
    huawei: FakeHuawei,
    session: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, aiohttp's too
    await make_provider(CosyVoiceProvider).synthesize(TEXT).read_all()
    await make_provider(QwenTtsProvider).synthesize(TEXT).read_all()
    with pytest.raises(AuthenticationError):
        await make_provider(CosyVoiceProvider, api_key="sk-not-this-one").synthesize(TEXT).read_all()
    credentials: list[IamUser | AccessKey] = [
        IamUser("acme", "alice", "s3cret"),
        AccessKey("HPUAEXAMPLEAK", "exampleSecretKey"),
        AccessKey("HPUAEXAMPLEAK", "not-the-secret"),
        IamUser("acme", "alice", "wrong-password"),
    ]
    for credential in credentials:
        project = huawei.project_id if isinstance(credential, AccessKey) else None
        account = HuaweiAccount(credential, endpoint=huawei.url, iam_endpoint=huawei.iam_url, project_id=project)
        async with HuaweiProvider(account, session, deadlines=FAST) as sis:
            for options in (SynthesisOptions(model="rtts"), None):
                with contextlib.suppress(AuthenticationError):
                    await sis.synthesize(TEXT, options).read_all()

    replies = _replies(caplog)
    assert len(replies) == 3 + 2 * len(credentials)
    assert sum(lines[-1].startswith("done after ") for lines in replies.values()) == 6
    secrets = ["sk-test", "sk-not-this-one", "s3cret", "exampleSecretKey", "not-the-secret", "wrong-password"]
    assert huawei.tokens  # the IAM user's token, issued and used
    for secret in [*secrets, *huawei.tokens]:
        assert secret not in caplog.text
