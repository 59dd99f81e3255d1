"""One TTS entity per voice subentry: text streams in, WAV (PCM) streams out as the cloud speaks."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Mapping
from dataclasses import replace
from typing import Any

from homeassistant.components.tts import (
    ATTR_PREFERRED_FORMAT,
    ATTR_PREFERRED_SAMPLE_RATE,
    ATTR_VOICE,
    TextToSpeechEntity,
    TTSAudioResponse,
    Voice,
)
from homeassistant.components.tts.entity import TTSAudioRequest
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .account import manufacturer_of
from .const import (
    CONF_CLEAN_TEXT,
    CONF_INSTRUCTIONS,
    CONF_PITCH,
    CONF_REGION,
    CONF_SPEED,
    CONF_VOLUME,
    DOMAIN,
    LOGGER,
    SUBENTRY_VOICE,
)
from .engine import (
    AudioStream,
    AuthenticationError,
    InvalidRequestError,
    QuotaExceededError,
    RateLimitedError,
    RegionMismatchError,
    ServiceUnavailableError,
    SynthesisOptions,
    TtsError,
    wav_header,
)
from .fallbacks import LoadedVoice, spoke_itself, voice_chain
from .names import described_voice, unique_name
from .runtime import CloudTtsConfigEntry, CloudTtsRuntime
from .voice_settings import VoiceSettings, model_of, voice_of

PARALLEL_UPDATES = 0  # replies are independent; the provider shares connections among them

WAV = "wav"
"""What the entity makes: a WAV header of unknown length, then PCM as it arrives."""

PROSODY_OPTIONS = {CONF_SPEED: float, CONF_PITCH: float, CONF_VOLUME: int}


async def async_setup_entry(
    hass: HomeAssistant, entry: CloudTtsConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add one entity per voice subentry, named apart from the voices of the integration's other accounts."""
    others = [
        voice
        for account in hass.config_entries.async_entries(DOMAIN)
        if account.entry_id != entry.entry_id
        for voice in account.subentries.values()
        if voice.subentry_type == SUBENTRY_VOICE
    ]
    for subentry in entry.subentries.values():
        if subentry.subentry_type == SUBENTRY_VOICE:
            # Subentry IDs are ULIDs: they sort in the order the voices were created.
            older = [voice.title for voice in others if voice.subentry_id < subentry.subentry_id]
            name = unique_name(subentry.title, entry.title, older)  # "Long Anyang · Model Studio Singapore"
            async_add_entities([CloudTtsEntity(entry, subentry, name)], config_subentry_id=subentry.subentry_id)


