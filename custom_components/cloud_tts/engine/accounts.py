"""Accounts from the environment: what the command lines (engine CLI, Wyoming server) share.

Secrets come only from environment variables, never from flags:
``DASHSCOPE_API_KEY`` (and ``DASHSCOPE_WORKSPACE``) for Model Studio;
``HUAWEICLOUD_SDK_AK`` + ``HUAWEICLOUD_SDK_SK``, or ``HUAWEICLOUD_IAM_DOMAIN`` +
``HUAWEICLOUD_IAM_USER`` + ``HUAWEICLOUD_IAM_PASSWORD``, for Huawei Cloud.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import ClientSession

from . import dashscope_catalog, huawei_catalog
from .catalog import Catalog
from .dashscope import DashScopeAccount
from .dashscope_provider import DashScopeProvider
from .errors import AuthenticationError, InvalidRequestError
from .huawei import AccessKey, HuaweiAccount, IamUser
from .huawei_provider import HuaweiProvider
from .models import Deadlines
from .provider import TtsProvider

PROVIDERS = ("dashscope", "huawei")
DEFAULT_REGIONS = {"dashscope": dashscope_catalog.BEIJING, "huawei": huawei_catalog.BEIJING4}
CATALOGS: dict[str, Catalog] = {"dashscope": dashscope_catalog.CATALOG, "huawei": huawei_catalog.CATALOG}

Account = DashScopeAccount | HuaweiAccount


def account_from_environment(
    provider: str,
    environ: Mapping[str, str],
    *,
    region: str | None = None,
    endpoint: str | None = None,
    iam_endpoint: str | None = None,
    project_id: str | None = None,
) -> Account:
    """Build ``provider``'s account from the environment's secrets and the given settings."""
    region = region or DEFAULT_REGIONS.get(provider)
    if provider == "dashscope":
        key = environ.get("DASHSCOPE_API_KEY", "")
        if not key:
            raise AuthenticationError("Set DASHSCOPE_API_KEY to a Model Studio API key of the region")
        return DashScopeAccount(
            key, region=region or "", workspace=environ.get("DASHSCOPE_WORKSPACE") or None, endpoint=endpoint
        )
    if provider == "huawei":
        return HuaweiAccount(
            _huawei_credentials(environ),
            region=region or "",
            project_id=project_id,
            endpoint=endpoint,
            iam_endpoint=iam_endpoint,
        )
    raise InvalidRequestError(f"Unknown provider '{provider}'; use one of: {', '.join(PROVIDERS)}")


def _huawei_credentials(environ: Mapping[str, str]) -> IamUser | AccessKey:
    ak, sk = environ.get("HUAWEICLOUD_SDK_AK", ""), environ.get("HUAWEICLOUD_SDK_SK", "")
    if ak or sk:
        if not (ak and sk):
            raise AuthenticationError("Set both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK")
        return AccessKey(ak, sk)
    names = ("HUAWEICLOUD_IAM_DOMAIN", "HUAWEICLOUD_IAM_USER", "HUAWEICLOUD_IAM_PASSWORD")
    missing = [name for name in names if not environ.get(name)]
    if missing:
        raise AuthenticationError(
            f"Set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or {', '.join(names)} (missing: {', '.join(missing)})"
        )
    return IamUser(*(environ[name] for name in names))


def provider_for(account: Account, session: ClientSession, *, deadlines: Deadlines | None = None) -> TtsProvider:
    """Return the provider that speaks for ``account``."""
    if isinstance(account, DashScopeAccount):
        return DashScopeProvider(account, session, deadlines=deadlines)
    return HuaweiProvider(account, session, deadlines=deadlines)
