"""Serve a fake cloud service on loopback until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .dashscope import FakeDashScope, Faults


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes", description=__doc__)
    parser.add_argument("service", choices=["dashscope"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", action="append", default=[], help="accepted key (default: sk-test)")
    parser.add_argument("--region", default="cn-beijing", choices=["cn-beijing", "ap-southeast-1"])
    parser.add_argument("--handshake-delay", type=float, default=0.0, help="seconds before each upgrade")
    parser.add_argument("--first-audio-delay", type=float, default=0.0, help="seconds before a task's first frame")
    parser.add_argument("--pace", type=float, default=None, help="send audio at this multiple of real time")
    args = parser.parse_args()
    faults = Faults(handshake_delay=args.handshake_delay, first_audio_delay=args.first_audio_delay, pace=args.pace)
    fake = FakeDashScope(api_keys=frozenset(args.api_key or ["sk-test"]), region=args.region, faults=faults)
    asyncio.run(_serve(fake, args.host, args.port))


async def _serve(fake: FakeDashScope, host: str, port: int) -> None:
    url = await fake.start(host, port)
    print(f"fake {fake.region} Model Studio at {url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
