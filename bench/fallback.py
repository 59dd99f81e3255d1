"""What a fallback voice adds: first audio with the primary refused at its handshake, against the fallback directly.

``python -m bench.fallback [REPLIES]``: two fake Model Studio accounts on loopback, no warm connections (each
reply connects), the primary's handshake refused (HTTP 503). Prints the median and spread of each, in ms.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time

import aiohttp

from cloud_tts_engine import Deadlines, FallbackProvider, Speaker, SynthesisOptions, TtsProvider, cloud
from tests.fakes import FakeDashScope

TEXT = "你好，欢迎回家。"
COLD = Deadlines(warm_socket=0)


async def _first_audio_ms(provider: TtsProvider, options: SynthesisOptions) -> float:
    began = time.perf_counter()
    async with provider.synthesize(TEXT, options) as audio:
        await anext(audio)
        took = (time.perf_counter() - began) * 1000
        await audio.read_all()
    return took


async def measure(replies: int) -> dict[str, list[float]]:
    """First-audio times of ``replies`` replies each way."""
    failing, working = FakeDashScope(), FakeDashScope()
    await failing.start()
    await working.start()
    failing.faults.handshake_status = 503
    options = SynthesisOptions(voice="longanyang")
    try:
        async with aiohttp.ClientSession() as session:
            model_studio = cloud("dashscope")
            primary = model_studio.provider({"api_key": "sk-test", "endpoint": failing.url}, session, deadlines=COLD)
            fallback = model_studio.provider({"api_key": "sk-test", "endpoint": working.url}, session, deadlines=COLD)
            chained = FallbackProvider(Speaker(primary, options), Speaker(fallback, options))
            times: dict[str, list[float]] = {"fallback directly": [], "primary refused, fallback speaks": []}
            for _ in range(replies):
                times["fallback directly"].append(await _first_audio_ms(fallback, options))
                times["primary refused, fallback speaks"].append(await _first_audio_ms(chained, options))
            await primary.close()
            await fallback.close()
            return times
    finally:
        await failing.stop()
        await working.stop()


def main(argv: list[str]) -> None:
    """Measure and print."""
    replies = int(argv[0]) if argv else 50
    logging.getLogger("cloud_tts_engine").setLevel(logging.ERROR)  # (a warning for every reply the fallback speaks)
    for name, times in asyncio.run(measure(replies)).items():
        ordered = sorted(times)
        print(
            f"{name}: median {statistics.median(times):.2f} ms, "
            f"p10 {ordered[len(ordered) // 10]:.2f}, p90 {ordered[len(ordered) * 9 // 10]:.2f} ({replies} replies)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
