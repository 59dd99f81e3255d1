"""Time to first audio through the engine: warm connections against connect-per-request.

The fake Model Studio simulates network costs: a handshake delay (TCP + TLS +
upgrade), a first-audio delay (the model) and a real-time pace. "Added" is the
first-audio time minus the fake's own first-audio delay: what the engine and
the connection cost. Both clients run side by side, interleaved, in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import aiohttp

from cloud_tts_engine import CosyVoiceProvider, DashScopeAccount
from tests.fakes import FakeDashScope, Faults

TEXT = "您好，今天的天气很好。The weather is nice today."


async def first_audio_ms(provider: CosyVoiceProvider) -> float:
    started = time.perf_counter()
    async with provider.synthesize(TEXT) as audio:
        await anext(audio)
        elapsed = time.perf_counter() - started
        async for _ in audio:
            pass
    return elapsed * 1000


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.1f} ms  p99 {p99:7.1f} ms"


async def run(requests: int, handshake: float, first_audio: float, pace: float) -> None:
    fake = FakeDashScope(faults=Faults(handshake_delay=handshake, first_audio_delay=first_audio, pace=pace))
    await fake.start()
    async with aiohttp.ClientSession() as session:
        account = DashScopeAccount("sk-test", endpoint=fake.url)
        warm = CosyVoiceProvider(account, session)
        naive = CosyVoiceProvider(account, session, max_warm_sockets=0)
        await warm.prewarm()
        timings: dict[str, list[float]] = {"warm (engine)": [], "connect per request": []}
        for _ in range(requests):
            timings["warm (engine)"].append(await first_audio_ms(warm) - first_audio * 1000)
            timings["connect per request"].append(await first_audio_ms(naive) - first_audio * 1000)
        await warm.close()
        await naive.close()
    await fake.stop()

    print(f"fake: handshake {handshake * 1000:.0f} ms, first audio {first_audio * 1000:.0f} ms, pace {pace:g}x")
    print(f"{requests} sequential requests each, interleaved; added latency to first audio:")
    for name, samples in timings.items():
        print(f"  {name:22} {summary(samples)}")
    warm_p50 = statistics.median(timings["warm (engine)"])
    naive_p50 = statistics.median(timings["connect per request"])
    print(
        f"  warm saves {naive_p50 - warm_p50:.1f} ms at p50 = {(naive_p50 - warm_p50) / (handshake * 1000):.0%} "
        "of the handshake"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--handshake", type=float, default=0.15)
    parser.add_argument("--first-audio", type=float, default=0.3)
    parser.add_argument("--pace", type=float, default=5.0)
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.handshake, args.first_audio, args.pace))


if __name__ == "__main__":
    main()
