"""The model and voice steps that the account flow and the voice subentry flow share."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import probatio as vol
from homeassistant.data_entry_flow import FlowHandler, FlowResult
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)

from .const import (
    CONF_CLEAN_TEXT,
    CONF_INSTRUCTIONS,
    CONF_MODEL,
    CONF_PITCH,
    CONF_SAMPLE_RATE,
    CONF_SPEED,
    CONF_VOICE,
    CONF_VOLUME,
    NATIVE_RATE,
)
from .engine import Model, TtsError, TtsProvider, Voice
from .voice_settings import DEFAULTS, VoiceSettings, model_of, voice_title

_PROSODY = NumberSelector(NumberSelectorConfig(min=0.5, max=2.0, step=0.05, mode=NumberSelectorMode.SLIDER))
_VOLUME = NumberSelector(NumberSelectorConfig(min=0, max=100, step=1, mode=NumberSelectorMode.SLIDER))


class VoiceForm:
    """Choices and checks for one voice of an account: model first, then voice and its settings."""

    def __init__(
        self,
        provider: TtsProvider,
        language: str,
        current: VoiceSettings | None = None,
        *,
        other_titles: Collection[str] = (),
    ) -> None:
        """Offer ``provider``'s models and voices, starting from ``current`` settings if any.

        ``language`` is Home Assistant's, which titles follow; ``other_titles`` are the account's other voices'.
        """
        self.provider = provider
        self.language = language
        self.current = current
        self.other_titles = other_titles
        chosen = model_of(provider, current.model) if current else None
        self.model: Model = chosen or provider.models()[0]

    def model_schema(self) -> vol.Schema:
        """Return the model dropdown."""
        options = [SelectOptionDict(value=model.id, label=model.name) for model in self.provider.models()]
        selector = SelectSelector(SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN))
        return vol.Schema({vol.Required(CONF_MODEL, default=self.model.id): selector})

    def choose_model(self, model_id: str) -> None:
        """Take the model the voice step offers voices of."""
        model = model_of(self.provider, model_id)
        assert model is not None  # the dropdown offers the account's models only
        self.model = model

    def voice_schema(self) -> vol.Schema:
        """Return the voice dropdown (each voice with its languages) and the settings the model takes."""
        voices = [voice for voice in self.provider.voices() if voice.model == self.model.id]
        voice_choices = SelectSelectorConfig(
            options=[SelectOptionDict(value=voice.id, label=_voice_label(voice)) for voice in voices],
            mode=SelectSelectorMode.DROPDOWN,
            custom_value=self.model.custom_voices,
        )
        rates = [NATIVE_RATE, *(str(rate) for rate in self.model.sample_rates)]
        rate_choices = SelectSelectorConfig(
            options=[SelectOptionDict(value=rate, label=_rate_label(rate)) for rate in rates],
            mode=SelectSelectorMode.DROPDOWN,
            translation_key=CONF_SAMPLE_RATE,
        )
        voice_field = vol.Required(CONF_VOICE, default=voices[0].id) if voices else vol.Required(CONF_VOICE)
        fields: dict[vol.Marker, Any] = {
            voice_field: SelectSelector(voice_choices),
            vol.Required(CONF_SPEED, default=DEFAULTS.speed): _PROSODY,
            vol.Required(CONF_PITCH, default=DEFAULTS.pitch): _PROSODY,
            vol.Required(CONF_VOLUME, default=DEFAULTS.volume): _VOLUME,
            vol.Required(CONF_SAMPLE_RATE, default=NATIVE_RATE): SelectSelector(rate_choices),
        }
        if self.model.supports_instructions:
            fields[vol.Optional(CONF_INSTRUCTIONS)] = TextSelector(TextSelectorConfig(multiline=True))
        fields[vol.Required(CONF_CLEAN_TEXT, default=DEFAULTS.clean_text)] = BooleanSelector()
        return vol.Schema(fields)

    def suggested_voice(self) -> dict[str, Any]:
        """Return the current settings as the voice step's suggestions, if they are of the chosen model."""
        if self.current is None or self.current.model != self.model.id:
            return {}
        suggested = self.current.as_data()
        suggested[CONF_SAMPLE_RATE] = str(self.current.sample_rate or NATIVE_RATE)
        return suggested

    def settings_from(self, user_input: dict[str, Any]) -> VoiceSettings:
        """Turn the voice step's input into settings the account can speak (raises InvalidRequestError)."""
        rate = user_input[CONF_SAMPLE_RATE]
        settings = VoiceSettings(
            model=self.model.id,
            voice=str(user_input[CONF_VOICE]).strip(),
            speed=float(user_input[CONF_SPEED]),
            pitch=float(user_input[CONF_PITCH]),
            volume=int(user_input[CONF_VOLUME]),
            sample_rate=None if rate == NATIVE_RATE else int(rate),
            instructions=(user_input.get(CONF_INSTRUCTIONS) or "").strip() or None,
            clean_text=bool(user_input.get(CONF_CLEAN_TEXT, DEFAULTS.clean_text)),
        )
        self.provider.audio_format(settings.synthesis_options())
        return settings

    def title(self, settings: VoiceSettings) -> str:
        """Return the subentry's title for ``settings``, unlike the account's other voices'."""
        return voice_title(self.provider, settings, self.language, self.other_titles)


def model_step[R: FlowResult[Any, Any]](
    flow: FlowHandler[Any, R, Any], form: VoiceForm, user_input: dict[str, Any] | None
) -> R | None:
    """Show the model step, or take its input and return ``None`` (go on to the voice step)."""
    if user_input is not None:
        form.choose_model(user_input[CONF_MODEL])
        return None
    return flow.async_show_form(step_id="model", data_schema=form.model_schema())


def voice_step[R: FlowResult[Any, Any]](
    flow: FlowHandler[Any, R, Any], form: VoiceForm, user_input: dict[str, Any] | None
) -> R | VoiceSettings:
    """Show the voice step (again, with the error, if the input is refused), or return the chosen settings."""
    errors: dict[str, str] = {}
    problem = ""
    if user_input is not None:
        try:
            return form.settings_from(user_input)
        except TtsError as err:
            errors["base"] = "invalid_voice"
            problem = err.message
    schema = flow.add_suggested_values_to_schema(form.voice_schema(), user_input or form.suggested_voice())
    return flow.async_show_form(
        step_id="voice",
        data_schema=schema,
        errors=errors,
        description_placeholders={"model": form.model.name, "problem": problem},
    )


def _voice_label(voice: Voice) -> str:
    name = f"{voice.name} · {voice.local_name}" if voice.local_name and voice.local_name != voice.name else voice.name
    return f"{name} ({', '.join(voice.languages)})"


def _rate_label(rate: str) -> str:
    return "Voice's own rate" if rate == NATIVE_RATE else f"{int(rate) / 1000:g} kHz"
