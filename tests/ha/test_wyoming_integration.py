"""Home Assistant's own Wyoming integration speaks through our server (over TCP, to the fake cloud)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from homeassistant.components import tts
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.fakes import FakeDashScope, fake_pcm
from tests.wyoming.conftest import start_server  # noqa: F401 - the fixture
from wyoming_server.settings import ProviderSettings


async def test_a_streamed_reply_through_home_assistants_wyoming_tts(
    hass: HomeAssistant,
    fake: FakeDashScope,
    start_server: Callable[..., Any],  # noqa: F811
) -> None:
    assert await async_setup_component(hass, "homeassistant", {})  # conversation needs its exposed entities
    uri = await start_server(ProviderSettings("dashscope", endpoint=fake.url))
    host, port = uri.removeprefix("tcp://").rsplit(":", 1)
    entry = MockConfigEntry(domain="wyoming", data={"host": host, "port": int(port)})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    [entity_id] = hass.states.async_entity_ids("tts")

    options = {tts.ATTR_VOICE: "longanhuan", tts.ATTR_PREFERRED_FORMAT: "wav"}  # as satellites ask: no ffmpeg
    stream = tts.async_create_stream(hass, entity_id, language="zh-CN", options=options)

    async def llm() -> AsyncIterator[str]:
        yield "今天天气"
        yield "很好。"
        yield "我们出去走走吧。"

    stream.async_set_message_stream(llm())
    wav = b"".join([chunk async for chunk in stream.async_stream_result()])

    assert wav[:4] == b"RIFF"
    assert wav[44:] == fake_pcm("今天天气很好。我们出去走走吧。", 24000)
    assert fake.tasks[0].parameters["voice"] == "longanhuan"
    assert "".join(fake.tasks[0].texts) == "今天天气很好。我们出去走走吧。"
    await hass.config_entries.async_unload(entry.entry_id)
