"""Time to first audio through the engine: connections opened ahead against connect-per-request.

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

from cloud_tts_engine import (
    CosyVoiceProvider,
    DashScopeAccount,
    QwenTtsProvider,
    SambertProvider,
    SynthesisOptions,
    TtsProvider,
)
from tests.fakes import FakeDashScope, Faults

TEXT = "您好，今天的天气很好。The weather is nice today."


FAMILIES: dict[str, tuple[type[TtsProvider], SynthesisOptions]] = {
    "CosyVoice": (CosyVoiceProvider, SynthesisOptions()),
    "Qwen-TTS realtime": (QwenTtsProvider, SynthesisOptions()),
    "Sambert": (SambertProvider, SynthesisOptions(voice="sambert-zhichu-v1")),
}


async def first_audio_ms(provider: TtsProvider, options: SynthesisOptions) -> float:
    started = time.perf_counter()
    async with provider.synthesize(TEXT, options) as audio:
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
    timings: dict[str, dict[str, list[float]]] = {}
    async with aiohttp.ClientSession() as session:
        account = DashScopeAccount("sk-test", endpoint=fake.url)
        for family, (kind, options) in FAMILIES.items():
            ahead = kind(account, session)  # type: ignore[call-arg]
            naive = kind(account, session, max_warm_sockets=0)  # type: ignore[call-arg]
            await ahead.prewarm(options)
            samples: dict[str, list[float]] = {"opened ahead (engine)": [], "connect per request": []}
            for _ in range(requests):
                samples["opened ahead (engine)"].append(await first_audio_ms(ahead, options) - first_audio * 1000)
                samples["connect per request"].append(await first_audio_ms(naive, options) - first_audio * 1000)
            await ahead.close()
            await naive.close()
            timings[family] = samples
    await fake.stop()

    print(f"fake: handshake {handshake * 1000:.0f} ms, first audio {first_audio * 1000:.0f} ms, pace {pace:g}x")
    print(f"{requests} sequential requests each, interleaved; added latency to first audio:")
    for family, samples in timings.items():
        print(f"{family}:")
        for name, values in samples.items():
            print(f"  {name:22} {summary(values)}")
        ahead_p50 = statistics.median(samples["opened ahead (engine)"])
        naive_p50 = statistics.median(samples["connect per request"])
        saved = naive_p50 - ahead_p50
        print(f"  opening ahead saves {saved:.1f} ms at p50 = {saved / (handshake * 1000):.0%} of the handshake")


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
