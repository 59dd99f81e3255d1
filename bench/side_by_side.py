"""Item 6: the engine against the official SDK and a connect-per-request client, on the same fake, in one run."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from cloud_tts_engine import SynthesisOptions

from .config import TEXT, Config
from .drive import added_ms
from .paths import VOICES, engine
from .paths.base import Reply
from .processes import usage
from .report import Row, Section, Target
from .sdk import SDK_REPLIES
from .stats import Spread

SDK = "official SDK"
NAIVE = "connect per request"
ENGINE = "engine"
Ask = Callable[[], Awaitable[Reply]]


@dataclass(frozen=True)
class Side:
    """One client's added first-audio latency (ms) and CPU seconds per stream."""

    added: Spread
    cpu_per_stream: float


async def measure(endpoint: str, config: Config) -> dict[str, dict[str, Side]]:
    """Per family the SDK supports: each client's latency (sequential, interleaved) and CPU (streams at once)."""
    results: dict[str, dict[str, Side]] = {}
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=config.sdk_concurrency) as threads:
        async with engine.open_path(endpoint, warm=False) as naive, engine.open_path(endpoint) as warm:
            for family, sdk_reply in SDK_REPLIES.items():
                voice = VOICES[family]
                await warm.provider.prewarm(SynthesisOptions(voice=voice))
                clients: dict[str, Ask] = {
                    SDK: partial(loop.run_in_executor, threads, sdk_reply, endpoint, TEXT, voice),
                    NAIVE: partial(naive.reply, TEXT, voice),
                    ENGINE: partial(warm.reply, TEXT, voice),
                }
                replies: dict[str, list[Reply]] = {name: [] for name in clients}
                for _ in range(config.sdk_requests):
                    for name, ask in clients.items():
                        replies[name].append(await ask())
                delay = config.network.first_audio
                results[family] = {
                    name: Side(added_ms(replies[name], delay), await _cpu_per_stream(ask, config))
                    for name, ask in clients.items()
                }
    return results


async def _cpu_per_stream(ask: Ask, config: Config) -> float:
    """CPU seconds of this process per stream, ``sdk_concurrency`` streams at once, ``rounds`` times after a warm-up."""
    await asyncio.gather(*(ask() for _ in range(config.sdk_concurrency)))
    before = usage(os.getpid()).cpu
    for _ in range(config.rounds):
        await asyncio.gather(*(ask() for _ in range(config.sdk_concurrency)))
    return (usage(os.getpid()).cpu - before) / (config.rounds * config.sdk_concurrency)


def section(results: dict[str, dict[str, Side]], concurrency: int) -> Section:
    """Item 6's numbers and targets."""
    out = Section(
        "6. Side by side: official SDK, connect per request, engine",
        "The same fake, the same text, in one run. The official `dashscope` SDK as documented (CosyVoice: "
        "`SpeechSynthesizer.streaming_call` + `streaming_complete`; Qwen: `QwenTtsRealtime` connect, "
        "`update_session`, `append_text`, `finish`), one thread per stream; the connect-per-request client is "
        "the engine with warm connections off; the engine is prewarmed. Latency: requests one after another, "
        f"the three clients interleaved. CPU: this process's CPU per stream with {concurrency} streams at once, "
        "after one unmeasured round "
        "(the fake runs in its own process). Baseline: the SDK.",
    )
    for family, sides in results.items():
        sdk = sides[SDK]
        for name, side in sides.items():
            baseline = "" if name == SDK else SDK  # the SDK is its own baseline
            out.rows += [
                Row(f"{family}, {name}: added p50", side.added.p50, "ms", baseline, sdk.added.p50),
                Row(f"{family}, {name}: added p99", side.added.p99, "ms", baseline, sdk.added.p99),
                Row(
                    f"{family}, {name}: CPU per stream",
                    side.cpu_per_stream * 1000,
                    "ms",
                    baseline,
                    sdk.cpu_per_stream * 1000,
                ),
            ]
        ours, naive = sides[ENGINE], sides[NAIVE]
        out.targets += [
            Target(
                f"{family}: lower first-audio latency than the SDK and than connect per request",
                f"p50 {ours.added.p50:.1f} ms vs {sdk.added.p50:.1f} (SDK) and {naive.added.p50:.1f} ms",
                ours.added.p50 < min(sdk.added.p50, naive.added.p50),
            ),
            Target(
                f"{family}: at least 3× less CPU per stream than the SDK",
                f"{ours.cpu_per_stream * 1000:.2f} ms vs {sdk.cpu_per_stream * 1000:.2f} ms "
                f"(×{sdk.cpu_per_stream / max(ours.cpu_per_stream, 1e-9):.1f} less)",
                ours.cpu_per_stream * 3 <= sdk.cpu_per_stream,
            ),
        ]
    return out
