"""The interface every cloud TTS provider implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any, ClassVar, Self

from .models import AudioFormat, Model, SynthesisOptions, Voice
from .stream import AudioStream, TextInput


@dataclass(frozen=True, slots=True)
class Request:
    """A checked request: the model to ask, the service's parameters, the audio it gives."""

    model: str
    parameters: dict[str, Any]
    audio_format: AudioFormat
    ssml: bool = False


class TtsProvider(ABC):
    """One account at one cloud TTS service.

    Listing voices and models never does I/O. ``synthesize`` checks the
    request at once (raising :class:`~.errors.InvalidRequestError` before any
    connection is made) and returns an :class:`AudioStream` whose format is
    known before its first chunk (a provider with a fallback knows it at its
    first chunk). A provider owns its warm connections:
    ``close`` them when done.
    """

    name: ClassVar[str]

    @abstractmethod
    def models(self) -> list[Model]:
        """Models this account's region offers."""

    @abstractmethod
    def voices(self) -> list[Voice]:
        """System voices this account's region offers."""

    @abstractmethod
    async def validate_credentials(self) -> str | None:
        """Check the credentials cheaply (a handshake, never a paid synthesis).

        Return the account's stable, non-secret identity where the service tells one (it stays the same when
        keys are rotated or a password changes), else ``None``.
        """

    @abstractmethod
    def audio_format(self, options: SynthesisOptions | None = None) -> AudioFormat:
        """Check ``options`` without I/O and return the PCM format a reply with them has.

        Raises :class:`~.errors.InvalidRequestError` for options ``synthesize`` would refuse.
        """

    @abstractmethod
    def synthesize(self, text: TextInput, options: SynthesisOptions | None = None) -> AudioStream:
        """Speak ``text`` (a whole message or an async stream of chunks)."""

    def with_voice(self, options: SynthesisOptions, voice_id: str) -> SynthesisOptions:
        """Return ``options`` speaking with ``voice_id`` instead.

        A voice of the same model keeps every setting; a voice of another model speaks with its own model, at
        its own rate, without instructions meant for the first voice (give new ones after, if any).
        """
        if voice_id == options.voice:
            return options
        if any(voice.id == voice_id and voice.model == options.model for voice in self.voices()):
            return replace(options, voice=voice_id)
        return replace(options, voice=voice_id, model=None, sample_rate=None, instructions=None)

    @property
    def warm_connections(self) -> int:
        """Connections open and waiting for the next reply."""
        return 0

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:  # noqa: B027 - optional
        """Open a connection ahead of the next request with ``options``, where the service allows."""

    async def keep_ready(self, options: SynthesisOptions | None = None, *, every_family: bool = False) -> None:
        """Keep a connection ready for requests with ``options`` from now on (by default: prewarm once).

        ``every_family``: also one for each other family the provider serves (a server that speaks them all).
        """
        del every_family
        await self.prewarm(options)

    @abstractmethod
    async def close(self) -> None:
        """Close warm connections; the provider is not used again."""

    async def __aenter__(self) -> Self:
        """Use the provider in ``async with``; it is closed on exit."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the provider."""
        await self.close()
