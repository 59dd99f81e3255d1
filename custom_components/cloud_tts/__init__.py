"""Cloud TTS: Alibaba Cloud Model Studio and Huawei Cloud SIS voices for Home Assistant.

One config entry is one account (provider, region, credentials); each of its
voice subentries is a streaming TTS entity. The provider engine (no Home
Assistant imports) lives in :mod:`.engine`.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .account import account_from_data
from .const import DOMAIN
from .engine import AuthenticationError, RegionMismatchError, TtsError
from .engine.accounts import provider_for
from .health import ServiceHealth
from .runtime import CloudTtsConfigEntry, CloudTtsRuntime

__all__ = ["DOMAIN"]

PLATFORMS = [Platform.TTS]


async def async_setup_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> bool:
    """Check the account with a handshake (its connection stays warm) and set up its voices."""
    provider = provider_for(account_from_data(entry.data), async_get_clientsession(hass))
    entry.async_on_unload(provider.close)  # also when setup fails below
    health = ServiceHealth(hass, entry)
    try:
        await provider.validate_credentials()
    except TtsError as err:
        if isinstance(err, RegionMismatchError):  # reauthentication cannot fix it: reconfigure can
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="region_mismatch",
                translation_placeholders={"error": str(err)},
            ) from err
        if isinstance(err, AuthenticationError):
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="authentication_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="service_unavailable",
            translation_placeholders={"error": str(err)},
        ) from err
    health.credentials_accepted()
    entry.runtime_data = CloudTtsRuntime(provider, health)
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> bool:
    """Unload the voices; the account's connections close with them (``async_on_unload``)."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> None:
    """Remove the account's repair issues with it."""
    ServiceHealth(hass, entry).forget()


async def _async_reload(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> None:
    """Account or voices changed: set them up anew."""
    await hass.config_entries.async_reload(entry.entry_id)
