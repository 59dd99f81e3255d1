"""Start-up: providers from the settings, credentials checked, voices described, then serve."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from functools import partial
from urllib.parse import urlparse

import aiohttp
from wyoming.event import Event
from wyoming.info import Attribution, Info, TtsProgram

from cloud_tts_engine import TtsError, __version__, cloud

from .announcer import announced
from .handler import CloudTtsHandler
from .listener import Listener
from .reachability import Reachability
from .settings import Preset, ServerSettings, SettingsError
from .voices import Account, VoiceDirectory, apply_preset

_LOGGER = logging.getLogger(__name__)

PROGRAM = "cloud-tts"
PROJECT = Attribution(name="Cloud TTS for Home Assistant and Wyoming", url="https://github.com/cloud-tts/cloud-tts")


def describe(directory: VoiceDirectory) -> Event:
    """Return the info event: one TTS program with every voice, streaming."""
    program = TtsProgram(
        name=PROGRAM,
        attribution=PROJECT,
        installed=True,
        description="Alibaba Cloud Model Studio and Huawei Cloud SIS voices",
        version=__version__,
        voices=directory.describe(),
        supports_synthesize_streaming=True,
    )
    return Info(tts=[program]).event()


@contextlib.asynccontextmanager
async def accounts(
    settings: ServerSettings, session: aiohttp.ClientSession, environ: Mapping[str, str], reachability: Reachability
) -> AsyncIterator[list[Account]]:
    """Yield the configured accounts, their credentials and defaults checked (a handshake each, nothing paid).

    A service that cannot be reached is noted in ``reachability``; one that refuses the credentials stops start-up.
    """
    made: list[Account] = []
    try:
        for index, config in enumerate(settings.providers, 1):
            where = _where(settings, index)
            try:
                spec = cloud(config.provider)
                data = spec.data_from_environment(environ, **config.account_settings())
                region = data["region"]
                if any((a.settings.provider, a.region) == (config.provider, region) for a in made):
                    raise SettingsError(f"{where}: {config.provider} in {region} is configured twice")
                made.append(Account(config, spec, spec.provider(data, session), region))
                _check_defaults(made[-1], settings.presets)
            except TtsError as err:
                raise SettingsError(f"{where}: {err}") from err
        for index, served in enumerate(made, 1):  # only when every setting is right: the handshakes
            await reachability.check(served, _where(settings, index))
        await asyncio.gather(*(_keep_ready(a) for a in made if a.provider not in reachability.unreachable))
        yield made
    finally:
        await asyncio.gather(*(account.provider.close() for account in made))


async def _keep_ready(account: Account) -> None:
    """Keep a connection ready for every family the account serves, so that no reply waits for a handshake."""
    try:
        await account.provider.keep_ready(account.defaults(), every_family=True)
    except TtsError as err:  # the replies meet it, or a later reply's connection succeeds
        _LOGGER.warning("%s: could not open a connection ahead: %s", account.label, err)


def _where(settings: ServerSettings, index: int) -> str:
    provider = settings.providers[index - 1].provider
    return provider if len(settings.providers) == 1 else f"provider #{index} ({provider})"


def _check_defaults(account: Account, presets: tuple[Preset, ...]) -> None:
    """Refuse defaults or presets no reply could use (a wrong voice, model, rate or speed); nothing is sent."""
    account.provider.audio_format(account.defaults())
    for preset in presets:
        try:
            options = apply_preset(account.defaults(), replace(preset, instructions=None))
        except TtsError as err:
            raise SettingsError(f"[presets.{preset.name}]: {err}") from err
        account.provider.audio_format(options)


async def serve(
    settings: ServerSettings, environ: Mapping[str, str] = os.environ, *, ready: asyncio.Future[str] | None = None
) -> None:
    """Run the server until cancelled; ``ready`` gets the URI it listens on."""
    reachability = Reachability()
    # Every stream holds a WebSocket: no cap (aiohttp's default of 100 would queue the 101st stream).
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session,
        accounts(settings, session, environ, reachability) as configured,
    ):
        directory = VoiceDirectory(configured, settings.presets, settings.fallbacks)
        info = describe(directory)
        listener = Listener(
            partial(
                CloudTtsHandler,
                info=info,
                directory=directory,
                limits=settings.limits,
                unreachable=reachability.unreachable,
            )
        )
        try:
            uri = await listener.start(settings.uri)
        except OSError as err:
            raise SettingsError(f"Cannot listen on {settings.uri}: {err.strerror}") from err
        limits = settings.limits
        _LOGGER.info(
            "Serving %d voices at %s (connections idle %g s are closed; writes unread %g s time out)",
            len(directory.entries),
            uri,
            limits.idle_timeout,
            limits.write_timeout,
        )
        async with contextlib.AsyncExitStack() as announcements:
            if settings.zeroconf is not None:
                await announcements.enter_async_context(_announced(settings))
            if ready is not None:
                ready.set_result(uri)
            rechecks = [
                asyncio.create_task(reachability.recheck(account, _where(settings, index)))
                for index, account in enumerate(configured, 1)
            ]
            try:
                await asyncio.gather(*rechecks)  # a recheck finding the credentials refused stops the server
                await asyncio.Event().wait()
            finally:
                for recheck in rechecks:
                    recheck.cancel()
                await asyncio.gather(*rechecks, return_exceptions=True)
                await listener.stop()


@contextlib.asynccontextmanager
async def _announced(settings: ServerSettings) -> AsyncIterator[None]:
    """Announce the server over mDNS (``_wyoming._tcp``) while it runs; say goodbye after."""
    url = urlparse(settings.uri)
    if url.scheme != "tcp" or url.port is None or settings.zeroconf is None:
        raise SettingsError("--zeroconf needs a tcp:// --uri with a port")
    host = url.hostname if url.hostname not in (None, "0.0.0.0", "") else None  # noqa: S104 - compared, not bound
    try:
        async with announced(settings.zeroconf, url.port, host):
            yield
    except OSError as err:
        raise SettingsError(f"--zeroconf: cannot announce on the network: {err.strerror}") from err
