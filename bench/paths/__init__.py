"""The ways a request reaches the engine: each a :class:`Path` measured the same way.

A path speaks one reply per call and reports when its first PCM reached the
client; ``pid`` is the process whose CPU and memory are the system under
test's. Each path is one module with an ``open_path`` context manager, listed
in :data:`PATHS`: (a) the engine, (b) the Wyoming server, (c) the Home
Assistant entity's stream.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from . import engine, home_assistant, wyoming
from .base import VOICES, Path, Reply

Opener = Callable[[str], AbstractAsyncContextManager[Path]]
"""Open a path to the fake cloud at the given URL."""

PATHS: dict[str, Opener] = {
    "engine": engine.open_path,
    "wyoming": wyoming.open_path,
    "home assistant": home_assistant.open_path,
}

__all__ = ["PATHS", "VOICES", "Opener", "Path", "Reply"]
