"""Item 3: text arriving like an LLM's — how soon after the first clause is complete does audio begin?"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from .config import CHUNK_CHARACTERS, CHUNK_INTERVAL, STREAMED_TEXT, Config
from .drive import added_ms
from .paths import PATHS, VOICES
from .paths.base import Reply, now
from .report import Row, Section, Target
from .stats import Spread

CLAUSE_END = STREAMED_TEXT.index("。") + 1
"""Characters up to and including the end of the first clause the services speak."""
SLACK_MS = 50.0


class LlmText:
    """The text, a few characters at a time; remembers when its first clause was complete."""

    def __init__(self) -> None:
        self.clause_complete: float | None = None

    async def __aiter__(self) -> AsyncIterator[str]:
        """Yield the text in chunks, ``CHUNK_INTERVAL`` apart."""
        for start in range(0, len(STREAMED_TEXT), CHUNK_CHARACTERS):
            if start:
                await asyncio.sleep(CHUNK_INTERVAL)
            if self.clause_complete is None and start + CHUNK_CHARACTERS >= CLAUSE_END:
                self.clause_complete = now()
            yield STREAMED_TEXT[start : start + CHUNK_CHARACTERS]


async def measure(endpoint: str, config: Config) -> dict[str, tuple[Spread, Spread]]:
    """Per path and family: added latency (ms) of the whole text, and first audio after the clause (ms)."""
    delay = config.network.first_audio
    results: dict[str, tuple[Spread, Spread]] = {}
    for name, opener in PATHS.items():
        async with opener(endpoint) as path:
            for family, voice in VOICES.items():
                await path.reply(STREAMED_TEXT, voice)  # warm up
                whole: list[Reply] = []
                after_clause: list[float] = []
                for _ in range(config.streamed_replies):
                    whole.append(await path.reply(STREAMED_TEXT, voice))
                    text = LlmText()
                    reply = await path.reply(text, voice)
                    if reply.error is None and reply.first_audio_at is not None and text.clause_complete:
                        after_clause.append(reply.first_audio_at - text.clause_complete - delay)
                results[f"{name}, {family}"] = (added_ms(whole, delay), Spread.of(after_clause).scaled(1000))
    return results


def section(results: dict[str, tuple[Spread, Spread]]) -> Section:
    """Item 3's numbers and targets."""
    out = Section(
        "3. Streaming input",
        f"The text ({len(STREAMED_TEXT)} characters, first sentence {CLAUSE_END}) arrives "
        f"{CHUNK_CHARACTERS} characters every {CHUNK_INTERVAL * 1000:.0f} ms. Measured: first audio minus the "
        "moment the first sentence was complete minus the fake's first-audio delay. Baseline: the same text "
        "sent whole (added latency from the request), same path, same run.",
    )
    out.notes.append(
        "Qwen-TTS realtime keeps a connection open ahead only once `prewarm()` was called for it. The paths "
        "here warm up with a reply, which does not prewarm it, and the Wyoming server prewarms only its default "
        "family (CosyVoice): so Qwen's whole-text rows include a handshake, which its streamed rows hide in the "
        "wait for the first clause."
    )
    for name, (whole, streamed) in results.items():
        out.rows += [
            Row(f"{name}: whole text, added p50", whole.p50, "ms"),
            Row(f"{name}: streamed, after the clause p50", streamed.p50, "ms", "whole", whole.p50),
            Row(f"{name}: streamed, after the clause p99", streamed.p99, "ms", "whole", whole.p99),
        ]
        out.targets.append(
            Target(
                f"{name}: audio within first-audio delay + {SLACK_MS:.0f} ms of the first clause",
                f"p99 {streamed.p99:.1f} ms after it",
                streamed.p99 <= SLACK_MS,
                "The first clause was held back before it went to the service.",
            )
        )
    return out
