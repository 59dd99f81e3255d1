"""A third cloud, made by a test alone: a spec and a provider backed by a tiny in-memory fake service.

It proves that a cloud plugs in through the engine's registry only: the config flow, the Wyoming server and
the command line offer it with no edit anywhere else.
"""

from __future__ import annotations

import types
from collections.abc import AsyncGenerator, AsyncIterable, Mapping
from typing import Any

from aiohttp import ClientSession

TOKEN = "toy-token"
IDENTITY = "toy-account-1"
RATE = 16000


def toy_pcm(text: str) -> bytes:
    """The toy service's audio: one 10 ms frame per non-blank character, its value the character's code."""
    return b"".join(ord(char).to_bytes(2, "little") * (RATE // 100) for char in text if not char.isspace())


def register_toy(engine: types.ModuleType) -> Any:
    """Register the toy cloud with ``engine`` (``cloud_tts_engine`` or the integration's copy); return its spec."""
    region = "toy-north-1"
    model = engine.Model("toy-model", "Toy Model", "toy", "toy", (region,), (RATE,), RATE)
    voices = {
        voice_id: engine.preset_voice(model, (voice_id, local, described, name, None, ("en-US", "zh-CN")))
        for voice_id, local, described, name in (
            ("pip", "皮普", "小机器人声", "Pip (small robot)"),
            ("squeak", "吱吱", "小老鼠声", "Squeak (mouse)"),
        )
    }
    catalog = engine.Catalog(
        {model.id: model}, {model.id: voices}, {region: "Toy North 1"}, {"toy": "Toy"}, {region: "玩具北一"}
    )

    class ToyProvider(engine.TtsProvider):  # type: ignore[misc, name-defined]
        """Speaks by the toy service's rule, in memory."""

        name = "toy"

        def __init__(self, data: Mapping[str, Any]) -> None:
            if not data.get("token"):
                raise engine.AuthenticationError("Give the toy token")
            self.token = data["token"]
            self.spoken: list[str] = []

        def models(self) -> list[Any]:
            return [model]

        def voices(self) -> list[Any]:
            return list(voices.values())

        async def validate_credentials(self) -> str:
            if self.token != TOKEN:
                raise engine.AuthenticationError("The toy service refused the token")
            return IDENTITY

        def audio_format(self, options: Any = None) -> Any:
            voice = (options or engine.SynthesisOptions()).voice
            if voice is not None and voice not in voices:
                raise engine.InvalidRequestError(f"Unknown toy voice '{voice}'")
            return engine.AudioFormat(RATE)

        def synthesize(self, text: Any, options: Any = None) -> Any:
            audio_format = self.audio_format(options)

            async def pcm() -> AsyncGenerator[bytes, None]:
                if self.token != TOKEN:
                    raise engine.AuthenticationError("The toy service refused the token")
                chunks = [text] if isinstance(text, str) else [chunk async for chunk in _chunks(text)]
                for chunk in chunks:
                    self.spoken.append(chunk)
                    if audio := toy_pcm(chunk):
                        yield audio

            return engine.AudioStream(audio_format, pcm())

        async def close(self) -> None:
            return None

    def make_provider(data: Mapping[str, Any], session: ClientSession, deadlines: Any) -> Any:
        del session, deadlines
        return ToyProvider(data)

    spec = engine.Cloud(
        id="toy",
        name="Toy Cloud TTS",
        product=("Toy TTS", "玩具语音"),
        manufacturer="Toy Corp",
        url="https://toy.invalid",
        catalog=catalog,
        default_region=region,
        sign_ins=(engine.SignIn("toy_token", (engine.Field("token", secret=True, env="TOY_TOKEN"),)),),
        endpoints=(),
        make_provider=make_provider,
    )
    engine.register(spec)
    return spec


async def _chunks(text: AsyncIterable[str]) -> AsyncGenerator[str, None]:
    async for chunk in text:
        yield chunk
