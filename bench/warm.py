"""Item 2: what a warm connection saves, per Model Studio family (each allows a connection opened ahead)."""

from __future__ import annotations

from cloud_tts_engine import SynthesisOptions

from .config import TEXT, Config
from .drive import added_ms
from .paths import VOICES, engine
from .paths.base import Reply
from .report import Row, Section, Target
from .stats import Spread


async def measure(endpoint: str, config: Config) -> dict[str, tuple[Spread, Spread]]:
    """Per family: the added first-audio latency (ms) cold (connect per request) and warm, interleaved."""
    results: dict[str, tuple[Spread, Spread]] = {}
    delay = config.network.first_audio
    async with engine.open_path(endpoint, warm=False) as cold, engine.open_path(endpoint) as warm:
        for family, voice in VOICES.items():
            await warm.provider.prewarm(SynthesisOptions(voice=voice))
            replies: tuple[list[Reply], list[Reply]] = ([], [])
            for _ in range(config.warm_requests):
                replies[0].append(await cold.reply(TEXT, voice))
                replies[1].append(await warm.reply(TEXT, voice))
            results[family] = (added_ms(replies[0], delay), added_ms(replies[1], delay))
    return results


def section(results: dict[str, tuple[Spread, Spread]], handshake: float) -> Section:
    """Item 2's numbers and targets."""
    handshake_ms = handshake * 1000
    out = Section(
        "2. Warm connections",
        f"With a {handshake_ms:.0f} ms handshake, the same provider kind with warm connections off (every "
        "request connects: cold) and on (prewarmed; CosyVoice and Sambert reuse a finished task's socket, "
        "Qwen-TTS realtime, one session per connection, keeps a fresh one opened ahead), requests interleaved. "
        "The saving is cold p50 minus warm p50; its baseline is the handshake delay.",
    )
    for family, (cold, warm) in results.items():
        saved = cold.p50 - warm.p50
        out.rows += [
            Row(f"{family}: cold p50", cold.p50, "ms"),
            Row(f"{family}: warm p50", warm.p50, "ms", "cold", cold.p50),
            Row(f"{family}: warm p99", warm.p99, "ms", "cold", cold.p99),
            Row(f"{family}: saved at p50", saved, "ms", "handshake", handshake_ms),
        ]
        out.targets.append(
            Target(
                f"{family}: warm requests save ≥ 90% of the handshake",
                f"{saved:.1f} of {handshake_ms:.0f} ms = {saved / handshake_ms:.0%}",
                saved >= 0.9 * handshake_ms,
                "A request found no warm connection: check that the pool was prewarmed and is replenished.",
            )
        )
    return out
