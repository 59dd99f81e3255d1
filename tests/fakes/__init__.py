"""Protocol-faithful fake cloud TTS services for tests and benchmarks.

Run one by hand with ``python -m tests.fakes dashscope --port 8080``.
"""

from .audio import fake_pcm
from .dashscope import ConnectionRecord, FakeDashScope, Faults, TaskRecord
from .qwen_realtime import SessionRecord

__all__ = ["ConnectionRecord", "FakeDashScope", "Faults", "SessionRecord", "TaskRecord", "fake_pcm"]
