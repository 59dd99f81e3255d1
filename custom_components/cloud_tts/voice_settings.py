"""What one voice subentry holds, and what it means to the engine."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .const import (
    CONF_INSTRUCTIONS,
    CONF_MODEL,
    CONF_PITCH,
    CONF_SAMPLE_RATE,
    CONF_SPEED,
    CONF_VOICE,
    CONF_VOLUME,
    DEFAULT_PITCH,
    DEFAULT_SPEED,
    DEFAULT_VOLUME,
)
from .engine import Model, SynthesisOptions, TtsProvider, Voice
from .names import unique_name, voice_name


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    """A configured voice: model, voice and everything else that shapes its audio."""

    model: str
    voice: str
    speed: float = DEFAULT_SPEED
    pitch: float = DEFAULT_PITCH
    volume: int = DEFAULT_VOLUME
    sample_rate: int | None = None
    """``None`` keeps the voice's own rate."""
    instructions: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VoiceSettings:
        """Read a subentry's data."""
        rate = data.get(CONF_SAMPLE_RATE)
        return cls(
            model=data[CONF_MODEL],
            voice=data[CONF_VOICE],
            speed=float(data.get(CONF_SPEED, DEFAULT_SPEED)),
            pitch=float(data.get(CONF_PITCH, DEFAULT_PITCH)),
            volume=int(data.get(CONF_VOLUME, DEFAULT_VOLUME)),
            sample_rate=int(rate) if rate else None,
            instructions=data.get(CONF_INSTRUCTIONS) or None,
        )

    def as_data(self) -> dict[str, Any]:
        """Return the subentry's data (unset values left out)."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    def synthesis_options(self) -> SynthesisOptions:
        """Return the engine's options for these settings."""
        return SynthesisOptions(
            voice=self.voice,
            model=self.model,
            speed=self.speed,
            pitch=self.pitch,
            volume=self.volume,
            sample_rate=self.sample_rate,
            instructions=self.instructions,
        )


def model_of(provider: TtsProvider, model_id: str) -> Model | None:
    """Return the account's model ``model_id``."""
    return next((model for model in provider.models() if model.id == model_id), None)


def voice_of(provider: TtsProvider, model_id: str, voice_id: str) -> Voice | None:
    """Return the preset voice ``voice_id`` of ``model_id`` (``None`` for a cloned or designed voice)."""
    return next((v for v in provider.voices() if v.model == model_id and v.id == voice_id), None)


def voice_title(provider: TtsProvider, settings: VoiceSettings, language: str, taken: Collection[str] = ()) -> str:
    """Return a voice's title, which its device and entity are named by: the voice's own short name.

    Where another voice of the account (``taken``) has it, the model's name tells them apart.
    """
    model = model_of(provider, settings.model)
    name = voice_name(voice_of(provider, settings.model, settings.voice), settings.voice, language)
    return unique_name(name, model.name if model else None, taken)
