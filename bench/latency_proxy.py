"""A TCP proxy on loopback that adds a network's round trip between a client and a fake cloud, and its TLS.

Every byte is delivered half a round trip after it arrived, each way, in order; a
new connection's first bytes wait one round trip more (TCP's handshake). With a
certificate the proxy is the service's TLS end: the client's TLS records cross the
delay like any bytes and are decrypted at the far end, so TLS 1.3's handshake costs
its real round trip and the fake behind speaks plain ws:// or http://.

``python -m bench.latency_proxy --rtt 0.04 --to ws://127.0.0.1:PORT`` proxies a
fake already running; ``--fake dashscope|huawei|openai`` serves one in this
process (one process fewer to wake on every hop). Either way it prints the
address to use instead.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.fakes import FakeDashScope, FakeHuawei
from tests.fakes.faults import Faults
from tests.fakes.huawei import huawei_faults
from tests.fakes.openai_speech import FakeOpenAISpeech

CHUNK = 65536
SETUP_RTTS = 1
"""Round trips before a new connection carries data: TCP's handshake (TLS's is real, through the delay)."""
SECURE = {"ws": "wss", "http": "https"}


async def wait_until(when: float) -> None:
    """Return at ``when`` on the loop's clock, to the tens of microseconds (a CLOCK_MONOTONIC timerfd).

    The loop's own timers wake up to a millisecond late (epoll's timeout is in whole
    milliseconds); on Linux a timerfd watched by the loop is on time. Elsewhere the
    loop's timer is used.
    """
    loop = asyncio.get_running_loop()
    if when <= loop.time():
        return
    if not hasattr(os, "timerfd_create"):
        await asyncio.sleep(when - loop.time())
        return
    timer = os.timerfd_create(time.CLOCK_MONOTONIC, flags=os.TFD_NONBLOCK | os.TFD_CLOEXEC)
    try:
        os.timerfd_settime(timer, flags=os.TFD_TIMER_ABSTIME, initial=when)
        rang: asyncio.Future[None] = loop.create_future()

        def ring() -> None:
            if not rang.done():
                rang.set_result(None)

        loop.add_reader(timer, ring)
        try:
            await rang
        finally:
            loop.remove_reader(timer)
    finally:
        os.close(timer)


class Flight:
    """Bytes on their way one direction: each chunk written ``delay`` after it was sent, in order."""

    def __init__(self, writer: asyncio.StreamWriter, delay: float, arrive: Callable[[bytes], Awaitable[None]]) -> None:
        """Deliver through ``arrive`` (which writes to ``writer``, after TLS if any)."""
        self.writer, self.delay, self.arrive = writer, delay, arrive
        self.queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    def send(self, data: bytes, *, not_before: float = 0.0) -> None:
        """Put ``data`` in flight now (``b""``: the end of the stream)."""
        self.queue.put_nowait((max(asyncio.get_running_loop().time() + self.delay, not_before), data))

    async def deliver(self) -> None:
        """Hand each chunk over when due, until the end of the stream."""
        while True:
            due, data = await self.queue.get()
            await wait_until(due)
            if not data:
                with contextlib.suppress(OSError):
                    self.writer.write_eof()
                return
            await self.arrive(data)


class TlsEnd:
    """The service's end of a TLS connection, fed the client's records as they arrive (an in-memory TLS object)."""

    def __init__(self, context: ssl.SSLContext) -> None:
        """Serve with ``context``'s certificate."""
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_side=True)
        self.open = False

    def receive(self, records: bytes) -> tuple[bytes, bytes]:
        """The plaintext in ``records`` and the records to send back (the handshake's, alerts)."""
        self.incoming.write(records)
        if not self.open:
            try:
                self.tls.do_handshake()
                self.open = True
            except ssl.SSLWantReadError:
                return b"", self.outgoing.read()
        plain = []
        with contextlib.suppress(ssl.SSLWantReadError, ssl.SSLZeroReturnError):
            while chunk := self.tls.read(CHUNK):
                plain.append(chunk)
        return b"".join(plain), self.outgoing.read()

    def seal(self, plain: bytes) -> bytes:
        """``plain`` as records for the client."""
        self.tls.write(plain)
        return self.outgoing.read()


