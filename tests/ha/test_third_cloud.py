"""A third cloud registered by a test alone is offered, added and spoken by the integration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.cloud_tts import engine
from custom_components.cloud_tts.const import DOMAIN
from tests.toy_cloud import TOKEN, register_toy, toy_pcm

from .test_tts import entity_of, speak_directly


@pytest.fixture
def toy() -> Iterator[Any]:
    spec = register_toy(engine)
    yield spec
    engine.unregister(spec.id)


async def test_a_registered_cloud_is_offered_added_and_speaks(hass: HomeAssistant, toy: Any) -> None:
    menu = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert "toy_token" in menu["menu_options"]
    form = await hass.config_entries.flow.async_configure(menu["flow_id"], {"next_step_id": "toy_token"})
    assert form["step_id"] == "toy_token"
    assert list(form["data_schema"].schema) == ["region", "token", "advanced"]
    refused = await hass.config_entries.flow.async_configure(form["flow_id"], {"region": "toy-north-1", "token": "x"})
    assert refused["errors"] == {"base": "invalid_auth"}
    model_form = await hass.config_entries.flow.async_configure(
        form["flow_id"], {"region": "toy-north-1", "token": TOKEN}
    )
    voice_form = await hass.config_entries.flow.async_configure(model_form["flow_id"], {"model": "toy-model"})
    result = await hass.config_entries.flow.async_configure(
        voice_form["flow_id"], {"voice": "squeak", "speed": 1.0, "pitch": 1.0, "volume": 50, "sample_rate": "native"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert (entry.title, entry.unique_id) == ("Toy TTS Toy North 1", "toy-toy-account-1")
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    assert hass.states.get("tts.squeak") is not None
    wav = await speak_directly(entity_of(hass, "tts.squeak"), {}, "喵。")
    assert wav[44:] == toy_pcm("喵。")
    await hass.config_entries.async_unload(entry.entry_id)
