"""Home Assistant fixtures: accounts of the fake clouds, set up as config entries with one voice each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

pytest.importorskip("homeassistant")

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.cloud_tts.account import unique_id_of
from custom_components.cloud_tts.const import DOMAIN
from tests.fakes import FakeDashScope, FakeHuawei

LONGANYANG = {"model": "cosyvoice-v3-flash", "voice": "longanyang", "speed": 1.0, "pitch": 1.0, "volume": 50}
HUAXIAOMEI = {"model": "rtts", "voice": "chinese_huaxiaomei_common", "speed": 1.0, "pitch": 1.0, "volume": 50}


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load ``custom_components/cloud_tts``."""


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test its own config directory, so that TTS's file cache never outlives it."""
    return hass_tmp_config_dir


def dashscope_data(fake: FakeDashScope, **changes: Any) -> dict[str, Any]:
    """A Model Studio account of the fake (Beijing, key ``sk-test``)."""
    return {"provider": "dashscope", "region": "cn-beijing", "api_key": "sk-test", "endpoint": fake.url} | changes


def huawei_data(huawei: FakeHuawei, **changes: Any) -> dict[str, Any]:
    """A Huawei Cloud account of the fake (Beijing 4, IAM user acme/alice)."""
    return {
        "provider": "huawei",
        "region": "cn-north-4",
        "domain_name": "acme",
        "username": "alice",
        "password": "s3cret",
        "endpoint": huawei.url,
        "iam_endpoint": huawei.iam_url,
    } | changes


def account_entry(
    data: dict[str, Any], voice: dict[str, Any], title: str, identity: str | None = None
) -> MockConfigEntry:
    """A config entry of ``data`` (the account ``identity``, as the service tells it) with one voice subentry."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        data=data,
        unique_id=unique_id_of(data, identity),
        minor_version=2,
        subentries_data=[ConfigSubentryData(subentry_type="voice", data=voice, title="First voice", unique_id=None)],
    )


@pytest.fixture
def dashscope_entry(hass: HomeAssistant, fake: FakeDashScope) -> MockConfigEntry:
    """A Model Studio account with one voice (Longanyang), not set up yet."""
    entry = account_entry(dashscope_data(fake), LONGANYANG, "Model Studio China (Beijing)")
    entry.add_to_hass(hass)
    return entry


@pytest.fixture
async def loaded_dashscope(hass: HomeAssistant, dashscope_entry: MockConfigEntry) -> AsyncIterator[MockConfigEntry]:
    """The Model Studio account, set up (unloaded again before the fake stops)."""
    assert await hass.config_entries.async_setup(dashscope_entry.entry_id)
    await hass.async_block_till_done()
    yield dashscope_entry
    await hass.config_entries.async_unload(dashscope_entry.entry_id)


@pytest.fixture
async def loaded_huawei(hass: HomeAssistant, huawei: FakeHuawei) -> AsyncIterator[MockConfigEntry]:
    """A Huawei Cloud account with one real-time TTS voice, set up."""
    entry = account_entry(huawei_data(huawei), HUAXIAOMEI, "Huawei Cloud SIS CN North-Beijing4", huawei.project_id)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)


def voice_entity(hass: HomeAssistant, entry: MockConfigEntry, title: str = "First voice") -> str:
    """The entity ID of ``entry``'s voice titled ``title``."""
    [subentry_id] = [key for key, subentry in entry.subentries.items() if subentry.title == title]
    entity_id = er.async_get(hass).async_get_entity_id("tts", DOMAIN, subentry_id)
    assert entity_id is not None
    return entity_id
