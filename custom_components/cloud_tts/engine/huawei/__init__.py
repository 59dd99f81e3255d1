"""Huawei Cloud SIS: streaming TTS and real-time TTS, signed in with an IAM user or an access key per region."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aiohttp import ClientSession

from ..models import Deadlines
from ..provider import TtsProvider
from ..registry import Cloud, Field, SignIn, register
from . import catalog
from .account import AccessKey, HuaweiAccount, IamUser
from .provider import HuaweiProvider

__all__ = ["CLOUD", "AccessKey", "HuaweiAccount", "HuaweiProvider", "IamUser"]

# IAM user and account names hold letters, digits, spaces, "-", "_" and "." and do not start
# with a digit; an e-mail address or a phone number is a HUAWEI ID's sign-in name instead.
_HUAWEI_ID = re.compile(r"@|^\+?[0-9]")


def _huawei_id(data: Mapping[str, Any]) -> str | None:
    """Refuse a HUAWEI ID (e-mail or phone) where an IAM account or user name belongs: it cannot get tokens."""
    names = (str(data.get(key) or "").strip() for key in ("domain_name", "username"))
    return "huawei_id" if any(_HUAWEI_ID.search(name) for name in names) else None


def _provider(data: Mapping[str, Any], session: ClientSession, deadlines: Deadlines | None) -> TtsProvider:
    credentials: IamUser | AccessKey
    if data.get("access_key") or data.get("secret_key"):
        credentials = AccessKey(str(data.get("access_key") or ""), str(data.get("secret_key") or ""))
    else:
        credentials = IamUser(
            str(data.get("domain_name") or ""), str(data.get("username") or ""), str(data.get("password") or "")
        )
    account = HuaweiAccount(
        credentials,
        region=data.get("region") or catalog.BEIJING4,
        project_id=data.get("project_id") or None,
        endpoint=data.get("endpoint") or None,
        iam_endpoint=data.get("iam_endpoint") or None,
    )
    return HuaweiProvider(account, session, deadlines=deadlines)


CLOUD = Cloud(
    id="huawei",
    name="Huawei Cloud SIS",
    product=("Huawei Cloud SIS", "华为云 SIS"),
    manufacturer="Huawei Cloud",
    url="https://www.huaweicloud.com/product/sis.html",
    catalog=catalog.CATALOG,
    default_region=catalog.BEIJING4,
    sign_ins=(
        SignIn(
            "huawei_iam",
            (
                Field("domain_name", env="HUAWEICLOUD_IAM_DOMAIN", names_account=True),
                Field("username", env="HUAWEICLOUD_IAM_USER"),
                Field("password", secret=True, env="HUAWEICLOUD_IAM_PASSWORD", identifies=False),
                Field("project_id", optional=True),
            ),
            refuse=_huawei_id,
        ),
        SignIn(
            "huawei_access_key",
            (
                Field("access_key", env="HUAWEICLOUD_SDK_AK"),
                Field("secret_key", secret=True, env="HUAWEICLOUD_SDK_SK", identifies=False),
                Field("project_id", names_account=True),
            ),
        ),
    ),
    endpoints=("endpoint", "iam_endpoint"),
    make_provider=_provider,
)
register(CLOUD)
