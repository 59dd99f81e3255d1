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


def _accounts(endpoint: str) -> dict[str, dict[str, str]]:
    """The fakes' accounts, as flat records, by cloud id (Huawei's IAM is served by its fake on the same port)."""
    return {
        "dashscope": {"region": "cn-beijing", "api_key": "sk-test", "endpoint": endpoint},
        "huawei": {
            "region": "cn-north-4",
            "domain_name": "acme",
            "username": "alice",
            "password": "s3cret",
            "endpoint": endpoint,
            "iam_endpoint": endpoint.replace("ws://", "http://", 1),
        },
    }


@contextlib.asynccontextmanager
async def open_path(endpoint: str, *, warm: bool = True, cloud_id: str = "dashscope") -> AsyncIterator[EnginePath]:
    """An engine provider for the fake ``cloud_id`` at ``endpoint``; ``warm=False`` connects for every reply."""
    account = _accounts(endpoint)[cloud_id]
    deadlines = Deadlines() if warm else Deadlines(warm_socket=0.0)  # a released connection is closed at once
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session,  # as the Wyoming server's
        cloud(cloud_id).provider(account, session, deadlines=deadlines) as provider,
    ):
        yield EnginePath(provider)
