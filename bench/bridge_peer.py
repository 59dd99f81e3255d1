"""A peer for the bridge comparison: ``wyoming-openai`` (a Wyoming server in front of an OpenAI-compatible speech
endpoint), run as its README shows, in front of the fake endpoint of ``tests/fakes/openai_speech.py``.

It is asked as the Wyoming server is (:mod:`.paths.wyoming`): the real
``wyoming`` client, a connection per reply. Its voice is a non-streaming one
(the fake is a plain ``/v1/audio/speech``), so a streamed text is spoken once
it has all arrived, as the bridge does for such voices.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

from .paths.wyoming import WyomingPath
from .processes import child
from .tls import Trust

VOICE = "alloy"
MODEL = "tts-1"
START_TIMEOUT = 30.0


@contextlib.asynccontextmanager
async def open_path(endpoint: str, trust: Trust | None = None) -> AsyncIterator[WyomingPath]:
    """``wyoming-openai`` in its own process, serving :data:`VOICE` from the speech endpoint at ``endpoint``
    (trusting ``trust``'s CA through the environment)."""
    port = _free_port()
    args = ["-m", "wyoming_openai", "--uri", f"tcp://127.0.0.1:{port}", "--tts-openai-url", endpoint]
    args += ["--tts-openai-key", "sk-test", "--tts-models", MODEL, "--tts-voices", VOICE, "--tts-backend", "OPENAI"]
    env = None if trust is None else trust.env()
    async with child(args, r"Starting server at (tcp://\S+)", env) as bridge:
        await _until_listening(port)
        path = WyomingPath(bridge.address, bridge.pid)
        path.name = "wyoming-openai"
        yield path


def _free_port() -> int:
    """A loopback port free now (the bridge takes no port 0: it names the port it was given)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _until_listening(port: int) -> None:
    """Wait (within ``START_TIMEOUT``) until the bridge accepts connections on ``port``."""
    async with asyncio.timeout(START_TIMEOUT):
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            return
