"""The server against careless and hostile clients, on raw sockets: every mistake answered, every cost bounded."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import struct
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event, async_read_event
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped

from tests.fakes import FakeDashScope, fake_pcm
from tests.helpers import eventually
from wyoming_server import reachability
from wyoming_server.settings import Limits, ProviderSettings


def wire(event: Event) -> bytes:
    """The bytes the wyoming library sends for ``event``."""
    header: dict[str, Any] = {"type": event.type}
    data = json.dumps(event.data, ensure_ascii=False).encode() if event.data else b""
    if data:
        header["data_length"] = len(data)
    return json.dumps(header).encode() + b"\n" + data


class RawClient:
    """A client on a raw socket: sends any bytes, reads events one by one."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def event(self) -> Event | None:
        return await asyncio.wait_for(async_read_event(self.reader), timeout=10)

    async def reply(self, *, streaming: bool = False) -> list[Event]:
        """Read one reply's events, to its audio-stop (or synthesize-stopped, for a stream)."""
        events: list[Event] = []
        while True:
            event = await self.event()
            assert event is not None, f"the server closed the connection after {[e.type for e in events]}"
            events.append(event)
            if (AudioStop.is_type(event.type) and not streaming) or SynthesizeStopped.is_type(event.type):
                return events


@contextlib.asynccontextmanager
async def raw(uri: str) -> AsyncIterator[RawClient]:
    host, port = uri.removeprefix("tcp://").rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port), limit=2**24)
    try:
        yield RawClient(reader, writer)
    finally:
        writer.transport.abort()


def types(events: list[Event]) -> list[str]:
    return [event.type for event in events]


