"""What every path shares: the reply a client saw, the path interface, the clock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from cloud_tts_engine import TextInput

VOICES = {"CosyVoice": "longanyang", "Qwen-TTS realtime": "Cherry", "Sambert": "sambert-zhichu-v1"}
"""A voice of each Model Studio family, as the engine and the Wyoming server name it."""
HUAWEI_VOICES = {"Huawei streaming TTS": "chinese_huaxiaoli_common", "Huawei real-time TTS": "chinese_xiaoyan_common"}
"""A voice of each Huawei Cloud SIS family."""
CLOUD_VOICES = {"dashscope": VOICES, "huawei": HUAWEI_VOICES}


def account(cloud_id: str, endpoint: str) -> dict[str, str]:
    """The fake ``cloud_id``'s account at ``endpoint``, as a flat record (Huawei's IAM is served on the same port)."""
    accounts = {
        "dashscope": {"region": "cn-beijing", "api_key": "sk-test", "endpoint": endpoint},
        "huawei": {
            "region": "cn-north-4",
            "domain_name": "acme",
            "username": "alice",
            "password": "s3cret",
            "endpoint": endpoint,
            "iam_endpoint": endpoint.replace("ws", "http", 1),
        },
    }
    return accounts[cloud_id]


@dataclass(frozen=True)
class Reply:
    """One reply as the client saw it (times from ``time.perf_counter``)."""

    started: float
    first_audio_at: float | None
    audio_seconds: float
    error: str | None = None

    @property
    def first_audio(self) -> float:
        """Seconds from the request to its first PCM (infinite if none came)."""
        return float("inf") if self.first_audio_at is None else self.first_audio_at - self.started


class Path(Protocol):
    """A way to ask for speech."""

    name: str
    pid: int

    async def reply(self, text: TextInput, voice: str) -> Reply:
        """Speak ``text`` (whole or streamed) and return what the client saw."""
        ...


def now() -> float:
    """The clock every reply is timed with."""
    return time.perf_counter()
