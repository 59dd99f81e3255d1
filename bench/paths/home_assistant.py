"""Path (c): the integration's TTS entity in a real Home Assistant, in this process.

Home Assistant is set up the way the integration's tests set it up
(pytest-homeassistant-custom-component's harness, a temporary config folder,
names resolved without zeroconf);
an account of the fake cloud with a voice subentry per family is added (an entity
each, as a user adds voices), and each reply is its voice entity's own stream
(``async_stream_tts_audio``), timed from the call to the first PCM after the WAV
header.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator
from unittest.mock import patch

from aiohttp import ThreadedResolver
from homeassistant import loader
from homeassistant.components import tts
from homeassistant.components.tts.const import DATA_COMPONENT
from homeassistant.components.tts.entity import TTSAudioRequest
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import frame
from homeassistant.util import ssl as ssl_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from cloud_tts_engine import TextInput, cloud
from custom_components.cloud_tts.const import DOMAIN

from ..tls import Trust
from .base import CLOUD_VOICES, Reply, account, now

QUIET = ("haffmpeg", "homeassistant.loader")
"""Loggers that would fill the report's console with warnings unrelated to it (no ffmpeg here; a custom integration)."""


class HomeAssistantPath:
    """Replies from the voice entities of a set-up account, one per voice as a user adds them."""

    name = "home assistant"

    def __init__(self, entities: dict[str, tts.TextToSpeechEntity]) -> None:
        """Speak each voice through its entity in ``entities``."""
        self.entities = entities
        self.pid = os.getpid()

    async def reply(self, text: TextInput, voice: str) -> Reply:
        """Speak ``text`` and time its first PCM (the header before it is not audio)."""
        started = now()
        request = TTSAudioRequest("zh-CN", {tts.ATTR_VOICE: voice}, _messages(text))
        first: float | None = None
        size = 0
        bytes_per_second = 1
        error: str | None = None
        try:
            response = await self.entities[voice].async_stream_tts_audio(request)
            chunks = aiter(response.data_gen)
            header = await anext(chunks)
            bytes_per_second = int.from_bytes(header[28:32], "little")  # the WAV header's byte rate
            async for pcm in chunks:
                first = first or now()
                size += len(pcm)
        except HomeAssistantError as err:
            error = repr(err)
        return Reply(started, first, size / bytes_per_second, error)


async def _messages(text: TextInput) -> AsyncGenerator[str]:
    if isinstance(text, str):
        yield text
        return
    async for chunk in text:
        yield chunk


def trust_in_home_assistant(trust: Trust) -> None:
    """Make Home Assistant's client SSL contexts trust ``trust``'s CA, in this process only.

    Home Assistant builds them from certifi's bundle (not OpenSSL's default paths, so
    SSL_CERT_FILE does not reach them) once, at import, and every client session it
    makes uses one of them; the CA is added to each.
    """
    for ciphers in ssl_util.SSLCipherList:
        for alpn in (ssl_util.SSL_ALPN_NONE, ssl_util.SSL_ALPN_HTTP11, ssl_util.SSL_ALPN_HTTP11_HTTP2):
            ssl_util.client_context(ciphers, alpn).load_verify_locations(cafile=trust.ca_file)


@contextlib.asynccontextmanager
async def open_path(
    endpoint: str, *, cloud_id: str = "dashscope", trust: Trust | None = None
) -> AsyncIterator[HomeAssistantPath]:
    """A Home Assistant with one account of the fake ``cloud_id`` at ``endpoint`` (trusting ``trust``'s CA)."""
    if trust is not None:
        trust_in_home_assistant(trust)
    with (
        tempfile.TemporaryDirectory(prefix="bench-ha-") as config_dir,
        # As the test harness does: names resolve without zeroconf (mDNS), which only loopback is used here.
        patch("homeassistant.helpers.aiohttp_client._async_make_resolver", return_value=_PlainResolver()),
    ):
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            for noisy in QUIET:
                logging.getLogger(noisy).setLevel(logging.CRITICAL)
            frame.async_setup(hass)
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)  # find custom_components/ on sys.path
            data = {"provider": cloud_id, **account(cloud_id, endpoint)}
            catalog = cloud(cloud_id).catalog
            voices = [
                {"model": catalog.model_of_voice(voice, data["region"]), "voice": voice}
                for voice in CLOUD_VOICES[cloud_id].values()
            ]
            entry = MockConfigEntry(
                domain=DOMAIN,
                title=cloud_id,
                data=data,
                subentries_data=[
                    ConfigSubentryData(subentry_type="voice", data=voice, title=voice["voice"], unique_id=None)
                    for voice in voices
                ],
            )
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            try:
                yield HomeAssistantPath(_voice_entities(hass, entry))
            finally:
                await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_stop(force=True)


class _PlainResolver(ThreadedResolver):
    """aiohttp's own resolver, closed when Home Assistant closes (as Home Assistant's resolver is)."""

    async def real_close(self) -> None:
        """Close the resolver."""
        await self.close()


def _voice_entities(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, tts.TextToSpeechEntity]:
    """Each voice subentry's entity, by its voice."""
    entities = {}
    for subentry in entry.subentries.values():
        entity_id = er.async_get(hass).async_get_entity_id("tts", DOMAIN, subentry.subentry_id)
        assert entity_id is not None
        entity = hass.data[DATA_COMPONENT].get_entity(entity_id)
        assert entity is not None
        entities[subentry.data["voice"]] = entity
    return entities
