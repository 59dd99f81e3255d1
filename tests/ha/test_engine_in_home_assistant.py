"""The integration's manifest loads, and its engine streams inside Home Assistant."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.loader import async_get_integration

from custom_components.cloud_tts import DOMAIN
from custom_components.cloud_tts.engine import SynthesisOptions
from custom_components.cloud_tts.engine.dashscope import DashScopeAccount
from custom_components.cloud_tts.engine.dashscope.cosyvoice import CosyVoiceProvider
from tests.fakes import FakeDashScope, fake_pcm
from tests.helpers import paced

ROOT = Path(__file__).parents[2]


async def test_home_assistant_loads_the_manifest(hass: HomeAssistant) -> None:
    integration = await async_get_integration(hass, DOMAIN)
    assert integration.domain == DOMAIN
    assert str(integration.version) == "0.1.0"
    assert integration.requirements == ["sentence-stream==1.3.0"]
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert hacs["homeassistant"] <= "2026.10.4"


async def test_engine_streams_with_home_assistants_session(hass: HomeAssistant, fake: FakeDashScope) -> None:
    account = DashScopeAccount("sk-test", endpoint=fake.url)
    async with CosyVoiceProvider(account, async_get_clientsession(hass)) as provider:
        audio = provider.synthesize(
            paced(["今天天气", "很好。", "Let's go out."], 0.01), SynthesisOptions(sample_rate=16000)
        )
        pcm = await audio.read_all()
    assert pcm == fake_pcm("今天天气很好。Let's go out.", 16000)
    assert fake.tasks[0].texts == ["今天天气", "很好。", "Let's go out."]
