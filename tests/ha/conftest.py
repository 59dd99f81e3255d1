"""Home Assistant fixtures."""

from __future__ import annotations

import pytest

pytest.importorskip("homeassistant")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load ``custom_components/cloud_tts``."""
