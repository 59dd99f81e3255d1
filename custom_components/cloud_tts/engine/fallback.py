"""Fallback voices: a reply its voice fails before its first audio is spoken by another voice, seamlessly.

A :class:`FallbackProvider` is a primary :class:`Speaker` (a provider and its options) and a fallback one; it is
a provider itself, so a fallback may have a fallback (:func:`with_fallbacks` builds such a chain). The fronts build
chains from their configuration and refuse one that loops (:func:`fallback_chain`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass, replace

from .errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    ServiceUnavailableError,
    TtsError,
)
from .models import AudioFormat, Model, SynthesisOptions, Voice
from .provider import TtsProvider
from .stream import AudioStream, TextFeed, TextInput

_LOGGER = logging.getLogger(__name__)

FALLBACK_ERRORS: tuple[type[TtsError], ...] = (
    AuthenticationError,  # with RegionMismatchError
    QuotaExceededError,
    ServiceUnavailableError,  # with TtsTimeoutError
    ProtocolError,
)
"""Failures another account or service can fix. A protocol error is the service's or its endpoint's, never the
text's: another service speaks the same request. An invalid request would fail the same way anywhere."""

FellBack = Callable[[TtsError], None]
"""Told, with the primary's error, when a fallback has begun speaking a reply the primary failed."""


@dataclass(frozen=True, slots=True)
class Speaker:
    """A provider and the options it speaks with; ``fell_back`` is told when its fallback speaks for it."""

    provider: TtsProvider
    options: SynthesisOptions
    fell_back: FellBack | None = None


class FallbackProvider(TtsProvider):
    """The primary speaker, and a fallback that speaks a reply the primary fails before its first audio.

    ``synthesize``'s options are the primary's (its own when none are given); the fallback speaks with its own,
    at the primary's sample rate where its voice makes that rate. The fallback hears the whole text, a stream
    replayed from its beginning. A failure after the first audio stays an error. The stream's ``format`` is
    final when its first chunk arrives. Listing, checking and warming are the primary's; the speakers' providers
    are not closed with it (their owners close them).
    """

    name = "fallback"

    def __init__(self, primary: Speaker, fallback: Speaker) -> None:
        """Speak with ``primary``; with ``fallback`` where it fails before its first audio."""
        self.primary = primary
        self.fallback = fallback

    def models(self) -> list[Model]:
        """Return the primary's models."""
        return self.primary.provider.models()

    def voices(self) -> list[Voice]:
        """Return the primary's voices."""
        return self.primary.provider.voices()

    async def validate_credentials(self) -> str | None:
        """Check the primary's credentials."""
        return await self.primary.provider.validate_credentials()

    def audio_format(self, options: SynthesisOptions | None = None) -> AudioFormat:
        """Return the format of a reply the primary speaks."""
        return self.primary.provider.audio_format(options or self.primary.options)

    @property
    def warm_connections(self) -> int:
        """The primary's warm connections."""
        return self.primary.provider.warm_connections

    async def prewarm(self, options: SynthesisOptions | None = None) -> None:
        """Warm the primary (a fallback speaks rarely: it connects when it does)."""
        await self.primary.provider.prewarm(options or self.primary.options)

    async def keep_ready(self, options: SynthesisOptions | None = None, *, every_family: bool = False) -> None:
        """Keep the primary's connection ready (the fallback's connects when it speaks)."""
        await self.primary.provider.keep_ready(options or self.primary.options, every_family=every_family)

    async def close(self) -> None:
        """Nothing to close: the speakers' providers belong to their owners."""

    def synthesize(self, text: TextInput, options: SynthesisOptions | None = None) -> AudioStream:
        """Speak ``text`` with the primary; the primary's request is checked at once."""
        kept = KeptText(text)
        primary = self.primary.provider.synthesize(kept.replay(), options or self.primary.options)
        return _FallbackStream(primary, self._fallback_stream, kept, self.primary.fell_back)

    def _fallback_stream(self, text: TextInput, rate: int) -> AudioStream:
        """Start the fallback's reply, at ``rate`` if its voice makes it."""
        options = self.fallback.options
        at_rate = replace(options, sample_rate=rate)
        try:
            self.fallback.provider.audio_format(at_rate)
        except TtsError:
            at_rate = options
        return self.fallback.provider.synthesize(text, at_rate)


