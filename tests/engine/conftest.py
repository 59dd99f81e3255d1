"""Fixtures: providers pointed at the fake Model Studio."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from cloud_tts_engine import Deadlines, TtsProvider
from cloud_tts_engine.dashscope import DashScopeAccount
from cloud_tts_engine.dashscope.cosyvoice import CosyVoiceProvider
from tests.fakes import FakeDashScope

FAST = Deadlines(connect=2.0, task_start=2.0, audio_gap=2.0, text_pause=1.5, warm_socket=30.0)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def make_provider(fake: FakeDashScope, session: aiohttp.ClientSession) -> AsyncIterator[Callable[..., Any]]:
    """Make a provider of ``kind`` (default CosyVoice) pointed at the fake; closed after the test."""
    providers: list[TtsProvider] = []

    def make(
        kind: type[TtsProvider] = CosyVoiceProvider,
        *,
        api_key: str = "sk-test",
        region: str = "cn-beijing",
        deadlines: Deadlines = FAST,
        **kwargs: Any,
    ) -> Any:
        account = DashScopeAccount(api_key, region=region, endpoint=fake.url)
        provider = kind(account, session, deadlines=deadlines, **kwargs)  # type: ignore[call-arg]
        providers.append(provider)
        return provider

    yield make
    for provider in providers:
        await provider.close()


@pytest.fixture
def provider(make_provider: Callable[..., CosyVoiceProvider]) -> CosyVoiceProvider:
    return make_provider()
