"""Path (a): the engine itself, in this process (its CPU and memory are this process's)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

import aiohttp

from cloud_tts_engine import Deadlines, SynthesisOptions, TextInput, TtsError, TtsProvider, cloud

from ..tls import Trust
from .base import Reply, account, now


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
async def open_path(
    endpoint: str, *, cloud_id: str = "dashscope", trust: Trust | None = None, warm: bool = True
) -> AsyncIterator[EnginePath]:
    """An engine provider for the fake ``cloud_id`` at ``endpoint``; ``warm=False`` connects for every reply."""
    deadlines = Deadlines() if warm else Deadlines(warm_socket=0.0)  # a released connection is closed at once
    tls = True if trust is None else trust.context()
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, ssl=tls)) as session,  # as the server's
        cloud(cloud_id).provider(account(cloud_id, endpoint), session, deadlines=deadlines) as provider,
    ):
        yield EnginePath(provider)
