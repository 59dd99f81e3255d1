"""The model and voice steps that the account flow and the voice subentry flow share."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
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
    CONF_CUSTOM_VOICE,
    CONF_INSTRUCTIONS,
    CONF_MODEL,
    CONF_PITCH,
    CONF_SAMPLE_RATE,
    CONF_SPEED,
    CONF_VOICE,
    CONF_VOLUME,
    NATIVE_RATE,
)
from .engine import InvalidRequestError, Model, TtsError, TtsProvider
from .names import voice_label, voice_name
from .voice_settings import DEFAULTS, VoiceSettings, model_of, voice_of, voice_title

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
        """Return the model dropdown: models with preset voices first, in the catalog's order (its best first).

        The options are described (latency, price, what voices) by the "model" selector translations, in the
        user's language; a model they do not know shows its name.
        """
        options = [SelectOptionDict(value=option_key(model.id), label=model.name) for model in self._models_in_order()]
        selector = SelectSelector(
            SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN, translation_key=CONF_MODEL)
        )
        default = option_key(self.model.id) if self.current else options[0]["value"]
        return vol.Schema({vol.Required(CONF_MODEL, default=default): selector})

    def _models_in_order(self) -> list[Model]:
        """Return the account's models, those with preset voices before those of the account's own voices only."""
        with_presets = {voice.model for voice in self.provider.voices()}
        return sorted(self.provider.models(), key=lambda model: model.id not in with_presets)

    def choose_model(self, key: str) -> None:
        """Take the model (chosen by its option's key) the voice step offers voices of."""
        self.model = next(model for model in self.provider.models() if key in (option_key(model.id), model.id))

    def voice_schema(self) -> vol.Schema:
        """Return the voice dropdown (voices by name) and the settings the model takes.

        A model that speaks the account's own (cloned or designed) voices also has a field for their ID.
        """
        voices = [voice for voice in self.provider.voices() if voice.model == self.model.id]
        voice_choices = SelectSelectorConfig(
            options=[
                SelectOptionDict(value=voice.id, label=voice_label(voice, self.model, self.language))
                for voice in voices
            ],
            mode=SelectSelectorMode.DROPDOWN,
        )
        rates = [NATIVE_RATE, *(str(rate) for rate in self.model.sample_rates)]
        rate_choices = SelectSelectorConfig(
            options=[SelectOptionDict(value=rate, label=_rate_label(rate)) for rate in rates],
            mode=SelectSelectorMode.DROPDOWN,
            translation_key=CONF_SAMPLE_RATE,
        )
        fields: dict[vol.Marker, Any] = {}
        if voices:  # (a model of cloned or designed voices only has no presets)
            default = voices[0].id  # (a typed-in voice ID comes before it)
            fields[vol.Optional(CONF_VOICE, default=default)] = SelectSelector(voice_choices)
        if self.model.custom_voices:
            fields[vol.Optional(CONF_CUSTOM_VOICE)] = TextSelector()
        fields |= {
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
        if voice_of(self.provider, self.model.id, self.current.voice) is None:  # the account's own voice
            suggested[CONF_CUSTOM_VOICE] = suggested.pop(CONF_VOICE)
        return suggested

    def settings_from(self, user_input: dict[str, Any]) -> VoiceSettings:
        """Turn the voice step's input into settings the account can speak (raises InvalidRequestError).

        A typed-in voice ID (a cloned or designed voice) comes before the dropdown's choice.
        """
        rate = user_input.get(CONF_SAMPLE_RATE) or NATIVE_RATE
        voice = str(user_input.get(CONF_CUSTOM_VOICE) or "").strip() or str(user_input.get(CONF_VOICE) or "").strip()
        if not voice:
            raise InvalidRequestError("choose a voice, or type the ID of one of the account's own voices")
        settings = VoiceSettings(
            model=self.model.id,
            voice=voice,
            speed=float(user_input[CONF_SPEED]),
            pitch=float(user_input[CONF_PITCH]),
            volume=int(user_input[CONF_VOLUME]),
            sample_rate=None if rate == NATIVE_RATE else int(rate),
            instructions=(user_input.get(CONF_INSTRUCTIONS) or "").strip() or None,
            clean_text=bool(user_input.get(CONF_CLEAN_TEXT, DEFAULTS.clean_text)),
        )
        self.provider.audio_format(settings.synthesis_options())
        return settings

    def in_words(self, message: str, user_input: Mapping[str, Any]) -> str:
        """Return an error ``message`` with the chosen preset voice's ID replaced by its name."""
        voice_id = str(user_input.get(CONF_VOICE) or "")
        voice = voice_of(self.provider, self.model.id, voice_id) if not user_input.get(CONF_CUSTOM_VOICE) else None
        if voice is None:
            return message
        return re.sub(rf"(?<![\w-]){re.escape(voice_id)}(?![\w-])", voice_name(voice, voice_id, self.language), message)

    def title(self, settings: VoiceSettings) -> str:
        """Return the subentry's title for ``settings``, unlike the account's other voices'."""
        return voice_title(self.provider, settings, self.language, self.other_titles)


def model_step[R: FlowResult[Any, Any]](
    flow: FlowHandler[Any, R, Any],
    form: VoiceForm,
    user_input: dict[str, Any] | None,
    *,
    step_id: str = "model",
    placeholders: Mapping[str, str] | None = None,
) -> R | None:
    """Show the model step, or take its input and return ``None`` (go on to the voice step).

    ``placeholders`` name, for the step's title, the account and (when one is changed) the voice.
    """
    if user_input is not None:
        form.choose_model(user_input[CONF_MODEL])
        return None
    return flow.async_show_form(
        step_id=step_id, data_schema=form.model_schema(), description_placeholders=dict(placeholders or {})
    )


def voice_step[R: FlowResult[Any, Any]](
    flow: FlowHandler[Any, R, Any],
    form: VoiceForm,
    user_input: dict[str, Any] | None,
    *,
    step_id: str = "voice",
    placeholders: Mapping[str, str] | None = None,
    refused: str | None = None,
) -> R | VoiceSettings:
    """Show the voice step (again, with the error, if the input is refused), or return the chosen settings.

    ``refused`` shows the input again with that error (a reason found outside the voice's settings).
    """
    errors: dict[str, str] = {"base": refused} if refused else {}
    problem = ""
    if user_input is not None and not refused:
        try:
            return form.settings_from(user_input)
        except TtsError as err:
            errors["base"] = "invalid_voice"
            problem = form.in_words(err.message, user_input)
    schema = flow.add_suggested_values_to_schema(form.voice_schema(), user_input or form.suggested_voice())
    return flow.async_show_form(
        step_id=step_id,
        data_schema=schema,
        errors=errors,
        description_placeholders={**(placeholders or {}), "model": form.model.name, "problem": problem},
    )


def option_key(model_id: str) -> str:
    """Return a model's option in the model menu: its ID as a translation key ("cosyvoice-v3_5-plus")."""
    return re.sub(r"[^a-z0-9_-]", "_", model_id.lower())


def _rate_label(rate: str) -> str:
    """Return the option's label where no translation names it (the "sample_rate" translations do)."""
    return "The voice's own rate" if rate == NATIVE_RATE else f"{int(rate) / 1000:g} kHz"
