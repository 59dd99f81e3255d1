"""Alibaba Cloud Model Studio (DashScope): CosyVoice, Qwen-TTS realtime and Sambert, one API key per region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import ClientSession

from ..models import Deadlines
from ..provider import TtsProvider
from ..registry import Cloud, Field, SignIn, register
from . import catalog
from .account import DashScopeAccount
from .provider import DashScopeProvider

__all__ = ["CLOUD", "DashScopeAccount", "DashScopeProvider"]


def _provider(data: Mapping[str, Any], session: ClientSession, deadlines: Deadlines | None) -> TtsProvider:
    account = DashScopeAccount(
        str(data.get("api_key") or ""),
        region=data.get("region") or catalog.BEIJING,
        workspace=data.get("workspace") or None,
        endpoint=data.get("endpoint") or None,
    )
    return DashScopeProvider(account, session, deadlines=deadlines)


CLOUD = Cloud(
    id="dashscope",
    name="Alibaba Cloud Model Studio",
    product=("Model Studio", "阿里云百炼"),
    manufacturer="Alibaba Cloud",
    url="https://www.alibabacloud.com/product/model-studio",
    catalog=catalog.CATALOG,
    default_region=catalog.BEIJING,
    sign_ins=(
        SignIn(
            "dashscope",
            (
                Field("api_key", secret=True, env="DASHSCOPE_API_KEY"),
                Field("workspace", optional=True, env="DASHSCOPE_WORKSPACE", names_account=True),
            ),
        ),
    ),
    endpoints=("endpoint",),
    make_provider=_provider,
)
register(CLOUD)
