"""Constants of the Cloud TTS integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "cloud_tts"
LOGGER = logging.getLogger(__package__)

# The account (config entry data): the cloud, its region, and the fields its way to sign in declares
CONF_PROVIDER: Final = "provider"
CONF_REGION: Final = "region"

# A voice (config subentry data); these names are also the TTS options
SUBENTRY_VOICE: Final = "voice"
CONF_MODEL: Final = "model"
CONF_VOICE: Final = "voice"
CONF_CUSTOM_VOICE: Final = "custom_voice"
"""The voice step's typed-in voice ID (a cloned or designed voice); saved as the voice."""
CONF_SPEED: Final = "speed"
CONF_PITCH: Final = "pitch"
CONF_VOLUME: Final = "volume"
CONF_SAMPLE_RATE: Final = "sample_rate"
CONF_INSTRUCTIONS: Final = "instructions"
CONF_CLEAN_TEXT: Final = "clean_text"

NATIVE_RATE: Final = "native"
"""The sample-rate choice that keeps the voice's own rate."""
CONF_FALLBACK: Final = "fallback"
"""The voice subentry's fallback: another voice entity of this integration that speaks when this one fails."""
