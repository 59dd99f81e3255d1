"""Several voices of one account as a person sees them: devices, names, entities that survive every change."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.cloud_tts.const import DOMAIN
from tests.fakes import FakeDashScope, FakeHuawei, fake_pcm

from .conftest import HUAXIAOMEI, LONGANYANG, account_entry, dashscope_data, huawei_data, voice_entity
from .test_config_flow import account_input, start, submit
from .test_tts import entity_of, speak_directly

PROSODY = {"speed": 1.0, "pitch": 1.0, "volume": 50, "sample_rate": "native"}


async def add_voice(hass: HomeAssistant, entry: MockConfigEntry, model: str, voice: str) -> str:
    """Add a voice with the subentry flow, as the account page's "Add voice" does; return its subentry ID."""
    before = set(entry.subentries)
    flow = await hass.config_entries.subentries.async_init((entry.entry_id, "voice"), context={"source": SOURCE_USER})
    flow = await hass.config_entries.subentries.async_configure(flow["flow_id"], {"model": model})
    result = await hass.config_entries.subentries.async_configure(flow["flow_id"], {"voice": voice, **PROSODY})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    [added] = set(entry.subentries) - before
    return added


def tts_entities(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, er.RegistryEntry]:
    """The account's voice entities by subentry, as the entity registry holds them."""
    return {
        entity.config_subentry_id or "": entity
        for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Stop the account and start it again, as a restart of Home Assistant does (the registries stay)."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_every_voice_of_an_account_survives_changes_reloads_and_restarts(
    hass: HomeAssistant, fake: FakeDashScope, dashscope_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    assert await hass.config_entries.async_setup(dashscope_entry.entry_id)
    await hass.async_block_till_done()
    [first] = dashscope_entry.subentries
    cherry = await add_voice(hass, dashscope_entry, "qwen3-tts-flash-realtime", "Cherry")
    xiaochun = await add_voice(hass, dashscope_entry, "cosyvoice-v3-flash", "longxiaochun_v3")
    entities = tts_entities(hass, dashscope_entry)
    assert set(entities) == {first, cherry, xiaochun}
    assert entities[cherry].entity_id == "tts.cherry"
    assert entities[xiaochun].entity_id == "tts.long_xiaochun"
    er.async_get(hass).async_update_entity(entities[xiaochun].entity_id, name="Kitchen")

    devices = dr.async_get(hass)
    for subentry_id, entity in entities.items():  # each voice is a service device of its own
        device = devices.async_get(entity.device_id or "")
        assert device is not None
        assert device.entry_type is dr.DeviceEntryType.SERVICE
        assert (device.config_entry_id, device.config_subentry_id) == (dashscope_entry.entry_id, subentry_id)
        assert device.name == dashscope_entry.subentries[subentry_id].title
    assert devices.async_get(entities[cherry].device_id or "").model == "Qwen3-TTS Flash Realtime"

    assert hass.config_entries.async_remove_subentry(dashscope_entry, first)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_reload(dashscope_entry.entry_id)
    await hass.async_block_till_done()
    await restart(hass, dashscope_entry)

    remaining = tts_entities(hass, dashscope_entry)
    assert set(remaining) == {cherry, xiaochun}
    assert {entity.entity_id for entity in remaining.values()} == {"tts.cherry", "tts.long_xiaochun"}
    assert remaining[xiaochun].name == "Kitchen"  # what the user set stays
    assert hass.states.get("tts.long_xiaochun").attributes["friendly_name"] == "Kitchen"
    assert len(dr.async_entries_for_config_entry(devices, dashscope_entry.entry_id)) == 2
    for entity_id, sample_rate in (("tts.cherry", 24000), ("tts.long_xiaochun", 24000)):
        wav = await speak_directly(entity_of(hass, entity_id), {}, "你好。")
        assert wav[44:] == fake_pcm("你好。", sample_rate)
    assert "different config subentry" not in caplog.text
    await hass.config_entries.async_unload(dashscope_entry.entry_id)


async def test_a_changed_voice_is_named_after_its_new_voice(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry
) -> None:
    [subentry_id] = loaded_dashscope.subentries
    entity_id = voice_entity(hass, loaded_dashscope)
    flow = await hass.config_entries.subentries.async_init(
        (loaded_dashscope.entry_id, "voice"), context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id}
    )
    old_title = loaded_dashscope.subentries[subentry_id].title
    # Its own steps, whose titles name the voice changed and its account
    assert (flow["step_id"], flow["description_placeholders"]) == (
        "change_model",
        {"account": loaded_dashscope.title, "voice": old_title},
    )
    flow = await hass.config_entries.subentries.async_configure(flow["flow_id"], {"model": "cosyvoice-v3-flash"})
    assert flow["step_id"] == "change_voice"
    assert flow["description_placeholders"]["voice"] == old_title
    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"voice": "longxiaochun_v3", **PROSODY}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert loaded_dashscope.subentries[subentry_id].title == "Long Xiaochun"
    assert hass.states.get(entity_id).attributes["friendly_name"] == "Long Xiaochun"


