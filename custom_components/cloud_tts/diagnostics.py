"""Diagnostics: the account (secrets redacted), its voices, connections, open issues and recent latencies."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .engine import __version__, clouds
from .runtime import CloudTtsConfigEntry, FirstAudioTimes


def _to_redact() -> set[str]:
    """Every field of every way to sign in, and the endpoints (a proxy's URL may carry its own credentials)."""
    fields = {field.key for spec in clouds() for sign_in in spec.sign_ins for field in sign_in.fields}
    return fields | {endpoint for spec in clouds() for endpoint in spec.endpoints}


async def async_get_config_entry_diagnostics(hass: HomeAssistant, entry: CloudTtsConfigEntry) -> dict[str, Any]:
    """Return what helps find out why a voice is slow or failing, without anything secret."""
    runtime = entry.runtime_data
    return {
        "engine_version": __version__,
        "account": async_redact_data(dict(entry.data), _to_redact()),
        "voices": {
            subentry.subentry_id: {
                "title": subentry.title,
                "settings": dict(subentry.data),
                "first_audio": runtime.first_audio.get(subentry.subentry_id, FirstAudioTimes()).summary(),
                "fallback_replies": runtime.fallback_replies.get(subentry.subentry_id, 0),
            }
            for subentry in entry.subentries.values()
        },
        "warm_connections": runtime.provider.warm_connections,
        "service_unavailable": runtime.health.unavailable,
        "open_issues": runtime.health.open_issues,
    }
