"""A provider's catalog: its models and preset voices per region, and the lookups that check a request.

Every lookup that fails raises an :class:`~.errors.InvalidRequestError` that
says what the region offers, before any connection is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import InvalidRequestError
from .models import Model, Voice

VoiceNames = tuple[str, str, str, str, str | None, tuple[str, ...]]
"""A preset voice's id, Chinese name, Chinese description ("阳光青年男声", or empty), English name, gender and
languages, as catalogs list them."""


def preset_voice(
    model: Model,
    names: VoiceNames,
    *,
    regions: tuple[str, ...] | None = None,
    supports_instructions: bool = False,
    native_sample_rate: int | None = None,
) -> Voice:
    """Make a preset voice of ``model`` (its rates, and its regions unless narrower ones are given)."""
    voice_id, local_name, local_description, name, gender, languages = names
    return Voice(
        id=voice_id,
        name=name,
        languages=languages,
        provider=model.provider,
        model=model.id,
        sample_rates=model.sample_rates,
        regions=regions or model.regions,
        local_name=local_name,
        local_description=local_description or None,
        gender=gender,
        supports_instructions=supports_instructions,
        native_sample_rate=native_sample_rate,
    )


_SNAPSHOT = re.compile(r"-(\d{4}-\d{2}-\d{2}|latest)$")


@dataclass(frozen=True)
class Catalog:
    """The models (id → model) and voices (model id → voice id → voice) of one provider."""

    models: dict[str, Model]
    voices: dict[str, dict[str, Voice]]
    region_names: dict[str, str]
    family_names: dict[str, str]
    local_region_names: dict[str, str]
    """The regions' names in Chinese, as the provider's Chinese console names them."""
    model_aliases: dict[str, str] = field(default_factory=dict)
    """Service model ids that are voices of a catalog model (``sambert-zhichu-v1`` → ``sambert``)."""

    def models_in(self, region: str) -> list[Model]:
        """Models offered in ``region``."""
        return [model for model in self.models.values() if region in model.regions]

    def voices_of(self, model_id: str, region: str) -> list[Voice]:
        """Preset voices of a model offered in ``region``."""
        return [voice for voice in self.voices[model_id].values() if region in voice.regions]

    def voices_in(self, region: str) -> list[Voice]:
        """Preset voices offered in ``region``, model by model."""
        return [voice for model in self.models_in(region) for voice in self.voices_of(model.id, region)]

    def family_models(self, family: str, region: str) -> list[Model]:
        """Models of ``family`` offered in ``region``."""
        return [model for model in self.models_in(region) if model.family == family]

    def family_voices(self, family: str, region: str) -> list[Voice]:
        """Preset voices of ``family``'s models offered in ``region``."""
        return [voice for model in self.family_models(family, region) for voice in self.voices_of(model.id, region)]

    def owners_of(self, voice_id: str) -> list[str]:
        """Return the models that have a preset voice ``voice_id``, in catalog order."""
        return [model_id for model_id, voices in self.voices.items() if voice_id in voices]

    def model_of_voice(self, voice_id: str | None, region: str) -> str:
        """Return the model that speaks ``voice_id`` in ``region``.

        That is the first model that has it, else the model a cloned or designed voice names (its id starts with
        the model's); with no voice, the region's first model.
        """
        if voice_id is None:
            return self.models_in(region)[0].id
        owner = next((voice.model for voice in self.voices_in(region) if voice.id == voice_id), None)
        if owner is not None:
            return owner
        named = [model.id for model in self.models_in(region) if voice_id.startswith(f"{model.id}-")]
        if named:
            return max(named, key=len)
        if elsewhere := self.owners_of(voice_id):
            raise InvalidRequestError(
                f"Voice {voice_id} ({', '.join(elsewhere)}) is not offered in {self.region_names[region]}"
            )
        custom = any(model.custom_voices for model in self.models_in(region))
        hint = "; give its model too if it is a cloned or designed voice" if custom else ""
        raise InvalidRequestError(f"Unknown voice '{voice_id}'{hint}")

    def find_model(self, model_id: str) -> Model | None:
        """Return the model of ``model_id``, also for a dated snapshot (``…-2025-11-27``, ``…-latest``)."""
        if model_id in self.models:
            return self.models[model_id]
        if not _SNAPSHOT.search(model_id):
            return None
        base = _SNAPSHOT.sub("", model_id)
        return next((m for m in self.models.values() if _SNAPSHOT.sub("", m.id) == base), None)

    def model_for(self, model_id: str, family: str, region: str) -> Model:
        """Return the model of ``model_id`` if ``family`` serves it in ``region``, else raise."""
        model = self.find_model(model_id)
        offered = ", ".join(m.id for m in self.models_in(region) if m.family == family)
        if model is None or model.family != family:
            raise InvalidRequestError(
                f"Unknown {self.family_names[family]} model '{model_id}'; choose one of: {offered}"
            )
        if region not in model.regions:
            raise InvalidRequestError(
                f"{model.name} is not offered in {self.region_names[region]}; choose one of: {offered or 'none'}"
            )
        return model

    def voice_for(
        self, model: Model, voice_id: str | None, region: str, *, custom_prefix: str = ""
    ) -> tuple[str, Voice | None]:
        """Return the voice id to send and its catalog entry (None for a cloned or designed voice).

        With no ``voice_id`` the model's first voice in ``region`` is used. An id
        that is not a preset voice passes as a custom voice when the model speaks
        them and (if given) it starts with ``custom_prefix``; the service checks it.
        """
        if voice_id is None:
            default = next(iter(self.voices_of(model.id, region)), None)
            if default is None:
                raise InvalidRequestError(f"{model.name} has no preset voices; give a cloned or designed voice id")
            return default.id, default
        voice = self.voices[model.id].get(voice_id)
        if voice is not None:
            if region not in voice.regions:
                raise InvalidRequestError(
                    f"Voice {voice_id} of {model.name} is not offered in {self.region_names[region]}"
                )
            return voice_id, voice
        if owners := self.owners_of(voice_id):
            raise InvalidRequestError(
                f"Voice {voice_id} belongs to {', '.join(owners)}, not {model.id}; choose a voice of {model.name}"
            )
        if model.custom_voices and voice_id.startswith(custom_prefix):
            return voice_id, None
        raise InvalidRequestError(f"Unknown voice '{voice_id}' for {model.name}")

    @staticmethod
    def sample_rate_for(model: Model, voice: Voice | None, requested: int | None) -> int:
        """Return the rate to ask for: ``requested`` if the voice (or model) can produce it, else its default."""
        rates = voice.sample_rates if voice is not None else model.sample_rates
        if requested is None:
            return (voice and voice.native_sample_rate) or model.default_sample_rate
        if requested not in rates:
            raise InvalidRequestError(
                f"{voice.id if voice else model.name} cannot produce {requested} Hz; "
                f"choose one of {', '.join(map(str, rates))}"
            )
        return requested