async def test_two_voices_of_one_name_are_told_apart_by_their_model(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry
) -> None:
    await add_voice(hass, loaded_dashscope, "cosyvoice-v3-flash", "longanyang")
    plus = await add_voice(hass, loaded_dashscope, "cosyvoice-v3-plus", "longanyang")
    titles = sorted(subentry.title for subentry in loaded_dashscope.subentries.values())
    assert titles == ["First voice", "Long Anyang", "Long Anyang · CosyVoice v3 Plus"]
    assert loaded_dashscope.subentries[plus].title == "Long Anyang · CosyVoice v3 Plus"


async def test_names_follow_a_chinese_home_assistant(hass: HomeAssistant, fake: FakeDashScope) -> None:
    await hass.config.async_update(language="zh-Hans")
    form = await start(hass, "dashscope")
    voice_form = await submit(hass, await submit(hass, form, account_input(dashscope_data(fake))), {})
    result = await submit(hass, voice_form, {"voice": "longanyang", **PROSODY})
    assert result["title"] == "阿里云百炼 华北2（北京）"
    entry = result["result"]
    [voice] = entry.subentries.values()
    assert voice.title == "龙安洋"
    await hass.async_block_till_done()
    assert hass.states.get("tts.long_an_yang").attributes["friendly_name"] == "龙安洋"
    await hass.config_entries.async_unload(entry.entry_id)


async def test_two_huawei_accounts_of_one_region_have_titles_of_their_own(
    hass: HomeAssistant, huawei: FakeHuawei
) -> None:
    other = FakeHuawei(users={("globex", "bob"): "pa55"})
    other.project_id = "0a1b2c3dcnnorth4globex0000000000"
    await other.start()
    entries = []
    for fake, data in (
        (huawei, huawei_data(huawei)),
        (other, huawei_data(other, domain_name="globex", username="bob", password="pa55")),
    ):
        form = await start(hass, "huawei_iam")
        voice_form = await submit(hass, await submit(hass, form, account_input(data)), {"model": "rtts"})
        result = await submit(hass, voice_form, {"voice": "chinese_huaxiaomei_common", **PROSODY})
        assert result["type"] is FlowResultType.CREATE_ENTRY
        entries.append(result["result"])
        assert result["result"].unique_id == f"huawei-{fake.project_id}"
    assert [entry.title for entry in entries] == [
        "Huawei Cloud SIS CN North-Beijing4",
        "Huawei Cloud SIS CN North-Beijing4 · globex",
    ]
    await hass.async_block_till_done()
    for entry in entries:
        await hass.config_entries.async_unload(entry.entry_id)
    await other.stop()


def old_entry(data: dict[str, Any], voices: list[dict[str, Any]], unique_id: str) -> MockConfigEntry:
    """An account as version 0.1 saved it: a unique ID made of secrets, minor version 1."""
    entry = account_entry(data, voices[0], "Old title")
    subentries = [
        {"subentry_type": "voice", "data": voice, "title": f"Voice {n}", "unique_id": None}
        for n, voice in enumerate(voices)
    ]
    return MockConfigEntry(
        domain=DOMAIN, title=entry.title, data=data, unique_id=unique_id, minor_version=1, subentries_data=subentries
    )


