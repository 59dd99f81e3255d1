"""Setting an account up and down: failures at setup, diagnostics, removal, packaging for HACS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import get_diagnostics_for_config_entry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.cloud_tts.const import DOMAIN
from tests.fakes import FakeDashScope, FakeHuawei, Faults

from .conftest import HUAXIAOMEI, account_entry, huawei_data, voice_entity
from .test_tts import entity_of, speak_directly

INTEGRATION = Path(__file__).parents[2] / "custom_components" / "cloud_tts"


async def test_an_unreachable_service_retries_setup(
    hass: HomeAssistant, fake: FakeDashScope, dashscope_entry: MockConfigEntry
) -> None:
    fake.faults = Faults(handshake_status=503)
    assert not await hass.config_entries.async_setup(dashscope_entry.entry_id)
    assert dashscope_entry.state is ConfigEntryState.SETUP_RETRY
    assert dashscope_entry.error_reason_translation_key == "service_unavailable"
    assert "refused the connection (HTTP 503)" in dashscope_entry.error_reason_translation_placeholders["error"]
    assert not list(dashscope_entry.async_get_active_flows(hass, {"reauth"}))


async def test_a_project_of_another_region_fails_setup_without_reauthentication(
    hass: HomeAssistant, huawei: FakeHuawei
) -> None:
    entry = account_entry(huawei_data(huawei, project_id="0a1b2c3dcneast300000000000000"), HUAXIAOMEI, "Huawei")
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.error_reason_translation_key == "region_mismatch"
    assert "has no project" in entry.error_reason_translation_placeholders["error"]
    assert not list(entry.async_get_active_flows(hass, {"reauth"}))  # reconfigure fixes it, not a new password


async def test_diagnostics_redact_secrets_and_report_latency(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_dashscope: MockConfigEntry,
    fake: FakeDashScope,
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    await speak_directly(entity, {})
    fake.faults = Faults(run_task_failure=("Arrearage", "Access denied."))
    with pytest.raises(HomeAssistantError):
        await speak_directly(entity, {})

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_dashscope)
    assert "sk-test" not in json.dumps(diagnostics)
    assert diagnostics["account"]["api_key"] == "**REDACTED**"
    assert diagnostics["account"]["region"] == "cn-beijing"
    assert diagnostics["account"]["endpoint"] == "**REDACTED**"  # a proxy URL may hold credentials
    [voice] = diagnostics["voices"].values()
    assert voice["settings"]["voice"] == "longanyang"
    assert voice["first_audio"]["replies"] == 1
    assert voice["first_audio"]["median_ms"] > 0
    assert diagnostics["open_issues"] == ["quota_exceeded"]
    assert diagnostics["service_unavailable"] is False
    assert diagnostics["warm_connections"] >= 0


async def test_diagnostics_of_a_voice_that_has_not_spoken(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, loaded_huawei: MockConfigEntry
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_huawei)
    assert {diagnostics["account"][key] for key in ("domain_name", "username", "password")} == {"**REDACTED**"}
    [voice] = diagnostics["voices"].values()
    assert voice["first_audio"] == {}


def raise_issue(hass: HomeAssistant, issue_id: str, kind: str) -> None:
    """Raise a repair issue as the integration does (e.g. before a restart)."""
    ir.async_create_issue(
        hass, DOMAIN, issue_id, is_fixable=False, severity=ir.IssueSeverity.ERROR, translation_key=kind
    )


async def test_issues_raised_before_a_restart_clear_with_the_next_reply_and_go_with_the_entry(
    hass: HomeAssistant, fake: FakeDashScope, dashscope_entry: MockConfigEntry
) -> None:
    issue_id = f"quota_exceeded_{dashscope_entry.entry_id}"
    raise_issue(hass, issue_id, "quota_exceeded")
    assert await hass.config_entries.async_setup(dashscope_entry.entry_id)
    await hass.async_block_till_done()
    assert dashscope_entry.runtime_data.health.open_issues == ["quota_exceeded"]
    await speak_directly(entity_of(hass, voice_entity(hass, dashscope_entry)), {})
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None

    raise_issue(hass, issue_id, "quota_exceeded")
    assert await hass.config_entries.async_remove(dashscope_entry.entry_id)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_a_region_mismatch_clears_once_the_credentials_are_accepted(
    hass: HomeAssistant, fake: FakeDashScope, dashscope_entry: MockConfigEntry
) -> None:
    issue_id = f"region_mismatch_{dashscope_entry.entry_id}"
    raise_issue(hass, issue_id, "region_mismatch")
    assert await hass.config_entries.async_setup(dashscope_entry.entry_id)  # e.g. after reconfiguring the region
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await hass.config_entries.async_unload(dashscope_entry.entry_id)


def strings(tree: object, path: str = "") -> dict[str, str]:
    """Every string of a translation file by its dotted key."""
    if isinstance(tree, dict):
        return {key: value for name, child in tree.items() for key, value in strings(child, f"{path}.{name}").items()}
    assert isinstance(tree, str)
    return {path: tree}


def test_the_chinese_translation_says_everything_the_english_one_does() -> None:
    english = strings(json.loads((INTEGRATION / "translations" / "en.json").read_text()))
    chinese = strings(json.loads((INTEGRATION / "translations" / "zh-Hans.json").read_text()))
    assert chinese.keys() == english.keys()
    placeholder = __import__("re").compile(r"\{[a-z_]+\}")
    for key, text in english.items():
        assert set(placeholder.findall(chinese[key])) == set(placeholder.findall(text)), key


def test_the_manifest_and_hacs_json_follow_the_rules() -> None:
    manifest = json.loads((INTEGRATION / "manifest.json").read_text())
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])  # hassfest: domain, name, then sorted
    assert manifest["domain"] == INTEGRATION.name == DOMAIN
    assert manifest["config_flow"] is True
    assert manifest["integration_type"] == "service"
    assert {"codeowners", "documentation", "issue_tracker", "iot_class", "requirements", "version"} <= set(manifest)
    hacs = json.loads((INTEGRATION.parents[1] / "hacs.json").read_text())
    assert set(hacs) <= {"name", "homeassistant", "render_readme", "country", "content_in_root", "zip_release"}
    assert hacs["homeassistant"] <= "2026.10.0"


def test_the_quality_scale_accounts_for_every_rule() -> None:
    import yaml  # Home Assistant's own dependency

    rules = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text())["rules"]
    assert len(rules) == 52
    for name, rule in rules.items():
        status = rule if isinstance(rule, str) else rule["status"]
        assert status in {"done", "exempt", "todo"}, name
        if status != "done":
            assert isinstance(rule, dict), name
            assert rule.get("comment"), f"{name} needs a reason"
