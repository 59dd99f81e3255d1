"""The machine a run measured: CPU, cores, memory, Python and the libraries that matter."""

from __future__ import annotations

import platform
from importlib.metadata import version
from pathlib import Path

import psutil

LIBRARIES = ("aiohttp", "wyoming", "dashscope", "websocket-client")


def describe() -> list[str]:
    """Lines describing this machine."""
    cpu = platform.processor() or platform.machine()
    info = Path("/proc/cpuinfo")
    if info.exists():
        names = [
            line.split(":", 1)[1].strip() for line in info.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = psutil.virtual_memory().total / 1024**3
    return [
        f"CPU: {cpu}, {psutil.cpu_count(logical=True)} logical cores",
        f"Memory: {memory:.1f} GB",
        f"OS: {platform.system()} {platform.release()}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        "Libraries: " + ", ".join(f"{name} {version(name)}" for name in LIBRARIES),
    ]