async def test_an_account_of_version_0_1_keeps_its_voices_and_drops_its_shared_device(
    hass: HomeAssistant, fake: FakeDashScope
) -> None:
    cherry = {"model": "qwen3-tts-flash-realtime", "voice": "Cherry"}
    entry = old_entry(dashscope_data(fake), [LONGANYANG, cherry], "dashscope-cn-beijing-1f2e3d4c5b6a7988")
    entry.add_to_hass(hass)
    shared = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, entry.entry_id)}, name="Model Studio China (Beijing)"
    )
    first, second = entry.subentries
    kept = er.async_get(hass).async_get_or_create(
        "tts",
        DOMAIN,
        first,
        config_entry=entry,
        config_subentry_id=first,
        device_id=shared.id,
        suggested_object_id="model_studio_china_beijing_long_anyang",
    )
    er.async_get(hass).async_update_entity(kept.entity_id, name="Living room")

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert (entry.minor_version, entry.unique_id) == (2, None)
    assert dr.async_get(hass).async_get(shared.id) is None
    entities = tts_entities(hass, entry)
    assert set(entities) == {first, second}
    assert entities[first].entity_id == kept.entity_id  # automations that name it keep working
    assert entities[first].name == "Living room"
    assert entities[first].device_id not in (None, shared.id)
    await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("sign_in", ["iam_user", "access_key"])
async def test_a_huawei_account_of_version_0_1_is_known_by_its_project(
    hass: HomeAssistant, huawei: FakeHuawei, sign_in: str
) -> None:
    data = huawei_data(huawei)
    if sign_in == "access_key":
        data = {key: value for key, value in data.items() if key not in ("domain_name", "username", "password")}
        data |= {"access_key": "HPUAEXAMPLEAK", "secret_key": "exampleSecretKey", "project_id": huawei.project_id}
    entry = old_entry(data, [HUAXIAOMEI], "huawei-cn-north-4-acme-alice")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.unique_id == f"huawei-{huawei.project_id}"  # from IAM's token, or the project given with the key
    await hass.config_entries.async_unload(entry.entry_id)


async def add_account_with_voice(hass: HomeAssistant, data: dict[str, Any], voice: str) -> MockConfigEntry:
    """Add a Model Studio account with its first voice through the flow, as a person does."""
    voice_form = await submit(hass, await submit(hass, await start(hass, "dashscope"), account_input(data)), {})
    result = await submit(hass, voice_form, {"voice": voice, **PROSODY})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry: MockConfigEntry = result["result"]
    return entry


async def test_a_voice_of_a_later_account_is_named_with_its_account(hass: HomeAssistant, fake: FakeDashScope) -> None:
    beijing = await add_account_with_voice(hass, dashscope_data(fake), "longanyang")
    singapore = await add_account_with_voice(hass, dashscope_data(fake, region="ap-southeast-1"), "longanyang")
    entities = {**tts_entities(hass, beijing), **tts_entities(hass, singapore)}
    [first] = beijing.subentries
    [later] = singapore.subentries

    def names() -> dict[str, str]:
        """What the Media panel's tiles and the entity list show, and the devices' names."""
        devices = dr.async_get(hass)
        shown = {}
        for subentry_id, entity in entities.items():
            device = devices.async_get(entity.device_id or "")
            assert device is not None and device.name == hass.states.get(entity.entity_id).name
            shown[subentry_id] = device.name
        return shown

    assert names() == {first: "Long Anyang", later: "Long Anyang · Model Studio Singapore"}
    assert entities[later].entity_id == "tts.long_anyang_model_studio_singapore"
    for entry in (singapore, beijing):  # a restart sets the accounts up in any order: the names stay
        assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert names() == {first: "Long Anyang", later: "Long Anyang · Model Studio Singapore"}
    for entry in (beijing, singapore):
        await hass.config_entries.async_unload(entry.entry_id)
