"""The account a config entry holds: its engine account, who signs in, its identity, its title."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from homeassistant.const import CONF_API_KEY, CONF_PASSWORD, CONF_USERNAME

from .const import (
    CONF_ACCESS_KEY,
    CONF_DOMAIN_NAME,
    CONF_ENDPOINT,
    CONF_IAM_ENDPOINT,
    CONF_PROJECT_ID,
    CONF_PROVIDER,
    CONF_REGION,
    CONF_SECRET_KEY,
    CONF_WORKSPACE,
    DASHSCOPE,
)
from .engine import AccessKey, DashScopeAccount, HuaweiAccount, IamUser
from .engine.accounts import CATALOGS
from .names import in_chinese, unique_name

type Account = DashScopeAccount | HuaweiAccount

# IAM user and account names hold letters, digits, spaces, "-", "_" and "." and do not start
# with a digit; an e-mail address or a phone number is a HUAWEI ID's sign-in name instead.
_HUAWEI_ID = re.compile(r"@|^\+?[0-9]")

SIGN_IN_FIELDS = (
    CONF_PROVIDER,
    CONF_REGION,
    CONF_API_KEY,
    CONF_WORKSPACE,
    CONF_DOMAIN_NAME,
    CONF_USERNAME,
    CONF_ACCESS_KEY,
    CONF_PROJECT_ID,
)
"""What tells one sign-in from another (secrets that only prove it, like a password or SK, are left out)."""

_PRODUCTS = {DASHSCOPE: ("Model Studio", "阿里云百炼")}
_HUAWEI_PRODUCT = ("Huawei Cloud SIS", "华为云 SIS")
_MANUFACTURERS = {DASHSCOPE: "Alibaba Cloud"}


def account_from_data(data: Mapping[str, Any]) -> Account:
    """Return the engine account of a config entry's data (raises the engine's errors if incomplete)."""
    endpoint = data.get(CONF_ENDPOINT) or None
    if data[CONF_PROVIDER] == DASHSCOPE:
        return DashScopeAccount(
            data[CONF_API_KEY], region=data[CONF_REGION], workspace=data.get(CONF_WORKSPACE) or None, endpoint=endpoint
        )
    credentials: IamUser | AccessKey
    if CONF_ACCESS_KEY in data:
        credentials = AccessKey(data[CONF_ACCESS_KEY], data[CONF_SECRET_KEY])
    else:
        credentials = IamUser(data[CONF_DOMAIN_NAME], data[CONF_USERNAME], data[CONF_PASSWORD])
    return HuaweiAccount(
        credentials,
        region=data[CONF_REGION],
        project_id=data.get(CONF_PROJECT_ID) or None,
        endpoint=endpoint,
        iam_endpoint=data.get(CONF_IAM_ENDPOINT) or None,
    )


def unique_id_of(data: Mapping[str, Any], identity: str | None) -> str | None:
    """Return the entry's unique ID: the account's identity as the service tells it, if it tells one.

    Huawei Cloud names the project (one account in one region), which stays when passwords or keys change.
    Model Studio tells nothing about the account behind a key, so its entries have no unique ID; the same
    sign-in is still refused twice (:func:`same_sign_in`).
    """
    return f"{data[CONF_PROVIDER]}-{identity}" if identity else None


def same_sign_in(data: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Tell whether two entries' data sign in the same way (same service, region, key or user, project)."""
    return all((data.get(key) or None) == (other.get(key) or None) for key in SIGN_IN_FIELDS)


def manufacturer_of(data: Mapping[str, Any]) -> str:
    """Return the cloud that runs the account's service."""
    return _MANUFACTURERS.get(data[CONF_PROVIDER], "Huawei Cloud")


def product_of(data: Mapping[str, Any], language: str) -> str:
    """Return the service's name, in Chinese for a Chinese-speaking Home Assistant."""
    english, chinese = _PRODUCTS.get(data[CONF_PROVIDER], _HUAWEI_PRODUCT)
    return chinese if in_chinese(language) else english


def region_name(data: Mapping[str, Any], language: str) -> str:
    """Return the name of the account's region, in Chinese for a Chinese-speaking Home Assistant."""
    catalog = CATALOGS[data[CONF_PROVIDER]]
    region = data[CONF_REGION]
    if in_chinese(language) and region in catalog.local_region_names:
        return catalog.local_region_names[region]
    return catalog.region_names[region]


def entry_title(data: Mapping[str, Any], language: str, taken: Collection[str] = ()) -> str:
    """Return a title for the account that no other entry (``taken``) has.

    The service and its region; where another account has that, who signs in (an IAM user's account name,
    a workspace; an access key's project), else a number.
    """
    title = f"{product_of(data, language)} {region_name(data, language)}"
    who = data.get(CONF_DOMAIN_NAME) or data.get(CONF_WORKSPACE) or data.get(CONF_PROJECT_ID)
    return unique_name(title, who, taken)


def looks_like_huawei_id(name: str) -> bool:
    """Tell whether a sign-in name is a HUAWEI ID's (e-mail or phone) rather than an IAM name."""
    return bool(_HUAWEI_ID.search(name.strip()))
