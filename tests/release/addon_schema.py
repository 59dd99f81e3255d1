"""The rules the Supervisor applies to an add-on's files, as its developer documentation states them.

Written from the documented rules (config.yaml, build.yaml, translations/*.yaml, repository.yaml), not copied:
an add-on the Supervisor cannot read is skipped with a log line, so the store shows an empty repository.
"""

from __future__ import annotations

import re
from typing import Any

import voluptuous as vol

ARCHITECTURES = ("aarch64", "amd64")  # what Home Assistant supports (the 32-bit ones are gone)
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
SLUG = re.compile(r"^[a-z0-9_]+$")
PORT = re.compile(r"^\d{1,5}/(tcp|udp)$")
WATCHDOG = re.compile(r"^(https?|tcp)://\[HOST\]:(\[PORT:\d+\]|\d+)")
IMAGE = re.compile(r"^[a-z0-9.\-]+(/[a-z0-9._\-{}]+)+(:[\w.\-]+)?$")
# An option's type: bool, email, url, port, match(RE), list(A|B), str/password/int/float with an optional
# (min,max) range, device(subsystem=…); "?" after any of them makes the option optional.
_NUMBER = r"-?\d*\.?\d+"
OPTION_TYPE = re.compile(
    r"^(bool|email|url|port|match\(.+\)|list\(.+\)|device(\(subsystem=[a-z]+\))?"
    rf"|(str|password)(\(\d*,\d*\))?|int(\(-?\d*,-?\d*\))?|float(\(({_NUMBER})?,({_NUMBER})?\))?)\??$"
)

CONFIG = vol.Schema(
    {
        vol.Required("name"): vol.All(str, vol.Length(min=1)),
        vol.Required("version"): vol.Match(VERSION),
        vol.Required("slug"): vol.Match(SLUG),
        vol.Required("description"): vol.All(str, vol.Length(min=1)),
        vol.Required("arch"): vol.All([vol.In(ARCHITECTURES)], vol.Length(min=1)),
        vol.Optional("url"): vol.Url(),
        vol.Optional("homeassistant"): vol.Match(VERSION),
        vol.Optional("init"): bool,
        vol.Optional("startup"): vol.In(["initialize", "system", "services", "application", "once"]),
        vol.Optional("boot"): vol.In(["auto", "manual", "manual_only"]),
        vol.Optional("discovery"): [str],
        vol.Optional("ports"): {vol.Match(PORT): vol.Any(None, vol.All(int, vol.Range(min=1, max=65535)))},
        vol.Optional("watchdog"): vol.Match(WATCHDOG),
        vol.Optional("image"): vol.Match(IMAGE),
        vol.Optional("options"): dict,
        vol.Optional("schema"): {str: vol.Match(OPTION_TYPE)},
    },
    extra=vol.PREVENT_EXTRA,  # stricter than the Supervisor, which drops an unknown key silently
)

BUILD = vol.Schema(
    {
        vol.Required("build_from"): {vol.In(ARCHITECTURES): vol.Match(IMAGE)},
        vol.Optional("args"): {str: str},
        vol.Optional("labels"): {str: str},
    },
    extra=vol.PREVENT_EXTRA,
)

_FIELD = vol.Schema({vol.Required("name"): str, vol.Optional("description"): vol.Any(None, str)})
TRANSLATIONS = vol.Schema(
    {vol.Optional("configuration"): {str: _FIELD}, vol.Optional("network"): {vol.Match(PORT): str}},
    extra=vol.PREVENT_EXTRA,
)

REPOSITORY = vol.Schema(
    {vol.Required("name"): str, vol.Optional("url"): vol.Url(), vol.Optional("maintainer"): str},
    extra=vol.PREVENT_EXTRA,
)


def option_problems(config: dict[str, Any]) -> list[str]:
    """Return what is wrong between the options and their schema (each option typed, each default fitting)."""
    options, schema = config.get("options", {}), config.get("schema", {})
    problems = [f"option {name} has no type in schema" for name in options if name not in schema]
    for name, kind in schema.items():
        optional = kind.endswith("?")
        if name not in options:
            if not optional:
                problems.append(f"required option {name} has no default")
            continue
        if not _fits(options[name], kind.rstrip("?"), optional=optional):
            problems.append(f"option {name}: default {options[name]!r} is not a {kind}")
    return problems


def _fits(value: object, kind: str, *, optional: bool) -> bool:
    base, _, bounds = kind.partition("(")
    if value == "" and optional:  # an empty text is a value: only a text option takes it
        return base in ("str", "password")
    low, _, high = bounds.rstrip(")").partition(",")
    if base == "bool":
        return isinstance(value, bool)
    if base == "list":
        return value in low.split("|")
    if base in ("int", "float"):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        whole = base == "float" or isinstance(value, int)
        in_range = number and (not low or float(low) <= value) and (not high or value <= float(high))  # type: ignore[operator]
        return bool(whole and in_range)
    return isinstance(value, str)
