"""Protocol-faithful fake cloud TTS services for tests and benchmarks.

Run one by hand with ``python -m tests.fakes dashscope --port 8080``.
"""

from .dashscope import ConnectionRecord, FakeDashScope, Faults, TaskRecord, fake_pcm

__all__ = ["ConnectionRecord", "FakeDashScope", "Faults", "TaskRecord", "fake_pcm"]
