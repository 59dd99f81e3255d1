"""The account a config entry holds: its engine account, its identity, its title."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
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
    HUAWEI,
)
from .engine import AccessKey, DashScopeAccount, HuaweiAccount, IamUser
from .engine.accounts import CATALOGS

type Account = DashScopeAccount | HuaweiAccount

# IAM user and account names hold letters, digits, spaces, "-", "_" and "." and do not start
# with a digit; an e-mail address or a phone number is a HUAWEI ID's sign-in name instead.
_HUAWEI_ID = re.compile(r"@|^\+?[0-9]")


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


def unique_id_of(account: Account) -> str:
    """Return the entry's unique ID: provider, region and who signs in (keys only by their hash)."""
    if isinstance(account, DashScopeAccount):
        who = _digest(account.api_key)
        if account.workspace:
            who = f"{who}-{account.workspace}"
        return f"{DASHSCOPE}-{account.region}-{who}"
    credentials = account.credentials
    if isinstance(credentials, AccessKey):
        who = _digest(credentials.access_key)
    else:
        who = f"{credentials.domain}-{credentials.user}".lower()
    return f"{HUAWEI}-{account.region}-{who}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def manufacturer_of(account: Account) -> str:
    """Return the cloud that runs the account's service."""
    return "Alibaba Cloud" if isinstance(account, DashScopeAccount) else "Huawei Cloud"


def product_of(account: Account) -> str:
    """Return the service's name."""
    return "Model Studio" if isinstance(account, DashScopeAccount) else "Huawei Cloud SIS"


def entry_title(account: Account) -> str:
    """Return the entry's (and its device's) title: the service and its region."""
    provider = DASHSCOPE if isinstance(account, DashScopeAccount) else HUAWEI
    return f"{product_of(account)} {CATALOGS[provider].region_names[account.region]}"


def looks_like_huawei_id(name: str) -> bool:
    """Tell whether a sign-in name is a HUAWEI ID's (e-mail or phone) rather than an IAM name."""
    return bool(_HUAWEI_ID.search(name.strip()))
