"""Protocol-faithful fake cloud TTS services for tests and benchmarks.

Run one by hand with ``python -m tests.fakes dashscope --port 8080``.
"""

from .audio import fake_pcm
from .dashscope import ConnectionRecord, FakeDashScope, TaskRecord
from .faults import Faults
from .huawei import FakeHuawei, SisRequest
from .qwen_realtime import SessionRecord

__all__ = [
    "ConnectionRecord",
    "FakeDashScope",
    "FakeHuawei",
    "Faults",
    "SessionRecord",
    "SisRequest",
    "TaskRecord",
    "fake_pcm",
]
