"""Diagnostics: the account (secrets redacted), its voices, connections, open issues and recent latencies."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import (
    CONF_ACCESS_KEY,
    CONF_DOMAIN_NAME,
    CONF_ENDPOINT,
    CONF_IAM_ENDPOINT,
    CONF_PROJECT_ID,
    CONF_SECRET_KEY,
    CONF_WORKSPACE,
)
from .engine import __version__
from .runtime import CloudTtsConfigEntry, FirstAudioTimes

TO_REDACT = {
    CONF_API_KEY,
    CONF_PASSWORD,
    CONF_SECRET_KEY,
    CONF_ACCESS_KEY,
    CONF_USERNAME,
    CONF_DOMAIN_NAME,
    CONF_PROJECT_ID,
    CONF_WORKSPACE,
    CONF_ENDPOINT,  # a proxy's URL may carry its own credentials
    CONF_IAM_ENDPOINT,
}


async def async_get_config_entry_diagnostics(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> dict[str, Any]:
    """Return what helps find out why a voice is slow or failing, without anything secret."""
    runtime = entry.runtime_data
    return {
        "engine_version": __version__,
        "account": async_redact_data(dict(entry.data), TO_REDACT),
        "voices": {
            subentry.subentry_id: {
                "title": subentry.title,
                "settings": dict(subentry.data),
                "first_audio": runtime.first_audio.get(subentry.subentry_id, FirstAudioTimes()).summary(),
            }
            for subentry in entry.subentries.values()
        },
        "warm_connections": runtime.provider.warm_connections,
        "service_unavailable": runtime.health.unavailable,
        "open_issues": runtime.health.open_issues,
    }