class CloudTtsEntity(TextToSpeechEntity):
    """A configured cloud voice; options of a call (voice, speed, ...) override its settings for that call."""

    # Named by its voice, like its device (Home Assistant's TTS needs an entity name of its own, as core's OpenAI).
    _attr_has_entity_name = False
    _attr_translation_key = "voice"  # (its icon)

    def __init__(self, entry: CloudTtsConfigEntry, subentry: ConfigSubentry, name: str) -> None:
        """Speak with ``subentry``'s voice through ``entry``'s provider; ``name`` it and its device."""
        self._entry = entry
        self._runtime: CloudTtsRuntime = entry.runtime_data
        self._provider = self._runtime.provider
        self._subentry = subentry
        self._settings = VoiceSettings.from_data(subentry.data)
        self._model = model_of(self._provider, self._settings.model)
        self._voice = voice_of(self._provider, self._settings.model, self._settings.voice)
        self._first_audio = self._runtime.first_audio_of(subentry.subentry_id)
        self._attr_unique_id = subentry.subentry_id
        self._attr_name = name
        # A device of its own per voice (subentry), as Home Assistant expects of subentries' entities.
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, subentry.subentry_id)},
            name=name,
            manufacturer=manufacturer_of(entry.data),
            model=self._model.name if self._model else self._settings.model,
            model_id=self._settings.model,
            entry_type=DeviceEntryType.SERVICE,
        )
        self._attr_supported_languages = self._languages()
        self._attr_default_language = self._attr_supported_languages[0]
        self._attr_supported_options = [
            ATTR_VOICE,
            *PROSODY_OPTIONS,
            *([CONF_INSTRUCTIONS] if self._model and self._model.supports_instructions else []),
            CONF_CLEAN_TEXT,
            ATTR_PREFERRED_FORMAT,
            ATTR_PREFERRED_SAMPLE_RATE,
        ]
        # Everything that shapes the audio, so that Home Assistant's cache key changes with it.
        self._attr_default_options = {
            **self._settings.as_data(),
            CONF_REGION: entry.data[CONF_REGION],
            ATTR_PREFERRED_FORMAT: WAV,
        }

    async def async_added_to_hass(self) -> None:
        """Keep a connection ready for the voice, so that no reply waits for a handshake (where the service allows)."""
        await super().async_added_to_hass()
        self._entry.async_create_background_task(self.hass, self._keep_ready(), f"{DOMAIN} ready {self.entity_id}")

    @callback
    def async_get_supported_voices(self, language: str) -> list[Voice]:
        """Return the account's voices for ``language``, this voice's model's first."""
        voices = sorted(
            (voice for voice in self._provider.voices() if _speaks(voice.languages, language)),
            key=lambda voice: voice.model != self._settings.model,
        )
        listed: dict[str, Voice] = {}
        for voice in voices:
            listed.setdefault(voice.id, Voice(voice.id, described_voice(voice, self.hass.config.language)))
        return list(listed.values())

    async def async_stream_tts_audio(self, request: TTSAudioRequest) -> TTSAudioResponse:
        """Send text chunks to the cloud as they come; return the audio as it is spoken."""
        fell_back: list[TtsError] = []
        try:
            options = self._synthesis_options(request.language, request.options)
            voice = LoadedVoice(self.entity_id, self._entry, self._subentry)
            speaker = voice_chain(self.hass, voice, options, fell_back.append)
            audio = speaker.provider.synthesize(request.message_gen, speaker.options)
        except TtsError as err:
            raise self._failure(err) from err
        return TTSAudioResponse(WAV, self._wav(audio, fell_back))

    async def _wav(self, audio: AudioStream, fell_back: list[TtsError]) -> AsyncGenerator[bytes]:
        """Yield the WAV header with the first PCM, then PCM as it comes; raise on a failure.

        Nothing is yielded before the service speaks, so a reply that fails before its first audio fails as a
        whole (an HTTP error for a media player, not an empty WAV); one that fails later raises after the audio
        it had, and is never passed off as whole. The header tells the format of whoever speaks (this voice or
        its fallback): it is final at the first audio.
        """
        started_at = time.monotonic()
        started = False
        try:
            async with audio:
                async for pcm in audio:
                    if not started:
                        started = True
                        self._first_audio.add((time.monotonic() - started_at) * 1000)
                        yield wav_header(audio.format) + pcm
                    else:
                        yield pcm
        except TtsError as err:
            raise self._failure(err) from err
        if not started:  # a reply without audio (nothing to say) is still a WAV
            yield wav_header(audio.format)
        if not fell_back:  # (a reply its fallback spoke leaves the voice's failure reported)
            self._runtime.health.succeeded()
            spoke_itself(self.hass, self._subentry.subentry_id)

    def _synthesis_options(self, language: str, options: Mapping[str, Any]) -> SynthesisOptions:
        """Return the engine's options: the voice's settings, overridden by the call's options."""
        # Home Assistant fills in the default language when the caller chose none: that is no hint.
        changes: dict[str, Any] = {"language": None if language == self.default_language else language}
        for name, kind in PROSODY_OPTIONS.items():
            if name in options:
                changes[name] = _number(name, options[name], kind)
        if CONF_INSTRUCTIONS in options:
            changes[CONF_INSTRUCTIONS] = str(options[CONF_INSTRUCTIONS]) or None
        if CONF_CLEAN_TEXT in options:
            changes[CONF_CLEAN_TEXT] = _flag(options[CONF_CLEAN_TEXT])
        synthesis = self._settings.synthesis_options()
        if voice := options.get(ATTR_VOICE):  # (another model's voice speaks with its own model and rate)
            synthesis = self._provider.with_voice(synthesis, str(voice))
        synthesis = replace(synthesis, **changes)
        if (rate := options.get(ATTR_PREFERRED_SAMPLE_RATE)) is not None:
            synthesis = self._at_rate(synthesis, rate)
        return synthesis

    def _at_rate(self, options: SynthesisOptions, rate: object) -> SynthesisOptions:
        """Make the audio at the rate asked for, where the voice can (Home Assistant resamples otherwise)."""
        try:
            wanted = replace(options, sample_rate=int(float(str(rate))))
            self._provider.audio_format(wanted)
        except TtsError, TypeError, ValueError:
            return options
        return wanted

    def _failure(self, err: TtsError) -> HomeAssistantError:
        """Report ``err`` to the account's health and turn it into Home Assistant's error."""
        self._runtime.health.failed(err)
        LOGGER.debug("Reply of %s failed: %s", self.entity_id, err)
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=_translation_key(err),
            translation_placeholders={"error": str(err)},
        )

    async def _keep_ready(self) -> None:
        try:
            await self._provider.keep_ready(self._settings.synthesis_options())
        except TtsError as err:  # the first reply reports it, if it persists
            LOGGER.debug("Could not open a connection ahead for %s: %s", self.entity_id, err)

    def _languages(self) -> list[str]:
        """Return the voice's languages; for a cloned or designed voice, those of its model's voices."""
        if self._voice is not None:
            return list(self._voice.languages)
        voices = self._provider.voices()
        languages = [lang for voice in voices if voice.model == self._settings.model for lang in voice.languages]
        languages = languages or [lang for voice in voices for lang in voice.languages]
        return list(dict.fromkeys(languages))


def _speaks(languages: tuple[str, ...], language: str) -> bool:
    """Whether a voice of ``languages`` speaks ``language`` (a bare language matches its regional variants)."""
    wanted = language.lower()
    return any(tag.lower() == wanted or tag.lower().split("-")[0] == wanted for tag in languages)


def _number(name: str, value: object, kind: type[float] | type[int]) -> float | int:
    try:
        number = float(str(value))
    except ValueError:
        raise InvalidRequestError(f"{name} must be a number, got {value!r}") from None
    return int(number) if kind is int else number


def _flag(value: object) -> bool:
    """Read a yes/no option as YAML, a template or a service call may give it."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("true", "on", "yes", "1"):
        return True
    if word in ("false", "off", "no", "0"):
        return False
    raise InvalidRequestError(f"{CONF_CLEAN_TEXT} must be true or false, got {value!r}")


def _translation_key(err: TtsError) -> str:
    if isinstance(err, RegionMismatchError):
        return "region_mismatch"
    if isinstance(err, AuthenticationError):
        return "authentication_failed"
    if isinstance(err, RateLimitedError):
        return "rate_limited"
    if isinstance(err, QuotaExceededError):
        return "quota_exceeded"
    if isinstance(err, InvalidRequestError):
        return "invalid_request"
    if isinstance(err, ServiceUnavailableError):
        return "service_unavailable"
    return "synthesis_failed"
