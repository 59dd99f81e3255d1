"""The requests a client sends, checked field by field (a wrong type is the client's mistake, said so)."""

from __future__ import annotations

from dataclasses import dataclass

from wyoming.event import Event
from wyoming.tts import SynthesizeTextFormat, SynthesizeVoice


class BadRequest(Exception):
    """A request event's fields are missing or of the wrong type; the message names the field."""


@dataclass(frozen=True)
class Speech:
    """How to speak a reply: the voice asked for, and whether its text is SSML."""

    voice: SynthesizeVoice | None = None
    ssml: bool = False


def whole_text(event: Event) -> tuple[str, Speech]:
    """Read a ``synthesize``: its text and how to speak it."""
    return chunk_text(event), stream_speech(event)


def chunk_text(event: Event) -> str:
    """Read the text of a ``synthesize`` or ``synthesize-chunk``."""
    text = event.data.get("text")
    if not isinstance(text, str):
        raise BadRequest("text must be a string" if "text" in event.data else "text is missing")
    return text


def stream_speech(event: Event) -> Speech:
    """Read how a ``synthesize`` or ``synthesize-start`` asks to be spoken."""
    text_format = event.data.get("text_format")
    formats = [f.value for f in SynthesizeTextFormat]
    if text_format is not None and text_format not in formats:
        raise BadRequest(f"text_format must be one of {', '.join(formats)}, got {_shown(text_format)}")
    return Speech(voice=_voice(event.data.get("voice")), ssml=text_format == SynthesizeTextFormat.SSML.value)


def _voice(voice: object) -> SynthesizeVoice | None:
    if voice is None:
        return None
    if not isinstance(voice, dict):
        raise BadRequest('voice must be an object like {"name": ...}')
    for field in ("name", "speaker", "language"):
        if voice.get(field) is not None and not isinstance(voice[field], str):
            raise BadRequest(f"voice {field} must be a string, got {_shown(voice[field])}")
    return SynthesizeVoice.from_dict(voice)


def _shown(value: object) -> str:
    """Show a client's value in a message, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
