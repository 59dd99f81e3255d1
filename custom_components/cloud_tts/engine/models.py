"""Typed values that cross the engine's boundary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import InvalidRequestError

SPEED_RANGE = (0.5, 2.0)
PITCH_RANGE = (0.5, 2.0)
VOLUME_RANGE = (0, 100)


@dataclass(frozen=True, slots=True)
class AudioFormat:
    """Raw PCM layout: samples per second, bytes per sample, channels."""

    rate: int
    width: int = 2
    channels: int = 1

    @property
    def bytes_per_second(self) -> int:
        """Bytes of PCM in one second of audio."""
        return self.rate * self.width * self.channels


class TextFormat(StrEnum):
    """How the text of a request is to be read."""

    PLAIN = "plain"
    SSML = "ssml"


@dataclass(frozen=True, slots=True)
class Model:
    """A synthesis model of one provider and what it can do."""

    id: str
    name: str
    provider: str
    family: str
    """The service API the model is spoken through (e.g. ``cosyvoice``, ``qwen-tts-realtime``)."""
    regions: tuple[str, ...]
    sample_rates: tuple[int, ...]
    default_sample_rate: int
    supports_ssml: bool = False
    supports_instructions: bool = False
    custom_voices: bool = False
    """Speaks cloned or designed voices (ids made by the service for the account)."""


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice of one model: its id, display names, languages (BCP-47), regions."""

    id: str
    name: str
    languages: tuple[str, ...]
    provider: str
    model: str
    sample_rates: tuple[int, ...]
    regions: tuple[str, ...]
    local_name: str | None = None
    local_description: str | None = None
    """What the voice is like, as a Chinese voice list says it ("阳光青年男声"); its first language if not Mandarin."""
    gender: str | None = None
    supports_instructions: bool = False
    native_sample_rate: int | None = None
    """The rate the voice is made at, where it differs from the model's default."""


@dataclass(frozen=True, slots=True)
class SynthesisOptions:
    """What to say it with.

    ``speed`` and ``pitch`` are multipliers (0.5-2.0, 1.0 is the voice's own);
    ``volume`` is 0-100 (50 is the voice's own). ``None`` means the default of
    the provider or model. ``language`` is a hint the caller chose (BCP-47);
    ``None`` lets the service tell the language from the text.
    """

    voice: str | None = None
    model: str | None = None
    speed: float = 1.0
    pitch: float = 1.0
    volume: int = 50
    sample_rate: int | None = None
    language: str | None = None
    instructions: str | None = None
    text_format: TextFormat = TextFormat.PLAIN
    seed: int | None = None
    optimize_instructions: bool = False
    """Let the service rewrite ``instructions`` for a better result, where it can."""
    clean_text: bool = True
    """Speak plain text as a person would say it: without Markdown, emoji, reasoning blocks, URL paths (SSML is
    never changed)."""

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> SynthesisOptions:
        """Read options from a flat record (a voice's saved settings, a server's settings, command-line flags).

        Keys it does not know are ignored; a missing or empty value keeps the default. Raises
        InvalidRequestError for a value that is not a number where one belongs, or out of range.
        """
        values: dict[str, Any] = {}
        for name, kind in _RECORD_FIELDS.items():
            value = record.get(name)
            if value is None or value == "":
                continue
            try:
                values[name] = kind(value)
            except (TypeError, ValueError):
                raise InvalidRequestError(f"{name} must be a {kind.__name__}, got {value!r}") from None
        if record.get("ssml"):
            values["text_format"] = TextFormat.SSML
        return cls(**values)

    def __post_init__(self) -> None:
        """Reject prosody values outside the normalized ranges."""
        _check_range("speed", self.speed, SPEED_RANGE)
        _check_range("pitch", self.pitch, PITCH_RANGE)
        _check_range("volume", self.volume, VOLUME_RANGE)


_RECORD_FIELDS: dict[str, type[str | float | int | bool]] = {
    "voice": str,
    "model": str,
    "speed": float,
    "pitch": float,
    "volume": int,
    "sample_rate": int,
    "language": str,
    "instructions": str,
    "optimize_instructions": bool,
    "clean_text": bool,
}


def _check_range(name: str, value: float, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise InvalidRequestError(f"{name} must be between {low} and {high}, got {value}")


SAFE_SHARE = 0.8
"""The share of a service's own timeout our deadlines may use (one Deadlines serves services with other limits)."""


@dataclass(frozen=True, slots=True)
class Deadlines:
    """How long the engine waits for each step, in seconds.

    ``audio_gap`` is the longest wait for audio: for a request's first audio,
    and while the caller's text is still coming. ``audio_stall`` is the
    shorter wait once all of a request's text was sent and its audio has
    begun: a service silent that long has stalled, and the reply fails.
    ``text_pause`` ends a provider task when the caller's text stream pauses that
    long (services drop tasks that get no text for a while); the reply goes on
    with a new task when text arrives. ``warm_socket`` is how long an idle
    connection is kept for reuse (0: none is kept, every reply connects).
    """

    connect: float = 10.0
    task_start: float = 10.0
    audio_gap: float = 20.0
    audio_stall: float = 10.0
    text_pause: float = 18.0
    warm_socket: float = 45.0

    def __post_init__(self) -> None:
        """Refuse an ``audio_gap`` a text pause could outlast (a paused task ends within ``text_pause``)."""
        if self.audio_gap <= self.text_pause:
            raise ValueError("audio_gap must be longer than text_pause")
        if self.audio_stall <= 0:
            raise ValueError("audio_stall must be positive")

    @property
    def stalled_after(self) -> float:
        """Seconds of silence that end a request whose text is all sent and whose audio has begun."""
        return min(self.audio_stall, self.audio_gap)
