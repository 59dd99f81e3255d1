"""Path (a): the engine itself, in this process (its CPU and memory are this process's)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

import aiohttp

from cloud_tts_engine import Deadlines, SynthesisOptions, TextInput, TtsError, TtsProvider, cloud

from .base import Reply, now


class EnginePath:
    """Replies straight from the engine's Model Studio provider."""

    name = "engine"

    def __init__(self, provider: TtsProvider) -> None:
        """Speak through ``provider``."""
        self.provider = provider
        self.pid = os.getpid()

    async def reply(self, text: TextInput, voice: str) -> Reply:
        """Speak ``text`` and time its first PCM."""
        started = now()
        stream = self.provider.synthesize(text, SynthesisOptions(voice=voice))
        first: float | None = None
        size = 0
        error: str | None = None
        try:
            async with stream as audio:
                async for pcm in audio:
                    first = first or now()
                    size += len(pcm)
        except TtsError as err:
            error = repr(err)
        return Reply(started, first, size / stream.format.bytes_per_second, error)


@contextlib.asynccontextmanager
async def open_path(endpoint: str, *, warm: bool = True) -> AsyncIterator[EnginePath]:
    """An engine provider for the fake cloud at ``endpoint``; ``warm=False`` connects for every reply."""
    account = {"region": "cn-beijing", "api_key": "sk-test", "endpoint": endpoint}
    deadlines = Deadlines() if warm else Deadlines(warm_socket=0.0)  # a released connection is closed at once
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session,  # as the Wyoming server's
        cloud("dashscope").provider(account, session, deadlines=deadlines) as provider,
    ):
        yield EnginePath(provider)
