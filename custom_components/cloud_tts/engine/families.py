"""One account at a service that offers several families of models, each with its own protocol."""

from __future__ import annotations

import asyncio
from abc import abstractmethod

from .models import AudioFormat, Model, SynthesisOptions, Voice
from .provider import TtsProvider
from .stream import AudioStream, TextInput


class FamilyRouter(TtsProvider):
    """A provider made of one provider per model family, sending each request to its family.

    The first family checks the credentials (one handshake serves them all).
    """

    def __init__(self, families: dict[str, TtsProvider]) -> None:
        """Route among ``families`` (family name → its provider)."""
        self._families = families

    @abstractmethod
    def _route(self, options: SynthesisOptions) -> tuple[str, SynthesisOptions]:
        """Return the family for ``options`` and the options with their model filled in."""

    def models(self) -> list[Model]:
        """Every family's models in the account's region."""
        return [model for family in self._families.values() for model in family.models()]

    def voices(self) -> list[Voice]:
        """Every family's system voices in the account's region, model by model."""
        return [voice for family in self._families.values() for voice in family.voices()]

    @property
    def warm_connections(self) -> int:
        """Connections open and waiting for the next reply, in every family."""
        return sum(family.warm_connections for family in self._families.values())

    async def validate_credentials(self) -> str | None:
        """Check the credentials with a handshake (no synthesis) and keep the connection warm."""
        return await next(iter(self._families.values())).validate_credentials()

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Open a connection for the family that will speak with ``options``."""
        family, routed = self._route(options or SynthesisOptions())
        await self._families[family].prewarm(routed)

    def audio_format(self, options: SynthesisOptions | None = None) -> AudioFormat:
        """Check ``options`` with the family of the requested model; return its reply's format."""
        family, routed = self._route(options or SynthesisOptions())
        return self._families[family].audio_format(routed)

    def synthesize(self, text: TextInput, options: SynthesisOptions | None = None) -> AudioStream:
        """Speak ``text`` with the family of the requested model."""
        family, routed = self._route(options or SynthesisOptions())
        return self._families[family].synthesize(text, routed)

    async def close(self) -> None:
        """Close every family's connections."""
        await asyncio.gather(*(family.close() for family in self._families.values()))
