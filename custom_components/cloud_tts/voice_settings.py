"""What one voice subentry holds, and what it means to the engine."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .const import CONF_MODEL, CONF_VOICE
from .engine import Model, SynthesisOptions, TtsProvider, Voice
from .names import unique_name, voice_name

DEFAULTS = SynthesisOptions()
"""The engine's defaults: the voice's own speed, pitch and volume."""


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    """A configured voice: model, voice and everything else that shapes its audio."""

    model: str
    voice: str
    speed: float = DEFAULTS.speed
    pitch: float = DEFAULTS.pitch
    volume: int = DEFAULTS.volume
    sample_rate: int | None = None
    """``None`` keeps the voice's own rate."""
    instructions: str | None = None
    clean_text: bool = DEFAULTS.clean_text
    """Speak replies without Markdown, emoji and reasoning blocks (the engine's speech-ready text)."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VoiceSettings:
        """Read a subentry's data."""
        options = SynthesisOptions.from_record(data)
        return cls(
            model=data[CONF_MODEL],
            voice=data[CONF_VOICE],
            speed=options.speed,
            pitch=options.pitch,
            volume=options.volume,
            sample_rate=options.sample_rate,
            instructions=options.instructions,
            clean_text=options.clean_text,
        )

    def as_data(self) -> dict[str, Any]:
        """Return the subentry's data (unset values left out)."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    def synthesis_options(self) -> SynthesisOptions:
        """Return the engine's options for these settings."""
        return SynthesisOptions.from_record(self.as_data())


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