def logged(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    """The records a server logging at INFO level writes (without asyncio's debug-mode slow-callback notes)."""
    return [
        r
        for r in records
        if r.levelno >= logging.INFO and not (r.name == "asyncio" and r.getMessage().startswith("Executing "))
    ]


def client_mistakes_logged_quietly(records: list[logging.LogRecord]) -> None:
    """At most one warning per client, no error, no traceback."""
    records = logged(records)
    assert not [r for r in records if r.levelno >= logging.ERROR], [r.getMessage() for r in records]
    assert not [r for r in records if r.exc_info], "a traceback was logged"
    assert len([r for r in records if r.levelno == logging.WARNING]) <= 1, [r.getMessage() for r in records]


# --- item 4: malformed events end their reply the way the protocol expects ---


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (b"[1, 2]\n", "the header is not a JSON object"),
        (b"42\n", "the header is not a JSON object"),
        (b'{"data": {"text": "hi"}}\n', "the header has no type"),
        (b"GET / HTTP/1.1\n", "the header is not JSON"),
        (b"[" * 50_000 + b"\n", "the header is not JSON"),
        (wire(Event("synthesize", {"voice": {"name": "Cherry"}})), "text is missing"),
        (wire(Event("synthesize", {"text": 5})), "text must be a string"),
        (wire(Event("synthesize", {"text": "hi", "voice": {"name": 5}})), "voice name must be a string, got 5"),
        (wire(Event("synthesize", {"text": "hi", "voice": "Cherry"})), "voice must be an object"),
        (wire(Event("synthesize", {"text": "hi", "text_format": "html"})), "text_format must be one of text, ssml"),
        (b'{"type": "synthesize", "data_length": 4}\n[12]', "the event's data is not a JSON object"),
    ],
)
async def test_a_malformed_request_gets_an_error_and_the_end_of_its_reply(
    server: str, sent: bytes, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with raw(server) as client:
        await client.send(sent)
        events = await client.reply()
        assert types(events) == ["error", "audio-stop"]
        error = Error.from_event(events[0])
        assert error.code == "BadRequest" and message in error.text
        await client.send(wire(Synthesize(text="好。").event()))  # the connection goes on
        events = await client.reply()
    assert b"".join(AudioChunk.from_event(e).audio for e in events if AudioChunk.is_type(e.type)) == fake_pcm(
        "好。", 24000
    )
    client_mistakes_logged_quietly(caplog.records)


async def test_a_bad_chunk_ends_the_stream_with_an_error_and_no_audio_after_it(
    server: str, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    async with raw(server) as client:
        await client.send(wire(SynthesizeStart().event()) + wire(SynthesizeChunk(text="第一句。").event()))
        await eventually(lambda: bool(fake.sessions) or bool(fake.tasks))
        await client.send(wire(Event("synthesize-chunk", {"text": ["not", "text"]})))
        await client.send(wire(SynthesizeChunk(text="第二句。").event()))  # after the error: dropped
        await client.send(wire(Synthesize(text="第一句。第二句。").event()) + wire(SynthesizeStop().event()))
        events = await client.reply(streaming=True)
        after_error = types(events)[types(events).index("error") :]
        assert after_error == ["error", "audio-stop", "synthesize-stopped"]
        assert "text must be a string" in Error.from_event(events[types(events).index("error")]).text
        await client.send(wire(Describe().event()))
        assert Info.is_type((await client.event() or Event("none")).type)  # no other event was left behind
    client_mistakes_logged_quietly(caplog.records)


async def test_a_malformed_stream_start_ends_its_stream_and_swallows_the_rest_of_it(server: str) -> None:
    async with raw(server) as client:
        await client.send(wire(Event("synthesize-start", {"voice": {"name": 7}})))
        await client.send(wire(SynthesizeChunk(text="你好。").event()) + wire(Synthesize(text="你好。").event()))
        await client.send(wire(SynthesizeStop().event()) + wire(Describe().event()))
        events = await client.reply(streaming=True)
        if "info" not in types(events):  # (describe is answered at once, replies in their turn)
            events.append(await client.event() or Event("none"))
    assert sorted(types(events)) == sorted(["info", "error", "audio-stop", "synthesize-stopped"])
    assert [t for t in types(events) if t != "info"] == ["error", "audio-stop", "synthesize-stopped"]


async def test_clients_that_reset_their_connection_mid_reply_log_no_error(
    server: str, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    fake.faults.pace = 1.0
    for _ in range(5):
        async with raw(server) as client:
            await client.send(wire(Synthesize(text="很长的一句话。" * 20).event()))
            assert AudioStart.is_type((await client.event() or Event("none")).type)
            client.writer.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
    await eventually(lambda: fake.running_tasks == 0)
    assert not [r for r in logged(caplog.records) if r.levelno >= logging.WARNING]


# --- item 2: declared sizes are checked before anything is read ---


@pytest.mark.parametrize("field", ["payload_length", "data_length"])
async def test_a_huge_declared_size_is_refused_before_reading(
    server: str, field: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with raw(server) as client:
        await client.send(json.dumps({"type": "synthesize", field: 2**40}).encode() + b"\n" + b"x" * 65536)
        events = [event async for event in _until_closed(client)]
    assert types(events) == ["error", "audio-stop"]
    error = Error.from_event(events[0])
    assert error.code == "BadRequest" and f"declares {2**40} bytes" in error.text and "at most 1048576" in error.text
    client_mistakes_logged_quietly(caplog.records)


async def test_a_header_line_beyond_the_readers_limit_is_refused(server: str) -> None:
    async with raw(server) as client:
        await client.send(b'{"type": "synthesize", "data": {"text": "' + b"x" * 200_000)
        events = [event async for event in _until_closed(client)]
    assert types(events) == ["error", "audio-stop"]
    assert "the header line is too long" in Error.from_event(events[0]).text


async def _until_closed(client: RawClient) -> AsyncIterator[Event]:
    while (event := await client.event()) is not None:
        yield event


# --- item 1: a pipelined flood is bounded, refused in order, and cleaned up after ---


async def test_pipelined_requests_beyond_the_bound_are_refused_in_their_turn(
    server: str, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    fake.faults.first_audio_delay = 0.2  # the first reply is still speaking when the rest arrive
    texts = [f"第{n}句。" for n in range(40)]
    async with raw(server) as client:
        await client.send(b"".join(wire(Synthesize(text=text).event()) for text in texts))
        replies = [await client.reply() for _ in texts]
    spoken = [n for n, events in enumerate(replies) if "audio-start" in types(events)]
    assert spoken == list(range(8))  # the default bound: 8 replies in progress or waiting
    for n, events in enumerate(replies):
        if n in spoken:
            audio = b"".join(AudioChunk.from_event(e).audio for e in events if AudioChunk.is_type(e.type))
            assert audio == fake_pcm(texts[n], 24000)  # each reply in its own turn
        else:
            assert types(events) == ["error", "audio-stop"]
            assert Error.from_event(events[0]).code == "TooManyRequests"
    assert len(fake.tasks) == 8
    client_mistakes_logged_quietly(caplog.records)


async def test_a_flood_of_50000_requests_then_a_close_costs_a_few_log_lines(
    server: str, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="wyoming_server")
    flood = wire(Synthesize(text="你好，欢迎回家，今天天气很好。").event()) * 50_000
    async with raw(server) as client:
        client.writer.write(flood)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(client.writer.drain(), 3)  # the server stops reading at its bound
    await eventually(lambda: any(r.getMessage().endswith(" left") for r in caplog.records), timeout=10)
    await eventually(lambda: fake.running_tasks == 0)
    assert len(fake.tasks) <= 8
    assert len(logged(caplog.records)) <= 3, [r.getMessage() for r in logged(caplog.records)]
    client_mistakes_logged_quietly(caplog.records)
    async with raw(server) as client:  # and the server goes on serving
        await client.send(wire(Synthesize(text="好。").event()))
        assert "audio-start" in types(await client.reply())


# --- item 3: idle and stalled clients are let go ---


@pytest.fixture
async def strict_server(fake: FakeDashScope, start_server: Callable[..., Any]) -> str:
    """A server with short idle and write limits."""
    uri: str = await start_server(
        ProviderSettings("dashscope", endpoint=fake.url), limits=Limits(idle_timeout=0.3, write_timeout=0.3)
    )
    return uri


@pytest.mark.parametrize("sent", [b"", b'{"type": "describe"', b'{"type": "synthesize", "data_length": 100}\n{"te'])
async def test_a_connection_silent_or_stalled_mid_event_is_closed(
    strict_server: str, sent: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with raw(strict_server) as client:
        await client.send(sent)
        assert await client.event() is None  # closed by the server
    assert any(r.levelno == logging.INFO and "idle for 0.3 s" in r.getMessage() for r in caplog.records)


async def test_an_open_stream_with_pauses_is_not_idle(strict_server: str, fake: FakeDashScope) -> None:
    async with raw(strict_server) as client:
        await client.send(wire(SynthesizeStart().event()) + wire(SynthesizeChunk(text="第一句。").event()))
        await asyncio.sleep(0.6)  # an LLM thinking, longer than the idle limit
        await client.send(wire(SynthesizeChunk(text="第二句。").event()) + wire(SynthesizeStop().event()))
        events = await client.reply(streaming=True)
    assert "error" not in types(events)
    audio = b"".join(AudioChunk.from_event(e).audio for e in events if AudioChunk.is_type(e.type))
    assert audio == fake_pcm("第一句。第二句。", 24000)


async def test_a_client_that_stops_reading_is_disconnected_and_its_cloud_task_cancelled(
    strict_server: str, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake.faults.pace = 30  # 140 s of audio in about 5 s
    host, port = strict_server.removeprefix("tcp://").rsplit(":", 1)
    with socket.socket() as sock:  # read by nobody (a StreamReader would read it)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        await loop.sock_connect(sock, (host, int(port)))
        await loop.sock_sendall(sock, wire(Synthesize(text="很长的一句话。" * 2000).event()))  # 6.7 MB of audio
        await eventually(lambda: bool(fake.tasks) and fake.tasks[0].state != "running", timeout=10)
    assert fake.tasks[0].state == "cancelled"
    assert any("left replies unread for 0.3 s" in r.getMessage() for r in caplog.records)


# --- item 9: a cloud unreachable at start-up ---


async def test_a_service_unreachable_at_start_up_is_served_once_it_answers(
    fake: FakeDashScope, start_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reachability, "FIRST_RETRY", 0.05)
    fake.faults.handshake_status = 503
    uri = await start_server(ProviderSettings("dashscope", endpoint=fake.url))
    async with raw(uri) as client:
        await client.send(wire(Describe().event()))
        info = await client.event()
        assert info is not None and Info.from_event(info).tts[0].voices  # from memory
        await client.send(wire(Synthesize(text="你好。").event()))
        events = await client.reply()
        assert types(events) == ["error", "audio-stop"]
        assert "has not been reachable since the server started" in Error.from_event(events[0]).text
        fake.faults.handshake_status = None
        async with asyncio.timeout(5):  # until a background check finds the service back
            while "error" in types(events):
                await client.send(wire(Synthesize(text="你好。").event()))
                events = await client.reply()
    assert AudioStart.is_type(events[0].type)
