"""Path (b): the Wyoming server in its own process, asked by the real ``wyoming`` client.

Like Home Assistant, the client opens a connection per reply; the time to
connect counts. A streamed text goes as synthesize-start, -chunk…, -stop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped, SynthesizeVoice

from cloud_tts_engine import TextInput

from ..processes import wyoming_server
from ..tls import Trust
from .base import Reply, account, now

REPLY_TIMEOUT = 120.0


class WyomingPath:
    """Replies from a Wyoming server process."""

    name = "wyoming"

    def __init__(self, uri: str, pid: int) -> None:
        """Ask the server at ``uri`` (process ``pid``)."""
        self.host, port = uri.removeprefix("tcp://").rsplit(":", 1)
        self.port = int(port)
        self.pid = pid

    async def reply(self, text: TextInput, voice: str) -> Reply:
        """Speak ``text`` and time its first PCM."""
        started = now()
        async with asyncio.timeout(REPLY_TIMEOUT), AsyncTcpClient(self.host, self.port) as client:
            chosen = SynthesizeVoice(name=voice)
            if isinstance(text, str):
                await client.write_event(Synthesize(text=text, voice=chosen).event())
                return await _read_reply(client, started, end=AudioStop.is_type)
            async with asyncio.TaskGroup() as group:
                group.create_task(_send_stream(client, text, chosen))
                reading = group.create_task(_read_reply(client, started, end=SynthesizeStopped.is_type))
            return reading.result()


async def _send_stream(client: AsyncTcpClient, chunks: TextInput, voice: SynthesizeVoice) -> None:
    assert not isinstance(chunks, str)
    await client.write_event(SynthesizeStart(voice=voice).event())
    async for chunk in chunks:
        await client.write_event(SynthesizeChunk(text=chunk).event())
    await client.write_event(SynthesizeStop().event())


async def _read_reply(client: AsyncTcpClient, started: float, *, end: Callable[[str], bool]) -> Reply:
    first: float | None = None
    size = 0
    bytes_per_second = 1
    error: str | None = None
    while (event := await client.read_event()) is not None:
        if AudioChunk.is_type(event.type):
            first = first or now()
            size += len(AudioChunk.from_event(event).audio)
        elif AudioStart.is_type(event.type):
            start = AudioStart.from_event(event)
            bytes_per_second = start.rate * start.width * start.channels
        elif Error.is_type(event.type):
            error = Error.from_event(event).text
        elif end(event.type):
            return Reply(started, first, size / bytes_per_second, error)
    return Reply(started, first, size / bytes_per_second, error or "the server closed the connection")


@contextlib.asynccontextmanager
async def open_path(
    endpoint: str, *, cloud_id: str = "dashscope", trust: Trust | None = None
) -> AsyncIterator[WyomingPath]:
    """A Wyoming server process for the fake ``cloud_id`` at ``endpoint`` (trusting ``trust``'s CA)."""
    async with wyoming_server(cloud_id, account(cloud_id, endpoint), None if trust is None else trust.env()) as server:
        yield WyomingPath(server.address, server.pid)
