"""``python -m wyoming_server.healthcheck [URI]``: is a server at URI up? (the Docker image's HEALTHCHECK).

Asks ``describe`` over Wyoming, as Home Assistant does, and exits 0 when the answer names at least one voice;
otherwise prints one line saying what went wrong and exits 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from wyoming.client import AsyncClient
from wyoming.info import Describe, Info

from .settings import DEFAULT_URI

LOCAL_URI = DEFAULT_URI.replace("0.0.0.0", "127.0.0.1")  # noqa: S104 - replaced, not bound


async def voices_at(uri: str, deadline: float) -> int:
    """Return how many voices the server at ``uri`` describes; raises OSError or TimeoutError."""
    async with asyncio.timeout(deadline), AsyncClient.from_uri(uri) as client:
        await client.write_event(Describe().event())
        while (event := await client.read_event()) is not None:
            if Info.is_type(event.type):
                return sum(len(program.voices) for program in Info.from_event(event).tts)
    raise ConnectionError("the server closed the connection without describing itself")


def main(argv: list[str] | None = None) -> int:
    """Check the server; 0 when it serves voices, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m wyoming_server.healthcheck", description=__doc__)
    parser.add_argument("uri", nargs="?", default=LOCAL_URI, help=f"the server (default {LOCAL_URI})")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the answer (default 5)")
    args = parser.parse_args(argv)
    try:
        voices = asyncio.run(voices_at(args.uri, args.timeout))
    except TimeoutError:
        print(f"unhealthy: {args.uri} did not describe itself within {args.timeout:g} s", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"unhealthy: {args.uri}: {err.strerror or err}", file=sys.stderr)
        return 1
    if not voices:
        print(f"unhealthy: {args.uri} offers no voices", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
