"""The account a config entry holds: its cloud and provider, who signs in, its identity, its title."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from aiohttp import ClientSession

from .const import CONF_PROVIDER, CONF_REGION
from .engine import Cloud, TtsProvider, cloud
from .names import in_chinese, unique_name


def cloud_of(data: Mapping[str, Any]) -> Cloud:
    """Return the cloud of a config entry's data."""
    return cloud(data[CONF_PROVIDER])


def provider_of(data: Mapping[str, Any], session: ClientSession) -> TtsProvider:
    """Return the provider of a config entry's data (raises the engine's errors, before any I/O, if incomplete)."""
    return cloud_of(data).provider(data, session)


def unique_id_of(data: Mapping[str, Any], identity: str | None) -> str | None:
    """Return the entry's unique ID: the account's identity as the service tells it, if it tells one.

    Huawei Cloud names the project (one account in one region), which stays when passwords or keys change.
    Model Studio tells nothing about the account behind a key, so its entries have no unique ID; the same
    sign-in is still refused twice (:func:`same_sign_in`).
    """
    return f"{data[CONF_PROVIDER]}-{identity}" if identity else None


def same_sign_in(data: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Tell whether two entries' data sign in the same way: same cloud and region, same key, user or project."""
    if (data[CONF_PROVIDER], data[CONF_REGION]) != (other.get(CONF_PROVIDER), other.get(CONF_REGION)):
        return False
    sign_in = cloud_of(data).sign_in_of(data)
    keys = [field.key for field in sign_in.fields if field.identifies]
    return all((data.get(key) or None) == (other.get(key) or None) for key in keys)


def manufacturer_of(data: Mapping[str, Any]) -> str:
    """Return the company that runs the account's service."""
    return cloud_of(data).manufacturer


def region_name(data: Mapping[str, Any], language: str) -> str:
    """Return the name of the account's region, in Chinese for a Chinese-speaking Home Assistant."""
    catalog = cloud_of(data).catalog
    region = data[CONF_REGION]
    if in_chinese(language) and region in catalog.local_region_names:
        return catalog.local_region_names[region]
    return catalog.region_names[region]


def entry_title(data: Mapping[str, Any], language: str, taken: Collection[str] = ()) -> str:
    """Return a title for the account that no other entry (``taken``) has.

    The service and its region; where another account has that, what names the account (an IAM user's account
    name, a workspace, a project), else a number.
    """
    spec = cloud_of(data)
    english, chinese = spec.product
    title = f"{chinese if in_chinese(language) else english} {region_name(data, language)}"
    names = (field.key for field in spec.sign_in_of(data).fields if field.names_account)
    return unique_name(title, next((str(data[key]) for key in names if data.get(key)), None), taken)
