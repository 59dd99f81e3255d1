"""What a loaded account keeps while it runs: its provider, its health, recent latencies."""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field

from homeassistant.config_entries import ConfigEntry

from .engine import TtsProvider
from .health import ServiceHealth

RECENT_REPLIES = 20
"""How many replies' first-audio times diagnostics keep per voice."""


@dataclass(slots=True)
class FirstAudioTimes:
    """Time to first audio of a voice's recent replies, in milliseconds."""

    recent: deque[float] = field(default_factory=lambda: deque(maxlen=RECENT_REPLIES))

    def add(self, milliseconds: float) -> None:
        """Record one reply's time to first audio."""
        self.recent.append(milliseconds)

    def summary(self) -> dict[str, float | int]:
        """Count, median, fastest and slowest of the recent replies (empty if none yet)."""
        if not self.recent:
            return {}
        return {
            "replies": len(self.recent),
            "median_ms": round(statistics.median(self.recent), 1),
            "min_ms": round(min(self.recent), 1),
            "max_ms": round(max(self.recent), 1),
            "last_ms": round(self.recent[-1], 1),
        }


@dataclass(slots=True)
class CloudTtsRuntime:
    """One account's provider (with its warm connections), shared by all its voices."""

    provider: TtsProvider
    health: ServiceHealth
    first_audio: dict[str, FirstAudioTimes] = field(default_factory=dict)
    """Per voice (subentry ID)."""
    fallback_replies: dict[str, int] = field(default_factory=dict)
    """Per voice (subentry ID): replies its fallback spoke since the account was loaded."""
    missing_fallbacks: set[tuple[str, str]] = field(default_factory=set)
    """(voice, fallback) entity IDs whose fallback was not there, logged once while the account is loaded."""

    def first_audio_of(self, voice: str) -> FirstAudioTimes:
        """Return the first-audio record of a voice."""
        return self.first_audio.setdefault(voice, FirstAudioTimes())


type CloudTtsConfigEntry = ConfigEntry[CloudTtsRuntime]
