"""The config flow: every step and error, duplicates, reauthentication, reconfiguration, voice subentries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.cloud_tts.const import DOMAIN
from tests.fakes import FakeDashScope, FakeHuawei, Faults

from .conftest import LONGANYANG, dashscope_data, huawei_data
from .test_tts import entity_of
from .translations import rendered

ZH = json.loads((Path(__file__).parents[2] / "custom_components/cloud_tts/translations/zh-Hans.json").read_text())
ENGLISH = json.loads((Path(__file__).parents[2] / "custom_components/cloud_tts/translations/en.json").read_text())
FIRST_VOICE = {"voice": "longanyang", "speed": 1.2, "pitch": 1.0, "volume": 60, "sample_rate": "native"}


async def start(hass: HomeAssistant, sign_in: str) -> dict[str, Any]:
    """Open the flow and pick ``sign_in`` from the menu; return the account form."""
    menu = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert menu["type"] is FlowResultType.MENU
    assert menu["menu_options"] == ["dashscope", "huawei_iam", "huawei_access_key"]
    form = await hass.config_entries.flow.async_configure(menu["flow_id"], {"next_step_id": sign_in})
    assert form["type"] is FlowResultType.FORM
    assert form["step_id"] == sign_in
    return form


async def submit(hass: HomeAssistant, flow: dict[str, Any], user_input: dict[str, Any]) -> dict[str, Any]:
    return await hass.config_entries.flow.async_configure(flow["flow_id"], user_input)


def account_input(data: dict[str, Any]) -> dict[str, Any]:
    """The form's input for an account's data: endpoints in the folded advanced section."""
    endpoints = ("endpoint", "iam_endpoint")
    fields = {key: value for key, value in data.items() if key not in ("provider", *endpoints)}
    return fields | {"advanced": {key: data[key] for key in endpoints if key in data}}


async def test_a_model_studio_account_is_added_with_its_first_voice(hass: HomeAssistant, fake: FakeDashScope) -> None:
    form = await start(hass, "dashscope")
    model_form = await submit(hass, form, account_input(dashscope_data(fake)))
    assert model_form["step_id"] == "model"
    assert fake.handshakes == 1
    assert fake.tasks == []  # a handshake checked the key; nothing was synthesized

    voice_form = await submit(hass, model_form, {"model": "cosyvoice-v3-flash"})
    assert voice_form["step_id"] == "voice"
    assert voice_form["description_placeholders"]["model"] == "CosyVoice v3 Flash"
    voices = voice_form["data_schema"].schema["voice"].config["options"]
    assert {"value": "longanyang", "label": "Long Anyang (sunny young man) · takes instructions"} in voices
    assert voice_form["description_placeholders"]["account"] == "Model Studio China (Beijing)"  # the step's title
    [voice_key] = [key for key in voice_form["data_schema"].schema if key == "voice"]
    assert voice_key.default() == "longanyang"  # a voice is chosen, also where an ID could be typed in

    result = await submit(hass, voice_form, FIRST_VOICE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Model Studio China (Beijing)"
    assert result["data"] == dashscope_data(fake)
    entry = result["result"]
    assert entry.unique_id is None  # Model Studio tells no account behind a key: nothing secret stands in for one
    [voice] = entry.subentries.values()
    assert voice.subentry_type == "voice"
    assert voice.title == "Long Anyang"
    assert voice.data == {
        "model": "cosyvoice-v3-flash",
        "voice": "longanyang",
        "speed": 1.2,
        "pitch": 1.0,
        "volume": 60,
        "clean_text": True,
    }
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    await hass.config_entries.async_unload(entry.entry_id)


async def test_endpoints_are_folded_away_in_an_advanced_section(hass: HomeAssistant, fake: FakeDashScope) -> None:
    dashscope = await start(hass, "dashscope")
    regions = dashscope["data_schema"].schema["region"].config
    assert (regions["options"], regions["translation_key"]) == (["cn-beijing", "ap-southeast-1"], "region")
    advanced = dashscope["data_schema"].schema["advanced"]
    assert advanced.options == {"collapsed": True}
    assert list(advanced.schema.schema) == ["endpoint"]
    huawei = await start(hass, "huawei_iam")
    assert list(huawei["data_schema"].schema["advanced"].schema.schema) == ["endpoint", "iam_endpoint"]


async def test_a_refused_form_keeps_the_endpoint_it_was_given_in_sight(
    hass: HomeAssistant, fake: FakeDashScope
) -> None:
    form = await start(hass, "dashscope")
    refused = await submit(hass, form, account_input(dashscope_data(fake, api_key="sk-wrong")))
    assert refused["errors"] == {"base": "invalid_auth"}
    assert refused["data_schema"].schema["advanced"].options == {"collapsed": False}


async def test_voices_are_named_in_the_language_of_home_assistant(hass: HomeAssistant, fake: FakeDashScope) -> None:
    await hass.config.async_update(language="zh-Hans")
    model_form = await submit(hass, await start(hass, "dashscope"), account_input(dashscope_data(fake)))
    models = model_form["data_schema"].schema["model"].config
    assert models["translation_key"] == "model"  # described in the user's language
    ids = [option["value"] for option in models["options"]]
    assert ids[0] == "cosyvoice-v3-flash"
    assert ids.index("cosyvoice-v3_5-plus") > ids.index("sambert")  # the account's own voices only: last
    assert all(key in ZH["selector"]["model"]["options"] for key in ids)
    voice_form = await submit(hass, model_form, {"model": "cosyvoice-v3-flash"})
    assert voice_form["description_placeholders"]["account"] == "阿里云百炼 华北2（北京）"
    labels = {
        option["value"]: option["label"] for option in voice_form["data_schema"].schema["voice"].config["options"]
    }
    assert labels["longanyang"] == "龙安洋（阳光青年男声） · 支持指令"
    assert labels["longjiaxin_v3"] == "龙嘉欣（粤语女声）"


@pytest.mark.parametrize(
    ("changes", "faults", "error"),
    [
        ({"api_key": "sk-wrong"}, Faults(), "invalid_auth"),
        ({"api_key": "   "}, Faults(), "invalid_auth"),  # refused before any connection
        ({"endpoint": "ws://127.0.0.1:9"}, Faults(), "cannot_connect"),
        ({}, Faults(handshake_status=429), "rate_limited"),
        ({}, Faults(handshake_status=503), "cannot_connect"),
    ],
)
async def test_a_refused_account_says_why_and_keeps_the_input(
    hass: HomeAssistant, fake: FakeDashScope, changes: dict[str, Any], faults: Faults, error: str
) -> None:
    fake.faults = faults
    form = await start(hass, "dashscope")
    refused = await submit(hass, form, account_input(dashscope_data(fake, **changes)))
    assert refused["type"] is FlowResultType.FORM
    assert refused["errors"] == {"base": error}
    assert error in ENGLISH["config"]["error"]
    suggested = {
        key.schema: key.description["suggested_value"] for key in refused["data_schema"].schema if key.description
    }
    assert suggested["api_key"] == dashscope_data(fake, **changes)["api_key"]

    fake.faults = Faults()
    fixed = await submit(hass, refused, account_input(dashscope_data(fake)))
    assert fixed["step_id"] == "model"


async def test_an_unexpected_failure_is_unknown(
    hass: HomeAssistant, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    form = await start(hass, "dashscope")
    with patch(
        "custom_components.cloud_tts.engine.dashscope.provider.DashScopeProvider.validate_credentials",
        side_effect=RuntimeError("boom"),
    ):
        refused = await submit(hass, form, account_input(dashscope_data(fake)))
    assert refused["errors"] == {"base": "unknown"}
    assert "Unexpected error checking the account" in caplog.text
    assert "sk-test" not in caplog.text


async def test_a_key_of_the_other_region_names_its_region(
    hass: HomeAssistant, fake: FakeDashScope, two_regions: FakeDashScope
) -> None:
    form = await start(hass, "dashscope")
    refused = await submit(hass, form, {"region": "cn-beijing", "api_key": "sk-intl"})
    assert refused["errors"] == {"base": "key_other_region"}
    assert refused["description_placeholders"]["home_region"] == "Singapore"

    moved = await submit(hass, refused, {"region": "ap-southeast-1", "api_key": "sk-intl"})
    assert moved["step_id"] == "model"
    models = [option["value"] for option in moved["data_schema"].schema["model"].config["options"]]
    assert "sambert" not in models  # Singapore's models only
    voice_form = await submit(hass, moved, {"model": "qwen3-tts-flash-realtime"})
    result = await submit(hass, voice_form, {**FIRST_VOICE, "voice": "Cherry", "sample_rate": "16000"})
    assert result["title"] == "Model Studio Singapore"
    assert result["data"] == {"provider": "dashscope", "region": "ap-southeast-1", "api_key": "sk-intl"}
    [voice] = result["result"].subentries.values()
    assert voice.data["sample_rate"] == 16000
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(result["result"].entry_id)


async def test_a_workspace_bills_another_account_with_the_same_key(hass: HomeAssistant, fake: FakeDashScope) -> None:
    entries = []
    for data in (dashscope_data(fake), dashscope_data(fake, workspace="ws-kitchen")):
        form = await start(hass, "dashscope")
        result = await submit(hass, await submit(hass, await submit(hass, form, account_input(data)), {}), FIRST_VOICE)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        entries.append(result["result"])
    assert [entry.title for entry in entries] == [
        "Model Studio China (Beijing)",
        "Model Studio China (Beijing) · ws-kitchen",
    ]
    assert entries[1].data["workspace"] == "ws-kitchen"
    assert fake.connections[-1].headers.get("X-DashScope-WorkSpace") == "ws-kitchen"
    await hass.async_block_till_done()
    for entry in entries:
        await hass.config_entries.async_unload(entry.entry_id)


async def test_the_same_account_twice_is_refused_before_any_connection(
    hass: HomeAssistant, fake: FakeDashScope
) -> None:
    first = await start(hass, "dashscope")
    voice_form = await submit(hass, await submit(hass, first, account_input(dashscope_data(fake))), {})
    entry = (await submit(hass, voice_form, FIRST_VOICE))["result"]
    await hass.async_block_till_done()
    handshakes = fake.handshakes

    again = await start(hass, "dashscope")
    result = await submit(hass, again, account_input(dashscope_data(fake)))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert fake.handshakes == handshakes
    await hass.config_entries.async_unload(entry.entry_id)


async def test_a_huawei_iam_user_is_added(hass: HomeAssistant, huawei: FakeHuawei) -> None:
    form = await start(hass, "huawei_iam")
    model_form = await submit(hass, form, account_input(huawei_data(huawei)))
    assert huawei.tokens_issued == 1
    voice_form = await submit(hass, model_form, {"model": "rtts"})
    result = await submit(hass, voice_form, {**FIRST_VOICE, "voice": "chinese_huaxiaomei_common"})
    assert result["title"] == "Huawei Cloud SIS CN North-Beijing4"
    assert result["result"].unique_id == f"huawei-{huawei.project_id}"  # IAM's token names the project
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(result["result"].entry_id)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"username": "13800138000"}, "huawei_id"),
        ({"username": "alice@example.com"}, "huawei_id"),
        ({"domain_name": "+8613800138000"}, "huawei_id"),
        ({"password": "wrong"}, "invalid_auth"),
        ({"region": "cn-east-3"}, "wrong_region"),  # the fake IAM has no project in Shanghai for this account
        ({"project_id": "0a1b2c3dcneast300000000000000"}, "wrong_region"),
    ],
)
async def test_a_refused_iam_user_says_why(
    hass: HomeAssistant, huawei: FakeHuawei, changes: dict[str, Any], error: str
) -> None:
    form = await start(hass, "huawei_iam")
    refused = await submit(hass, form, account_input(huawei_data(huawei, **changes)))
    assert refused["errors"] == {"base": error}
    assert error in ENGLISH["config"]["error"]
    if error == "huawei_id":
        assert huawei.token_requests == []  # told before asking IAM


async def test_a_huawei_access_key_is_added(hass: HomeAssistant, huawei: FakeHuawei) -> None:
    form = await start(hass, "huawei_access_key")
    key = {
        "region": "cn-north-4",
        "access_key": "HPUAEXAMPLEAK",
        "secret_key": "not-the-secret",
        "project_id": huawei.project_id,
        "advanced": {"endpoint": huawei.url},
    }
    refused = await submit(hass, form, key)
    assert refused["errors"] == {"base": "invalid_auth"}
    model_form = await submit(hass, refused, key | {"secret_key": "exampleSecretKey"})
    voice_form = await submit(hass, model_form, {"model": "streaming-tts"})
    result = await submit(hass, voice_form, {**FIRST_VOICE, "voice": "chinese_huaxiaoli_common"})
    assert result["result"].unique_id == f"huawei-{huawei.project_id}"  # no part of a key
    assert result["data"]["secret_key"] == "exampleSecretKey"
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(result["result"].entry_id)


@pytest.mark.parametrize(
    ("model", "voice_input", "problem"),
    [
        ("cosyvoice-v3-flash", {"sample_rate": "8000", "instructions": "Speak warmly."}, "instructions"),
        ("qwen-tts-realtime", {"voice": "Cherry", "speed": 1.5}, "its own speed"),
    ],
)
async def test_a_voice_the_model_cannot_speak_says_why(
    hass: HomeAssistant, fake: FakeDashScope, model: str, voice_input: dict[str, Any], problem: str
) -> None:
    form = await start(hass, "dashscope")
    voice_form = await submit(hass, await submit(hass, form, account_input(dashscope_data(fake))), {"model": model})
    refused = await submit(hass, voice_form, FIRST_VOICE | {"voice": "longxiaochun_v3"} | voice_input)
    assert refused["errors"] == {"base": "invalid_voice"}
    assert problem in refused["description_placeholders"]["problem"]
    assert "longxiaochun_v3" not in refused["description_placeholders"]["problem"]  # named, not an ID
    assert "{problem}" in ENGLISH["config"]["error"]["invalid_voice"]


async def test_a_cloned_voice_is_typed_in(hass: HomeAssistant, fake: FakeDashScope) -> None:
    form = await start(hass, "dashscope")
    voice_form = await submit(
        hass, await submit(hass, form, account_input(dashscope_data(fake))), {"model": "cosyvoice-v3_5-plus"}
    )
    assert "voice" not in voice_form["data_schema"].schema  # no preset voices: no menu
    assert "instructions" in voice_form["data_schema"].schema
    own_voice = {key: value for key, value in FIRST_VOICE.items() if key != "voice"}
    nothing = await submit(hass, voice_form, own_voice)
    assert nothing["errors"] == {"base": "invalid_voice"}
    assert "type the ID" in nothing["description_placeholders"]["problem"]
    result = await submit(hass, voice_form, own_voice | {"custom_voice": " cosyvoice-v3.5-plus-myvoice-1a2b "})
    [voice] = result["result"].subentries.values()
    assert voice.data["voice"] == "cosyvoice-v3.5-plus-myvoice-1a2b"
    assert voice.title == "cosyvoice-v3.5-plus-myvoice-1a2b"
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(result["result"].entry_id)


async def test_a_refused_key_starts_reauthentication(
    hass: HomeAssistant, fake: FakeDashScope, dashscope_entry: MockConfigEntry
) -> None:
    fake.api_keys = frozenset({"sk-rotated"})
    assert not await hass.config_entries.async_setup(dashscope_entry.entry_id)
    await hass.async_block_till_done()
    assert dashscope_entry.state is ConfigEntryState.SETUP_ERROR
    [flow] = dashscope_entry.async_get_active_flows(hass, {"reauth"})
    assert flow["step_id"] == "reauth_confirm"

    refused = await hass.config_entries.flow.async_configure(flow["flow_id"], {"api_key": "sk-test"})
    assert refused["errors"] == {"base": "invalid_auth"}
    assert list(refused["data_schema"].schema) == ["api_key"]
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {"api_key": "sk-rotated"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert dashscope_entry.data["api_key"] == "sk-rotated"
    assert dashscope_entry.state is ConfigEntryState.LOADED
    await hass.config_entries.async_unload(dashscope_entry.entry_id)


async def test_reauthentication_asks_each_sign_in_for_its_own_secrets(hass: HomeAssistant, huawei: FakeHuawei) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=huawei_data(huawei, password="old"),
        unique_id=f"huawei-{huawei.project_id}",
        minor_version=2,
    )
    entry.add_to_hass(hass)
    flow = await entry.start_reauth_flow(hass)
    assert list(flow["data_schema"].schema) == ["password"]
    assert flow["description_placeholders"]["account"] == entry.title
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {"password": "s3cret"})
    assert result["reason"] == "reauth_successful"
    assert entry.data["password"] == "s3cret"
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(entry.entry_id)


async def test_reauthentication_cannot_take_another_entrys_account(
    hass: HomeAssistant, fake: FakeDashScope, loaded_dashscope: MockConfigEntry
) -> None:
    fake.api_keys = frozenset({"sk-test", "sk-other"})
    other = MockConfigEntry(domain=DOMAIN, data=dashscope_data(fake, api_key="sk-other"), minor_version=2)
    other.add_to_hass(hass)
    flow = await other.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {"api_key": "sk-test"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert other.data["api_key"] == "sk-other"


async def test_reconfigure_moves_the_account_to_another_region(
    hass: HomeAssistant, fake: FakeDashScope, loaded_dashscope: MockConfigEntry
) -> None:
    flow = await loaded_dashscope.start_reconfigure_flow(hass)
    assert flow["step_id"] == "reconfigure"
    suggested = {key.schema: key.description for key in flow["data_schema"].schema}
    assert suggested["api_key"] is None  # secrets are typed again, never shown
    assert suggested["region"] == {"suggested_value": "cn-beijing"}
    endpoints = {key.schema: key.description for key in flow["data_schema"].schema["advanced"].schema.schema}
    assert endpoints["endpoint"] == {"suggested_value": fake.url}

    fake.api_keys = frozenset({"sk-test", "sk-intl"})
    for wrong_key in ("sk-wrong", "  "):
        refused = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"region": "ap-southeast-1", "api_key": wrong_key, "advanced": {"endpoint": fake.url}}
        )
        assert refused["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"region": "ap-southeast-1", "api_key": "sk-intl", "advanced": {"endpoint": fake.url}}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert loaded_dashscope.title == "Model Studio Singapore"
    assert loaded_dashscope.unique_id is None
    assert loaded_dashscope.data == dashscope_data(fake, region="ap-southeast-1", api_key="sk-intl")
    assert loaded_dashscope.state is ConfigEntryState.LOADED


async def test_a_voice_is_added_changed_and_removed(
    hass: HomeAssistant, fake: FakeDashScope, loaded_dashscope: MockConfigEntry
) -> None:
    registry = er.async_get(hass)
    flow = await hass.config_entries.subentries.async_init(
        (loaded_dashscope.entry_id, "voice"), context={"source": SOURCE_USER}
    )
    assert flow["step_id"] == "model"
    flow = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"model": "qwen3-tts-instruct-flash-realtime"}
    )
    assert "instructions" in flow["data_schema"].schema
    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], FIRST_VOICE | {"voice": "Cherry", "instructions": "Cheerful."}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    [added] = [sub for sub in loaded_dashscope.subentries.values() if sub.data["voice"] == "Cherry"]
    assert added.title == "Cherry"
    entity_id = registry.async_get_entity_id("tts", DOMAIN, added.subentry_id)
    assert entity_id == "tts.cherry"
    assert hass.states.get(entity_id).attributes["friendly_name"] == "Cherry"

    flow = await hass.config_entries.subentries.async_init(
        (loaded_dashscope.entry_id, "voice"), context={"source": SOURCE_RECONFIGURE, "subentry_id": added.subentry_id}
    )
    [model] = flow["data_schema"].schema
    assert model.default() == "qwen3-tts-instruct-flash-realtime"
    flow = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"model": "qwen3-tts-instruct-flash-realtime"}
    )
    suggested = {key.schema: key.description for key in flow["data_schema"].schema}
    assert suggested["instructions"] == {"suggested_value": "Cheerful."}
    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], FIRST_VOICE | {"voice": "Cherry", "speed": 0.8, "instructions": "Calm."}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert loaded_dashscope.subentries[added.subentry_id].data["instructions"] == "Calm."
    assert entity_of(hass, entity_id).default_options["instructions"] == "Calm."

    assert hass.config_entries.async_remove_subentry(loaded_dashscope, added.subentry_id)
    await hass.async_block_till_done()
    assert registry.async_get_entity_id("tts", DOMAIN, added.subentry_id) is None
    assert hass.states.get(entity_id) is None


async def test_voices_wait_for_a_loaded_account(hass: HomeAssistant, dashscope_entry: MockConfigEntry) -> None:
    flow = await hass.config_entries.subentries.async_init(
        (dashscope_entry.entry_id, "voice"), context={"source": SOURCE_USER}
    )
    assert flow["type"] is FlowResultType.ABORT
    assert flow["reason"] == "entry_not_loaded"


def test_the_first_voice_fixture_matches_what_the_flow_stores() -> None:
    assert set(LONGANYANG) == {"model", "voice", "speed", "pitch", "volume"}


async def test_reconfigure_refuses_a_region_the_voices_are_not_offered_in(
    hass: HomeAssistant, fake: FakeDashScope, loaded_dashscope: MockConfigEntry
) -> None:
    flow = await hass.config_entries.subentries.async_init(
        (loaded_dashscope.entry_id, "voice"), context={"source": SOURCE_USER}
    )
    flow = await hass.config_entries.subentries.async_configure(flow["flow_id"], {"model": "sambert"})
    await hass.config_entries.subentries.async_configure(flow["flow_id"], FIRST_VOICE | {"voice": "sambert-zhichu-v1"})
    await hass.async_block_till_done()
    sambert = next(sub for sub in loaded_dashscope.subentries.values() if sub.data["model"] == "sambert")

    fake.api_keys = frozenset({"sk-test", "sk-intl"})
    flow = await loaded_dashscope.start_reconfigure_flow(hass)
    refused = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"region": "ap-southeast-1", "api_key": "sk-intl", "advanced": {"endpoint": fake.url}}
    )
    assert refused["errors"] == {"base": "voices_not_offered"}
    assert refused["description_placeholders"]["voices"] == sambert.title  # Sambert is Beijing's only
    assert "{voices}" in ENGLISH["config"]["error"]["voices_not_offered"]
    assert loaded_dashscope.data["region"] == "cn-beijing"


async def test_signing_in_again_must_bring_back_the_same_huawei_account(
    hass: HomeAssistant, huawei: FakeHuawei, loaded_huawei: MockConfigEntry
) -> None:
    huawei.users[("globex", "bob")] = "pa55"
    huawei.project_id = "0a1b2c3dcnnorth4globex0000000000"  # the other user's account has its own project
    flow = await loaded_huawei.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"],
        {
            "region": "cn-north-4",
            "domain_name": "globex",
            "username": "bob",
            "password": "pa55",
            "advanced": {"endpoint": huawei.url, "iam_endpoint": huawei.iam_url},
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    text = await rendered(hass, "en", "config.abort.unique_id_mismatch", **result["description_placeholders"])
    assert text.startswith("These credentials belong to another account or project, not to Huawei Cloud SIS")
    assert loaded_huawei.data["username"] == "alice"


async def test_a_rotated_model_studio_key_keeps_the_account(
    hass: HomeAssistant, fake: FakeDashScope, loaded_dashscope: MockConfigEntry
) -> None:
    fake.api_keys = frozenset({"sk-test", "sk-rotated"})
    flow = await loaded_dashscope.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {"api_key": "sk-rotated"})
    assert result["reason"] == "reauth_successful"
    assert await rendered(hass, "zh-Hans", "config.abort.reauth_successful") == "已重新登录，账号的音色可以继续播报了。"
    await hass.async_block_till_done()
    assert loaded_dashscope.data["api_key"] == "sk-rotated"
    assert loaded_dashscope.unique_id is None
    assert loaded_dashscope.state is ConfigEntryState.LOADED