def with_fallbacks(speakers: Sequence[Speaker]) -> Speaker:
    """Return one speaker of a chain: each of ``speakers`` speaks what the one before it failed to begin."""
    *firsts, speaker = speakers
    for primary in reversed(firsts):
        speaker = Speaker(FallbackProvider(primary, speaker), primary.options, primary.fell_back)
    return speaker


def fallback_chain(first: str, fallback_of: Callable[[str], str | None]) -> list[str]:
    """Return ``first`` and the voices standing in for it, in order; raise InvalidRequestError if they loop."""
    chain = [first]
    while (following := fallback_of(chain[-1])) is not None:
        if following in chain:
            raise InvalidRequestError(f"The fallback voices loop: {' → '.join([*chain, following])}")
        chain.append(following)
    return chain


class KeptText:
    """A caller's text, kept from its beginning until the first audio, so that a fallback hears all of it.

    Readers never close or cancel the caller's stream: a read they abandon stays pending for the next reader.
    """

    def __init__(self, text: TextInput) -> None:
        """Keep ``text`` (a whole message is simply given again)."""
        self._whole = text if isinstance(text, str) else None
        self._feed = None if isinstance(text, str) else TextFeed(text)
        self._kept: list[str] = []
        self._keeping = True

    def replay(self) -> TextInput:
        """Return the text from its beginning, then as it comes."""
        if self._whole is not None:
            return self._whole
        return self._read(list(self._kept))

    def let_go(self) -> None:
        """Stop keeping the text: the reply has begun, no fallback will need it."""
        self._keeping = False
        self._kept.clear()

    async def aclose(self) -> None:
        """Abandon the caller's stream (the reply is over)."""
        if self._feed is not None:
            await self._feed.aclose()

    async def _read(self, earlier: list[str]) -> AsyncGenerator[str, None]:
        for chunk in earlier:
            yield chunk
        while (following := await self._next()) is not None:
            yield following

    async def _next(self) -> str | None:
        """Return the caller's next chunk (``None`` at the end); the reader's deadline bounds the wait.

        A reader cancelled while it waits leaves the read pending for the next (see :class:`TextFeed`).
        """
        chunk = None if self._feed is None else await self._feed.next()
        if not isinstance(chunk, str):
            return None
        if self._keeping:
            self._kept.append(chunk)
        return chunk


class _FallbackStream(AudioStream):
    """A reply the fallback speaks if the primary fails before its first audio; ``format`` is final then."""

    def __init__(
        self,
        primary: AudioStream,
        fallback: Callable[[TextInput, int], AudioStream],
        kept: KeptText,
        fell_back: FellBack | None,
    ) -> None:
        """Speak ``primary``; start ``fallback`` with the whole text if it fails before its first audio."""
        super().__init__(primary.format, self._speak(primary, fallback, kept, fell_back))

    async def _speak(
        self,
        primary: AudioStream,
        fallback: Callable[[TextInput, int], AudioStream],
        kept: KeptText,
        fell_back: FellBack | None,
    ) -> AsyncGenerator[bytes, None]:
        speaking = primary
        try:
            try:
                first = await _first_audio(primary)
            except FALLBACK_ERRORS as failure:
                await primary.aclose()
                speaking, first = await _fallen_back(failure, fallback, kept, primary.format.rate)
                _LOGGER.warning("A voice failed before its first audio (%s); its fallback speaks", failure)
                if fell_back is not None:
                    fell_back(failure)
            self.format = speaking.format
            kept.let_go()
            if first:
                yield first
            async for chunk in speaking:
                yield chunk
        finally:
            await speaking.aclose()
            await kept.aclose()


async def _fallen_back(
    failure: TtsError, fallback: Callable[[TextInput, int], AudioStream], kept: KeptText, rate: int
) -> tuple[AudioStream, bytes | None]:
    """Start the fallback and wait for its first audio; if it fails too, the primary's ``failure`` is raised."""
    stream: AudioStream | None = None
    try:
        stream = fallback(kept.replay(), rate)
        return stream, await _first_audio(stream)
    except TtsError as err:
        if stream is not None:
            await stream.aclose()
        _LOGGER.warning("A voice failed before its first audio (%s); its fallback failed too: %s", failure, err)
        raise failure from None


async def _first_audio(stream: AudioStream) -> bytes | None:
    """Return the stream's first audio, ``None`` if it ends without any."""
    async for chunk in stream:
        if chunk:
            return chunk
    return None
