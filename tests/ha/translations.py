"""What a person reads: translation files checked against Home Assistant's rules, and texts rendered by it."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import probatio as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.translation import async_get_translations

from custom_components.cloud_tts.const import DOMAIN

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"
LANGUAGES = ("en", "zh-Hans")

_KEY = re.compile(r"^(?![_-])(?!.*[_-]{2})[a-z0-9_-]+(?<![_-])$")
_URL = re.compile(r"(https?|wss?)://|www\.", re.IGNORECASE)


def _text(value: Any) -> str:
    """A translated text as hassfest accepts it: no HTML, no URL, no padding, placeholders that are names."""
    text = cv.string_with_no_html(value)
    if text != text.strip():
        raise vol.Invalid("leading or trailing spaces")
    if _URL.search(text):
        raise vol.Invalid("a URL belongs in a placeholder")
    if re.search(r"'\{\w+\}'", text):
        raise vol.Invalid("a placeholder inside single quotes")
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and not name.isidentifier():
            raise vol.Invalid(f"placeholder {{{name}}} is not a name")
    return text


def _key(value: Any) -> str:
    if not isinstance(value, str) or not _KEY.match(value):
        raise vol.Invalid(f"translation key {value!r} is not [a-z0-9-_]")
    return value


def _texts() -> vol.Schema:
    return vol.Schema({str: _text})


def _steps_have_their_fields(flow: dict[str, Any]) -> dict[str, Any]:
    for step_id, step in flow["step"].items():
        for field in step.get("data_description", {}):
            if field not in step.get("data", {}):
                raise vol.Invalid(f"step {step_id}: data_description.{field} has no data.{field}")
    return flow


def _flow(*, subentry: bool = False) -> vol.All:
    section = {
        vol.Optional("name"): _text,
        vol.Optional("description"): _text,
        vol.Optional("data"): _texts(),
        vol.Optional("data_description"): _texts(),
    }
    step = {
        vol.Optional("title"): _text,
        vol.Optional("description"): _text,
        vol.Optional("data"): _texts(),
        vol.Optional("data_description"): _texts(),
        vol.Optional("menu_options"): _texts(),
        vol.Optional("menu_option_descriptions"): _texts(),
        vol.Optional("submit"): _text,
        vol.Optional("sections"): {str: section},
    }
    schema: dict[Any, Any] = {
        vol.Optional("flow_title"): _text,
        vol.Required("step"): {str: step},
        vol.Optional("error"): _texts(),
        vol.Optional("abort"): _texts(),
        vol.Optional("progress"): _texts(),
        vol.Optional("create_entry"): _texts(),
    }
    if subentry:
        schema[vol.Required("entry_type")] = _text
        schema[vol.Required("initiate_flow")] = {vol.Required("user"): _text, str: _text}
    return vol.All(vol.Schema(schema), _steps_have_their_fields)


STRINGS = vol.Schema(
    {
        vol.Optional("title"): _text,
        vol.Optional("config"): _flow(),
        vol.Optional("config_subentries"): cv.schema_with_slug_keys(_flow(subentry=True), slug_validator=cv.slug),
        vol.Optional("options"): _flow(),
        vol.Optional("selector"): cv.schema_with_slug_keys(
            {vol.Optional("options"): cv.schema_with_slug_keys(_text, slug_validator=_key)}, slug_validator=cv.slug
        ),
        vol.Optional("issues"): cv.schema_with_slug_keys(
            {vol.Required("title"): _text, vol.Required("description"): _text}, slug_validator=cv.slug
        ),
        vol.Optional("entity"): cv.schema_with_slug_keys(
            cv.schema_with_slug_keys({vol.Optional("name"): _text}, slug_validator=_key), slug_validator=cv.slug
        ),
        vol.Optional("device"): cv.schema_with_slug_keys({vol.Optional("name"): _text}, slug_validator=_key),
        vol.Optional("exceptions"): cv.schema_with_slug_keys({vol.Required("message"): _text}, slug_validator=cv.slug),
    }
)
"""The parts of Home Assistant's translation schema (hassfest's ``translations`` plugin) this integration uses."""


async def rendered(hass: HomeAssistant, language: str, path: str, **placeholders: str) -> str:
    """Return the text Home Assistant shows for ``path`` (e.g. ``config.abort.reauth_successful``) in ``language``."""
    category = path.split(".", maxsplit=1)[0]
    texts = await async_get_translations(hass, language, category, [DOMAIN])
    key = f"component.{DOMAIN}.{path}"
    assert key in texts, f"{language}: no text for {path}"
    text = texts[key].format(**placeholders)
    assert "{" not in text, f"{language}: {path} leaves a placeholder: {text}"
    return text
