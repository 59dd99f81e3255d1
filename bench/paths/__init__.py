"""The ways a request reaches the engine: each a :class:`Path` measured the same way.

A path speaks one reply per call and reports when its first PCM reached the
client; ``pid`` is the process whose CPU and memory are the system under
test's. Each path is one module with an ``open_path`` context manager, listed
in :data:`PATHS`: (a) the engine, (b) the Wyoming server, (c) the Home
Assistant entity's stream.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from ..tls import Trust
from . import engine, home_assistant, wyoming
from .base import CLOUD_VOICES, HUAWEI_VOICES, VOICES, Path, Reply


class Opener(Protocol):
    """Open a path to the fake ``cloud_id`` at ``endpoint`` (``trust``: the CA of its TLS, if it speaks TLS)."""

    def __call__(
        self, endpoint: str, *, cloud_id: str = ..., trust: Trust | None = ...
    ) -> AbstractAsyncContextManager[Path]: ...


PATHS: dict[str, Opener] = {
    "engine": engine.open_path,
    "wyoming": wyoming.open_path,
    "home assistant": home_assistant.open_path,
}

__all__ = ["CLOUD_VOICES", "HUAWEI_VOICES", "PATHS", "VOICES", "Opener", "Path", "Reply"]
