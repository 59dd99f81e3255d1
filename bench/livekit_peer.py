"""A peer: LiveKit's Model Studio plugin (``livekit-plugins-aliyun``), CosyVoice only, used as its agents use it.

One ``aliyun.TTS`` with its pool of WebSockets kept open between replies; each
reply a ``stream()`` whose text is pushed as it arrives. The plugin writes
Model Studio's address into its options (no setting changes it), so the bench
gives it options whose address is the fake's; everything else is the plugin's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass

import aiohttp
from livekit.plugins import aliyun
from livekit.plugins.aliyun.tts import TTSOptions

from cloud_tts_engine import TextInput

from .paths.base import Reply, now
from .tls import Trust

INFERENCE_PATH = "/api-ws/v1/inference"
BYTES_PER_SECOND = 24000 * 2


@dataclass
class _FakeHostOptions(TTSOptions):
    """The plugin's options with the fake's address in place of Model Studio's."""

    url: str = ""

    def get_ws_url(self) -> str:
        return self.url


class LiveKitPath:
    """Replies through one plugin ``TTS`` (its connection pool kept between replies)."""

    name = "LiveKit plugin"

    def __init__(self, session: aiohttp.ClientSession, endpoint: str, voice: str) -> None:
        """A plugin ``TTS`` for ``voice`` on the fake at ``endpoint``."""
        self.tts = aliyun.TTS(api_key="sk-test", http_session=session, voice=voice)
        self.tts._opts = _FakeHostOptions(**asdict(self.tts._opts), url=f"{endpoint}{INFERENCE_PATH}")
        self.pid = os.getpid()

    async def reply(self, text: TextInput, voice: str) -> Reply:
        """Speak ``text`` (whole, or streamed: pushed as it arrives) and time its first PCM."""
        started = now()
        first: float | None = None
        size = 0
        stream = self.tts.stream()
        pushing = asyncio.create_task(_push(stream, text))
        try:
            async for event in stream:
                first = first or now()
                size += len(event.frame.data.tobytes())
            await pushing
        except Exception as err:  # noqa: BLE001 - a peer's failure is a measured error, not the bench's
            return Reply(started, first, size / BYTES_PER_SECOND, repr(err))
        finally:
            pushing.cancel()
            await stream.aclose()
        return Reply(started, first, size / BYTES_PER_SECOND)


async def _push(stream: aliyun.tts.SynthesizeStream, text: TextInput) -> None:
    """Push ``text`` into ``stream`` (a streamed text piece by piece, as it arrives), then end its input."""
    if isinstance(text, str):
        stream.push_text(text)
    else:
        async for piece in text:
            stream.push_text(piece)
    stream.end_input()


@contextlib.asynccontextmanager
async def open_path(endpoint: str, voice: str, trust: Trust | None = None) -> AsyncIterator[LiveKitPath]:
    """The plugin for ``voice`` on the fake at ``endpoint`` (its session trusting ``trust``'s CA); its pool closed
    at the end."""
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(ssl=True if trust is None else trust.context())
    ) as session:
        path = LiveKitPath(session, endpoint, voice)
        try:
            yield path
        finally:
            await path.tts.aclose()
