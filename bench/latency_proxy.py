"""A TCP proxy on loopback that adds a network's round trip between a client and the fake cloud.

Every byte is delivered half a round trip after it arrived, each way, in order;
a new connection's first bytes to the fake wait ``setup_rtts`` round trips more
(1: the TCP handshake; 2: TCP and a TLS 1.3 handshake), as on a real network.
``python -m bench.latency_proxy --rtt 0.04 --to ws://127.0.0.1:PORT`` prints
the address to use instead.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit

CHUNK = 65536


class LatencyProxy:
    """Forwards connections to ``host:port`` with ``rtt`` seconds of round trip."""

    def __init__(self, host: str, port: int, *, rtt: float, setup_rtts: int) -> None:
        """Forward to ``host:port``."""
        self.host, self.port, self.rtt, self.setup_rtts = host, port, rtt, setup_rtts

    async def serve(self, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter]) -> None:
        """Forward one client connection until either side closes."""
        reader, writer = connection
        loop = asyncio.get_running_loop()
        opened_at = loop.time()
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            writer.close()
            return
        half = self.rtt / 2
        ready = opened_at + self.setup_rtts * self.rtt
        pipes = (
            asyncio.create_task(_pipe(reader, upstream_writer, half, not_before=ready + half)),
            asyncio.create_task(_pipe(upstream_reader, writer, half, not_before=0.0)),
        )
        try:
            await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
            await asyncio.sleep(self.rtt)  # the other way's bytes in flight still arrive
        finally:
            for pipe in pipes:
                pipe.cancel()
            await asyncio.gather(*pipes, return_exceptions=True)
            for each in (writer, upstream_writer):
                each.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float, *, not_before: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay`` seconds after it arrived (never before ``not_before``)."""
    loop = asyncio.get_running_loop()
    flight: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await flight.get()
            await asyncio.sleep(max(0.0, due - loop.time()))
            if not data:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(CHUNK)
            flight.put_nowait((max(loop.time() + delay, not_before), data))
            if not data:
                break
        await delivering
    except (OSError, asyncio.IncompleteReadError):
        pass
    finally:
        delivering.cancel()
        await asyncio.gather(delivering, return_exceptions=True)


def proxied(url: str, address: tuple[str, int]) -> str:
    """``url`` with its host and port replaced by the proxy's."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{address[0]}:{address[1]}"))


async def _main(target: str, rtt: float, setup_rtts: int) -> None:
    parts = urlsplit(target)
    if parts.hostname is None or parts.port is None:
        raise SystemExit(f"--to needs a host and a port: {target}")
    proxy = LatencyProxy(parts.hostname, parts.port, rtt=rtt, setup_rtts=setup_rtts)
    server = await asyncio.start_server(lambda r, w: proxy.serve((r, w)), "127.0.0.1", 0)
    print(f"proxy at {proxied(target, server.sockets[0].getsockname()[:2])}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m bench.latency_proxy", description=__doc__.split("\n\n")[0])
    parser.add_argument("--to", required=True, help="the fake's URL (a loopback address)")
    parser.add_argument("--rtt", type=float, required=True, help="round trip in seconds")
    parser.add_argument("--setup-rtts", type=int, default=2, help="round trips before a connection carries data")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(args.to, args.rtt, args.setup_rtts))


if __name__ == "__main__":
    main()
