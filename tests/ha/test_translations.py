"""Every text a person can meet exists in English and Simplified Chinese, and passes Home Assistant's rules."""

from __future__ import annotations

import json
import re

import probatio as vol
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.cloud_tts.engine import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RegionMismatchError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
    clouds,
)

from .conftest import voice_entity
from .test_tts import entity_of
from .translations import LANGUAGES, STRINGS, TRANSLATIONS, rendered

CJK = re.compile(r"[\u4e00-\u9fff]")

FLOW_ENDINGS = (
    "config.abort.already_configured",
    "config.abort.reauth_successful",
    "config.abort.reconfigure_successful",
    "config.abort.unique_id_mismatch",
    "config_subentries.voice.abort.entry_not_loaded",
    "config_subentries.voice.abort.reconfigure_successful",
)


def load(language: str) -> dict[str, object]:
    return json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))


def assert_sentence(text: str, language: str) -> None:
    """A sentence a person reads: words (Chinese ones in Chinese), never a bare key."""
    assert not re.fullmatch(r"[a-z0-9_.]+", text), f"a bare key: {text}"
    if language == "en":
        assert " " in text and text[0].isupper(), text
    else:
        assert CJK.search(text), f"not Chinese: {text}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translation_files_pass_home_assistants_schema(language: str) -> None:
    STRINGS(load(language))


def test_the_schema_refuses_what_home_assistant_cannot_render() -> None:
    with pytest.raises(vol.Invalid):
        STRINGS({"exceptions": {"quota_exceeded": "A plain string renders as its bare key."}})
    with pytest.raises(vol.Invalid):
        STRINGS({"issues": {"quota": {"title": "See https://example.com", "description": "x"}}})


@pytest.mark.parametrize(
    "error",
    [
        RegionMismatchError("The key belongs to Singapore"),
        AuthenticationError("The key was refused"),
        QuotaExceededError("Arrearage"),
        InvalidRequestError("Unknown voice"),
        TtsTimeoutError("No audio within 10 s"),
        ServiceUnavailableError("HTTP 503"),
        ProtocolError("Unreadable event"),
    ],
)
async def test_every_failure_of_a_reply_reads_as_a_sentence(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, error: TtsError
) -> None:
    failure = entity_of(hass, voice_entity(hass, loaded_dashscope))._failure(error)
    assert isinstance(failure, HomeAssistantError)
    english = str(failure)  # what Home Assistant logs and a service call reports
    assert english.startswith(
        (await rendered(hass, "en", f"exceptions.{failure.translation_key}.message", error=str(error))).rstrip(".")
    )
    assert str(error) in english
    assert_sentence(english, "en")
    chinese = await rendered(hass, "zh-Hans", f"exceptions.{failure.translation_key}.message", error=str(error))
    assert_sentence(chinese, "zh-Hans")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_flow_ending_error_and_repair_reads_as_a_sentence(hass: HomeAssistant, language: str) -> None:
    paths = list(FLOW_ENDINGS)
    strings = load(language)
    paths += [f"config.error.{key}" for key in strings["config"]["error"]]  # type: ignore[index]
    paths += [f"config_subentries.voice.error.{key}" for key in strings["config_subentries"]["voice"]["error"]]  # type: ignore[index]
    for kind in strings["issues"]:  # type: ignore[attr-defined]
        paths += [f"issues.{kind}.title", f"issues.{kind}.description"]
    placeholders = {"account": "Model Studio China (Beijing)", "error": "HTTP 429", "problem": "x", "voices": "Cherry"}
    placeholders |= {
        "home_region": "Singapore",
        "model": "CosyVoice v3 Flash",
        "voice": "Longanyang",
        "fallback": "Cherry",
    }
    for path in paths:
        assert_sentence(await rendered(hass, language, path, **placeholders), language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_region_is_named_in_the_users_language(hass: HomeAssistant, language: str) -> None:
    for catalog in (spec.catalog for spec in clouds()):
        names = catalog.local_region_names if language == "zh-Hans" else catalog.region_names
        for region, name in names.items():
            assert await rendered(hass, language, f"selector.region.options.{region}") == name
