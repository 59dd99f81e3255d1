"""One client connection: describe, and synthesize whole or streamed text."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.info import Describe
from wyoming.server import AsyncEventHandler
from wyoming.tts import (
    Synthesize,
    SynthesizeChunk,
    SynthesizeStart,
    SynthesizeStop,
    SynthesizeStopped,
    SynthesizeTextFormat,
    SynthesizeVoice,
)

from cloud_tts_engine import TextFormat, TextInput, TtsError

from .voices import VoiceDirectory

_LOGGER = logging.getLogger(__name__)


class CloudTtsHandler(AsyncEventHandler):
    """Answers one client; one reply at a time, each to its end (audio-stop, or an error then audio-stop)."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        info: Event,
        directory: VoiceDirectory,
    ) -> None:
        """Serve ``info`` for describe and the voices of ``directory``."""
        super().__init__(reader, writer)
        self._info = info
        self._directory = directory
        self._reply: asyncio.Task[None] | None = None
        self._text: asyncio.Queue[str | None] | None = None
        """The open stream's text (None ends it), while a synthesize-start is open."""

    async def handle_event(self, event: Event) -> bool:
        """Handle one event without waiting on a reply (replies run in order, in their own tasks)."""
        try:
            if Describe.is_type(event.type):
                await self.write_event(self._info)
            elif SynthesizeStart.is_type(event.type):
                start = SynthesizeStart.from_event(event)
                self._end_stream()  # a new stream without a stop ends the open one
                self._text = asyncio.Queue()
                self._begin(self._stream_text(self._text), start.voice, start.text_format, streaming=True)
            elif SynthesizeChunk.is_type(event.type):
                if self._text is not None:
                    self._text.put_nowait(SynthesizeChunk.from_event(event).text)
            elif SynthesizeStop.is_type(event.type):
                self._end_stream()
            elif Synthesize.is_type(event.type) and self._text is None:
                # (while a stream is open, a synthesize is its text again for older clients: ignored)
                synthesize = Synthesize.from_event(event)
                self._begin(synthesize.text, synthesize.voice, synthesize.text_format, streaming=False)
        except (KeyError, TypeError, ValueError) as err:
            await self.write_event(Error(text=f"Malformed {event.type} event: {err!r}", code="BadRequest").event())
        return True

    async def disconnect(self) -> None:
        """Stop the replies of a client that left (which closes the providers' tasks)."""
        if self._reply is not None:
            self._reply.cancel()
            await asyncio.gather(self._reply, return_exceptions=True)

    def _end_stream(self) -> None:
        if self._text is not None:
            self._text.put_nowait(None)
            self._text = None

    def _begin(
        self,
        text: TextInput,
        voice: SynthesizeVoice | None,
        text_format: SynthesizeTextFormat | str | None,
        *,
        streaming: bool,
    ) -> None:
        """Queue a reply after the one before it (replies on one connection do not overlap)."""
        self._reply = asyncio.create_task(self._speak(text, voice, text_format, streaming=streaming, after=self._reply))

    @staticmethod
    async def _stream_text(queue: asyncio.Queue[str | None]) -> AsyncIterator[str]:
        while (chunk := await queue.get()) is not None:
            yield chunk

    async def _speak(
        self,
        text: TextInput,
        voice: SynthesizeVoice | None,
        text_format: SynthesizeTextFormat | str | None,
        *,
        streaming: bool,
        after: asyncio.Task[None] | None,
    ) -> None:
        if after is not None:
            await asyncio.gather(after, return_exceptions=True)  # cancelling this reply cancels that one too
        try:
            await self._answer(text, voice, text_format)
        except ConnectionError:
            return  # the client is gone
        except Exception as err:  # a bug must still end the reply, or the client waits forever
            _LOGGER.exception("Reply failed unexpectedly")
            with contextlib.suppress(ConnectionError):
                await self.write_event(Error(text=f"Internal error: {err!r}", code="InternalError").event())
                await self.write_event(AudioStop().event())
        if streaming:
            with contextlib.suppress(ConnectionError):
                await self.write_event(SynthesizeStopped().event())

    async def _answer(
        self,
        text: TextInput,
        voice: SynthesizeVoice | None,
        text_format: SynthesizeTextFormat | str | None,
    ) -> None:
        """Write the reply's audio events, or an error and the end of audio."""
        began = time.monotonic()
        try:
            provider, options = self._directory.resolve(voice.name if voice else None, voice.speaker if voice else None)
            if text_format in (SynthesizeTextFormat.SSML, "ssml"):
                options = replace(options, text_format=TextFormat.SSML)
            async with provider.synthesize(text, options) as audio:
                rate, width, channels = audio.format.rate, audio.format.width, audio.format.channels
                await self.write_event(AudioStart(rate=rate, width=width, channels=channels).event())
                first = True
                async for pcm in audio:
                    if first:
                        _LOGGER.debug("First audio after %.0f ms", (time.monotonic() - began) * 1000)
                        first = False
                    await self.write_event(AudioChunk(rate=rate, width=width, channels=channels, audio=pcm).event())
            await self.write_event(AudioStop().event())
        except TtsError as err:
            _LOGGER.warning("Reply failed: %s", err)
            await self.write_event(Error(text=str(err), code=err.code or type(err).__name__).event())
            await self.write_event(AudioStop().event())
