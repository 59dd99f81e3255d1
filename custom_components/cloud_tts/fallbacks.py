"""Fallback voices: another voice entity of the integration speaks a reply a voice fails before its first audio.

A voice subentry names its fallback by entity ID. At reply time the chain is built from the loaded accounts;
a repair issue tells that a voice is failing and its fallback speaks, until the voice speaks again itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import probatio as vol
from homeassistant.config_entries import ConfigEntryState, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import EntitySelector, EntitySelectorConfig

from .const import CONF_FALLBACK, DOMAIN, LOGGER
from .engine import InvalidRequestError, Speaker, SynthesisOptions, TtsError, fallback_chain, with_fallbacks
from .runtime import CloudTtsConfigEntry
from .voice_settings import VoiceSettings

VOICE_FALLING_BACK = "voice_falling_back"


def falling_back_issue(subentry_id: str) -> str:
    """Return the ID of the repair issue that says the voice ``subentry_id`` is failing and its fallback speaks."""
    return f"{VOICE_FALLING_BACK}_{subentry_id}"


@dataclass(frozen=True, slots=True)
class LoadedVoice:
    """A voice entity of a loaded account."""

    entity_id: str
    entry: CloudTtsConfigEntry
    subentry: ConfigSubentry

    def speaker(
        self, hass: HomeAssistant, options: SynthesisOptions, fallback: str, also: Callable[[TtsError], None]
    ) -> Speaker:
        """Return the voice speaking with ``options``; the voice titled ``fallback`` stands in for it."""

        def fell_back(err: TtsError) -> None:
            _fell_back(hass, self, fallback, err)
            also(err)

        return Speaker(self.entry.runtime_data.provider, options, fell_back)


def fallback_of(hass: HomeAssistant, entity_id: str) -> str | None:
    """Return the fallback the voice entity ``entity_id`` names (its account loaded or not), if any."""
    if (subentry := _subentry_of(hass, entity_id)) is None:
        return None
    fallback = subentry[1].data.get(CONF_FALLBACK)
    return str(fallback) if fallback else None


def leads_back(hass: HomeAssistant, own: str | None, chosen: str) -> bool:
    """Whether choosing ``chosen`` as the fallback of the voice entity ``own`` makes the fallbacks loop."""
    if own is None:
        return False  # a voice being added: no fallback names it yet
    try:
        fallback_chain(own, lambda voice: chosen if voice == own else fallback_of(hass, voice))
    except InvalidRequestError:
        return True
    return False


def voice_chain(
    hass: HomeAssistant, voice: LoadedVoice, options: SynthesisOptions, fell_back: Callable[[TtsError], None]
) -> Speaker:
    """Return ``voice`` with ``options``, and its fallbacks (each with its own settings) where they are loaded.

    ``fell_back`` is told too when the voice's fallback speaks a reply for it.
    """
    try:
        names = fallback_chain(voice.entity_id, lambda entity_id: fallback_of(hass, entity_id))
    except InvalidRequestError as err:  # (the form refuses loops; a voice changed meanwhile may still make one)
        LOGGER.warning("%s speaks without fallback: %s", voice.entity_id, err)
        names = [voice.entity_id]
    voices = [voice]
    for entity_id in names[1:]:
        if (loaded := loaded_voice(hass, entity_id)) is None:
            _warn_once(voice.entry, voices[-1].entity_id, entity_id)
            break
        voices.append(loaded)
    speakers = []
    for index, link in enumerate(voices):
        settings = options if index == 0 else VoiceSettings.from_data(link.subentry.data).synthesis_options()
        fallback = voices[index + 1].subentry.title if index + 1 < len(voices) else ""
        speakers.append(link.speaker(hass, settings, fallback, fell_back if index == 0 else _nobody))
    return with_fallbacks(speakers)


def fallback_schema(hass: HomeAssistant, own: str | None) -> vol.Schema:
    """Return the fallback step's form: any other voice entity of the integration, or none."""
    selector = EntitySelector(
        EntitySelectorConfig(integration=DOMAIN, domain="tts", exclude_entities=[own] if own else [])
    )
    return vol.Schema({vol.Optional(CONF_FALLBACK): selector})


def own_entity(hass: HomeAssistant, subentry: ConfigSubentry | None) -> str | None:
    """Return the entity ID of the voice ``subentry`` (``None`` for a voice being added)."""
    return er.async_get(hass).async_get_entity_id("tts", DOMAIN, subentry.subentry_id) if subentry else None


def spoke_itself(hass: HomeAssistant, subentry_id: str) -> None:
    """Clear the voice's falling-back issue: it spoke a reply itself."""
    ir.async_delete_issue(hass, DOMAIN, falling_back_issue(subentry_id))


def loaded_voice(hass: HomeAssistant, entity_id: str) -> LoadedVoice | None:
    """Return the voice entity ``entity_id`` of a loaded account of the integration, if it is one."""
    found = _subentry_of(hass, entity_id)
    if found is None or found[0].state is not ConfigEntryState.LOADED:
        return None
    entry, subentry = found
    return LoadedVoice(entity_id, entry, subentry)


def _subentry_of(hass: HomeAssistant, entity_id: str) -> tuple[CloudTtsConfigEntry, ConfigSubentry] | None:
    entity = er.async_get(hass).async_get(entity_id)
    if entity is None or entity.platform != DOMAIN or entity.config_entry_id is None:
        return None
    entry: CloudTtsConfigEntry | None = hass.config_entries.async_get_entry(entity.config_entry_id)
    if entry is None or (subentry := entry.subentries.get(entity.unique_id)) is None:
        return None
    return entry, subentry


def _nobody(err: TtsError) -> None:
    del err


def _warn_once(entry: CloudTtsConfigEntry, voice: str, fallback: str) -> None:
    missing = entry.runtime_data.missing_fallbacks
    if (voice, fallback) not in missing:
        missing.add((voice, fallback))
        LOGGER.warning("%s has no fallback: %s is not a voice of a loaded account (any more)", voice, fallback)


def _fell_back(hass: HomeAssistant, voice: LoadedVoice, fallback: str, err: TtsError) -> None:
    """Report that ``voice`` failed with ``err`` and the voice titled ``fallback`` spoke for it."""
    runtime = voice.entry.runtime_data
    runtime.health.failed(err)
    subentry_id = voice.subentry.subentry_id
    runtime.fallback_replies[subentry_id] = runtime.fallback_replies.get(subentry_id, 0) + 1
    ir.async_create_issue(
        hass,
        DOMAIN,
        falling_back_issue(subentry_id),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=VOICE_FALLING_BACK,
        translation_placeholders={"voice": voice.subentry.title, "fallback": fallback, "error": str(err)},
    )
