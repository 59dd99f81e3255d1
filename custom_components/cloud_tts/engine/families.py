"""One account at a service that offers several families of models, each with its own protocol."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from .catalog import Catalog
from .errors import InvalidRequestError
from .models import AudioFormat, Model, SynthesisOptions, Voice
from .provider import TtsProvider
from .stream import AudioStream, TextInput


class FamilyRouter(TtsProvider):
    """A provider made of one provider per model family, sending each request to its family.

    A request goes to the family of its model; without a model, to the model that speaks its voice in the
    region (see :meth:`Catalog.model_of_voice`). The first family checks the credentials (one handshake
    serves them all).
    """

    def __init__(self, families: dict[str, TtsProvider], catalog: Catalog, region: str, service: str) -> None:
        """Route among ``families`` (family name → its provider) of ``catalog`` in ``region`` of ``service``."""
        self._families = families
        self._catalog = catalog
        self._region = region
        self._service = service

    def _route(self, options: SynthesisOptions) -> tuple[str, SynthesisOptions]:
        """Return the family for ``options`` and the options with their model filled in."""
        if options.model is None:
            options = replace(options, model=self._catalog.model_of_voice(options.voice, self._region))
        elif aliased := self._catalog.model_aliases.get(options.model):  # the service's model id of a voice
            options = replace(options, model=aliased, voice=options.voice or options.model)
        assert options.model is not None
        model = self._catalog.find_model(options.model)
        if model is None:
            offered = ", ".join(m.id for m in self.models())
            raise InvalidRequestError(f"Unknown {self._service} model '{options.model}'; choose one of: {offered}")
        return model.family, options

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
        """Check the credentials with a handshake of the region's first model's family (kept warm)."""
        first = self._catalog.models_in(self._region)[0].family
        return await self._families[first].validate_credentials()

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Open a connection for the family that will speak with ``options``."""
        family, routed = self._route(options or SynthesisOptions())
        await self._families[family].prewarm(routed)

    async def keep_ready(self, options: SynthesisOptions | None = None, *, every_family: bool = False) -> None:
        """Keep a connection ready for ``options`` (``every_family``: and for each other, its first voice's model)."""
        family, routed = self._route(options or SynthesisOptions())
        ready = {family: routed}
        for name, provider in self._families.items():
            if every_family and name not in ready and (voices := provider.voices()):
                ready[name] = SynthesisOptions(model=voices[0].model, voice=voices[0].id)
        await asyncio.gather(*(self._families[name].keep_ready(each) for name, each in ready.items()))

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
