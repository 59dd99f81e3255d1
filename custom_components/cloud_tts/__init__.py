"""Cloud TTS: Alibaba Cloud Model Studio and Huawei Cloud SIS voices for Home Assistant.

One config entry is one account (provider, region, credentials); each of its
voice subentries is a streaming TTS entity. The provider engine (no Home
Assistant imports) lives in :mod:`.engine`.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .account import provider_of, unique_id_of
from .const import DOMAIN, LOGGER
from .engine import AuthenticationError, RegionMismatchError, TtsError
from .health import ServiceHealth
from .runtime import CloudTtsConfigEntry, CloudTtsRuntime

__all__ = ["DOMAIN"]

PLATFORMS = [Platform.TTS]


async def async_setup_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> bool:
    """Check the account with a handshake (its connection stays warm) and set up its voices."""
    provider = provider_of(entry.data, async_get_clientsession(hass))
    entry.async_on_unload(provider.close)  # also when setup fails below
    health = ServiceHealth(hass, entry)
    try:
        identity = await provider.validate_credentials()
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
    _adopt_identity(hass, entry, identity)
    entry.runtime_data = CloudTtsRuntime(provider, health)
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    _remove_account_device(hass, entry)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> bool:
    """Version 1.2: the unique ID is the account's identity as the service tells it, never made of secrets.

    The old one (a hash of a key, or a user name) goes; the identity is taken at the next sign-in.
    """
    if entry.version == 1 and entry.minor_version < 2:
        hass.config_entries.async_update_entry(entry, unique_id=None, minor_version=2)
    return entry.version == 1


async def async_unload_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> bool:
    """Unload the voices; the account's connections close with them (``async_on_unload``)."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> None:
    """Remove the account's repair issues with it."""
    ServiceHealth(hass, entry).forget()


def _adopt_identity(hass: HomeAssistant, entry: CloudTtsConfigEntry, identity: str | None) -> None:
    """Give an entry without a unique ID the identity the service told at sign-in (if no other entry has it)."""
    unique_id = unique_id_of(entry.data, identity)
    if entry.unique_id is not None or unique_id is None:
        return
    if hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, unique_id) is not None:
        LOGGER.warning("%s signs in to the same account as another entry; remove one of them", entry.title)
        return
    hass.config_entries.async_update_entry(entry, unique_id=unique_id)


def _remove_account_device(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> None:
    """Remove the device that version 0.1 shared among an account's voices, once they moved to their own."""
    devices = dr.async_get(hass)
    device = devices.async_get_device_by_identifier((DOMAIN, entry.entry_id), entry.entry_id)
    if device is not None and not er.async_entries_for_device(er.async_get(hass), device.id):
        devices.async_remove_device(device.id)


async def _async_reload(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> None:
    """Account or voices changed: set them up anew."""
    await hass.config_entries.async_reload(entry.entry_id)
