"""Fallback voices in a real Home Assistant: another account's voice speaks when a voice fails to begin."""

from __future__ import annotations

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.cloud_tts.const import DOMAIN
from custom_components.cloud_tts.diagnostics import async_get_config_entry_diagnostics
from tests.fakes import FakeDashScope, FakeHuawei, Faults, fake_pcm

from .conftest import voice_entity
from .test_tts import HEADER, entity_of, speak_directly

ARREARS = ("Arrearage", "Access denied, please make sure your account is in good standing.")


async def _choose_fallback(hass: HomeAssistant, entry: MockConfigEntry, fallback: str) -> dict[str, object]:
    """Reconfigure ``entry``'s first voice with ``fallback``; return the flow's result."""
    [subentry] = entry.subentries.values()
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "voice"), context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry.subentry_id}
    )
    flow = await hass.config_entries.subentries.async_configure(flow["flow_id"], {"model": subentry.data["model"]})
    assert "fallback" in flow["data_schema"].schema
    voice = {key: subentry.data[key] for key in ("voice", "speed", "pitch", "volume")} | {"sample_rate": "native"}
    result = await hass.config_entries.subentries.async_configure(flow["flow_id"], voice | {"fallback": fallback})
    await hass.async_block_till_done()
    return dict(result)


async def test_a_voice_failing_to_begin_is_spoken_by_its_fallback_until_it_speaks_again(
    hass: HomeAssistant,
    loaded_dashscope: MockConfigEntry,
    loaded_huawei: MockConfigEntry,
    fake: FakeDashScope,
    huawei: FakeHuawei,
) -> None:
    primary, fallback = voice_entity(hass, loaded_dashscope), voice_entity(hass, loaded_huawei)
    result = await _choose_fallback(hass, loaded_dashscope, fallback)
    assert result["reason"] == "reconfigure_successful"
    [subentry_id] = loaded_dashscope.subentries
    issue_id = f"voice_falling_back_{subentry_id}"

    fake.faults = Faults(run_task_failure=ARREARS)
    wav = await speak_directly(entity_of(hass, primary), {}, "你好。")
    rate = int.from_bytes(wav[24:28], "little")
    assert wav[HEADER:] == fake_pcm("你好。", rate)
    assert "".join(huawei.requests[-1].texts) == "你好。"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None and issue.translation_key == "voice_falling_back"
    assert issue.translation_placeholders["fallback"] == "First voice"
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded_dashscope)
    assert diagnostics["voices"][subentry_id]["fallback_replies"] == 1

    fake.faults = Faults()
    wav = await speak_directly(entity_of(hass, primary), {}, "你好。")
    assert wav[HEADER:] == fake_pcm("你好。", 24000)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_an_invalid_request_is_not_passed_to_the_fallback(
    hass: HomeAssistant,
    loaded_dashscope: MockConfigEntry,
    loaded_huawei: MockConfigEntry,
    fake: FakeDashScope,
    huawei: FakeHuawei,
) -> None:
    primary = voice_entity(hass, loaded_dashscope)
    await _choose_fallback(hass, loaded_dashscope, voice_entity(hass, loaded_huawei))
    fake.faults = Faults(run_task_failure=("InvalidParameter", "text is invalid"))
    with pytest.raises(HomeAssistantError) as caught:
        await speak_directly(entity_of(hass, primary), {}, "你好。")
    assert caught.value.translation_key == "invalid_request"
    assert not any(request.texts for request in huawei.requests)  # (its sign-in checks have no text)


async def test_the_form_refuses_a_fallback_that_leads_back(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, loaded_huawei: MockConfigEntry
) -> None:
    primary, fallback = voice_entity(hass, loaded_dashscope), voice_entity(hass, loaded_huawei)
    await _choose_fallback(hass, loaded_dashscope, fallback)
    result = await _choose_fallback(hass, loaded_huawei, primary)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "fallback_loops"}
