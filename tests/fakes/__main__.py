"""Serve a fake cloud service on loopback until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from dataclasses import replace

from .dashscope import FakeDashScope
from .faults import Faults
from .huawei import FakeHuawei, huawei_faults
from .openai_speech import FakeOpenAISpeech


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes", description=__doc__)
    parser.add_argument("service", choices=["dashscope", "huawei", "openai"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", action="append", default=[], help="dashscope: accepted key (default: sk-test)")
    parser.add_argument("--region", help="default: cn-beijing (dashscope), cn-north-4 (huawei)")
    parser.add_argument("--handshake-delay", type=float, default=0.0, help="seconds before each upgrade")
    parser.add_argument("--first-audio-delay", type=float, default=0.0, help="seconds before a task's first frame")
    parser.add_argument("--pace", type=float, default=None, help="send audio at this multiple of real time")
    args = parser.parse_args()
    knobs = {"handshake_delay": args.handshake_delay, "first_audio_delay": args.first_audio_delay, "pace": args.pace}
    fake: FakeDashScope | FakeHuawei | FakeOpenAISpeech
    if args.service == "openai":  # an OpenAI-compatible speech endpoint, for the bridges compared in bench/
        fake = FakeOpenAISpeech(api_key=(args.api_key or ["sk-test"])[0], faults=Faults(**knobs))
    elif args.service == "dashscope":
        keys = frozenset(args.api_key or ["sk-test"])
        fake = FakeDashScope(api_keys=keys, region=args.region or "cn-beijing", faults=Faults(**knobs))
    else:
        fake = FakeHuawei(region=args.region or "cn-north-4", faults=replace(huawei_faults(), **knobs))
    asyncio.run(_serve(fake, args.host, args.port))


async def _serve(fake: FakeDashScope | FakeHuawei | FakeOpenAISpeech, host: str, port: int) -> None:
    url = await fake.start(host, port)
    print(f"fake {fake.region} {type(fake).__name__.removeprefix('Fake')} at {url}", flush=True)
    if isinstance(fake, FakeHuawei):
        print(f"IAM at {fake.iam_url}; user acme/alice password s3cret; project {fake.project_id}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