class LatencyProxy:
    """Forwards connections to ``host:port`` with ``rtt`` seconds of round trip (and TLS with ``tls``)."""

    def __init__(self, host: str, port: int, *, rtt: float, tls: ssl.SSLContext | None = None) -> None:
        """Forward to ``host:port``."""
        self.host, self.port, self.rtt, self.tls = host, port, rtt, tls

    async def serve(self, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter]) -> None:
        """Forward one client connection until either side closes."""
        reader, writer = connection
        loop = asyncio.get_running_loop()
        ready = loop.time() + SETUP_RTTS * self.rtt
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            writer.close()
            return
        half = self.rtt / 2
        tls = None if self.tls is None else TlsEnd(self.tls)

        async def to_client(data: bytes) -> None:
            writer.write(data)
            await writer.drain()

        async def to_service(data: bytes) -> None:
            if tls is not None:
                data, answer = tls.receive(data)
                if answer:
                    back.send(answer)
            if data:
                upstream_writer.write(data)
                await upstream_writer.drain()

        back = Flight(writer, half, to_client)
        forth = Flight(upstream_writer, half, to_service)
        seal = (lambda data: data) if tls is None else tls.seal
        tasks = (
            asyncio.create_task(_read(reader, lambda data: forth.send(data, not_before=ready + half))),
            asyncio.create_task(_read(upstream_reader, lambda data: back.send(seal(data) if data else data))),
            asyncio.create_task(forth.deliver()),
            asyncio.create_task(back.deliver()),
        )
        try:
            await asyncio.wait(tasks[2:], return_when=asyncio.FIRST_COMPLETED)
            await asyncio.sleep(self.rtt)  # the other way's bytes in flight still arrive
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for each in (writer, upstream_writer):
                each.close()


async def _read(reader: asyncio.StreamReader, send: Callable[[bytes], None]) -> None:
    """Put what ``reader`` receives in flight, as it arrives, up to and including its end."""
    with contextlib.suppress(OSError):
        while data := await reader.read(CHUNK):
            send(data)
    send(b"")


def proxied(url: str, address: tuple[str, int], *, secure: bool) -> str:
    """``url`` with its host and port replaced by the proxy's (and its scheme by its TLS one if ``secure``)."""
    parts = urlsplit(url)
    scheme = SECURE.get(parts.scheme, parts.scheme) if secure else parts.scheme
    return urlunsplit(parts._replace(scheme=scheme, netloc=f"{address[0]}:{address[1]}"))


def server_context(certificate: Path, key: Path) -> ssl.SSLContext:
    """A TLS server context with ``certificate`` (its chain) and ``key``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    return context


FAKES: dict[str, Callable[[Faults], FakeDashScope | FakeHuawei | FakeOpenAISpeech]] = {
    "dashscope": lambda faults: FakeDashScope(faults=faults),
    "huawei": lambda faults: FakeHuawei(
        faults=replace(huawei_faults(), first_audio_delay=faults.first_audio_delay, pace=faults.pace)
    ),
    "openai": lambda faults: FakeOpenAISpeech(api_key="sk-test", faults=faults),
}
"""The fakes ``--fake`` serves, each with the given first-audio delay and pace."""


async def _main(args: argparse.Namespace) -> None:
    faults = Faults(first_audio_delay=args.first_audio_delay, pace=args.pace)
    target = args.to or await FAKES[args.fake](faults).start()
    parts = urlsplit(target)
    if parts.hostname is None or parts.port is None:
        raise SystemExit(f"--to needs a host and a port: {target}")
    tls = None if args.certificate is None else server_context(args.certificate, args.key)
    proxy = LatencyProxy(parts.hostname, parts.port, rtt=args.rtt, tls=tls)
    server = await asyncio.start_server(lambda r, w: proxy.serve((r, w)), "127.0.0.1", 0)
    address = server.sockets[0].getsockname()[:2]
    print(f"proxy at {proxied(target, address, secure=tls is not None)}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m bench.latency_proxy", description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", help="a running fake's URL (a loopback address)")
    target.add_argument("--fake", choices=sorted(FAKES), help="serve this fake in this process")
    parser.add_argument("--rtt", type=float, required=True, help="round trip in seconds")
    parser.add_argument("--first-audio-delay", type=float, default=0.0, help="--fake: seconds before a first frame")
    parser.add_argument("--pace", type=float, default=None, help="--fake: audio at this multiple of real time")
    parser.add_argument("--certificate", type=Path, help="PEM certificate chain: be the service's TLS end")
    parser.add_argument("--key", type=Path, help="PEM private key of --certificate")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(args))


if __name__ == "__main__":
    main()
