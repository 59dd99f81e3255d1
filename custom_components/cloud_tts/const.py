"""Constants of the Cloud TTS integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "cloud_tts"
LOGGER = logging.getLogger(__package__)

DASHSCOPE: Final = "dashscope"
HUAWEI: Final = "huawei"

# The account (config entry data)
CONF_PROVIDER: Final = "provider"
CONF_REGION: Final = "region"
CONF_WORKSPACE: Final = "workspace"
CONF_DOMAIN_NAME: Final = "domain_name"
CONF_PROJECT_ID: Final = "project_id"
CONF_ACCESS_KEY: Final = "access_key"
CONF_SECRET_KEY: Final = "secret_key"
CONF_ENDPOINT: Final = "endpoint"
CONF_IAM_ENDPOINT: Final = "iam_endpoint"

# A voice (config subentry data); these names are also the TTS options
SUBENTRY_VOICE: Final = "voice"
CONF_MODEL: Final = "model"
CONF_VOICE: Final = "voice"
CONF_SPEED: Final = "speed"
CONF_PITCH: Final = "pitch"
CONF_VOLUME: Final = "volume"
CONF_SAMPLE_RATE: Final = "sample_rate"
CONF_INSTRUCTIONS: Final = "instructions"

NATIVE_RATE: Final = "native"
"""The sample-rate choice that keeps the voice's own rate."""

DEFAULT_SPEED: Final = 1.0
DEFAULT_PITCH: Final = 1.0
DEFAULT_VOLUME: Final = 50
