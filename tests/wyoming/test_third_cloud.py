"""A third cloud registered by a test alone is served by the Wyoming server: described, and spoken."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize, SynthesizeVoice

import cloud_tts_engine
from tests.toy_cloud import TOKEN, register_toy, toy_pcm
from wyoming_server.server import serve
from wyoming_server.settings import ProviderSettings, ServerSettings, SettingsError

from .test_server import client, read_reply


@pytest.fixture
def toy() -> Iterator[Any]:
    spec = register_toy(cloud_tts_engine)
    yield spec
    cloud_tts_engine.unregister(spec.id)


async def test_the_server_describes_and_speaks_a_registered_cloud(toy: Any, start_server: Callable[..., Any]) -> None:
    uri = await start_server(ProviderSettings("toy", voice="pip"), env={"TOY_TOKEN": TOKEN})
    async with client(uri) as tts:
        await tts.write_event(Describe().event())
        info = Info.from_event(await asyncio.wait_for(tts.read_event(), timeout=1))  # type: ignore[arg-type]
        [program] = info.tts
        assert [voice.name for voice in program.voices] == ["pip", "squeak"]
        assert program.voices[0].attribution.name == "Toy Cloud TTS"

        await tts.write_event(Synthesize(text="hi there", voice=SynthesizeVoice(name="squeak")).event())
        start, audio, error = await read_reply(tts)
    assert error is None
    assert start is not None and start.rate == 16000
    assert audio == toy_pcm("hi there")


async def test_a_token_the_toy_service_refuses_stops_the_server(toy: Any) -> None:
    settings = ServerSettings(uri="tcp://127.0.0.1:0", providers=(ProviderSettings("toy"),))
    with pytest.raises(SettingsError, match=r"^toy: The toy service refused the token$"):
        await asyncio.wait_for(serve(settings, {"TOY_TOKEN": "wrong"}), timeout=10)
