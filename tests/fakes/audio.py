"""The fakes' audio: deterministic PCM from text, whatever the chunking."""

from __future__ import annotations

import struct

CHAR_SECONDS = 0.01
FRAME_SECONDS = 0.1
"""Audio is sent in frames of this length."""


def fake_pcm(text: str, sample_rate: int, speed: float = 1.0) -> bytes:
    """The fake's audio for ``text``: 10 ms (at speed 1) per non-blank character."""
    samples = max(1, int(sample_rate * CHAR_SECONDS / speed))
    out = bytearray()
    for char in text:
        if not char.isspace():
            value = (ord(char) * 2654435761) % 65536 - 32768
            out += struct.pack("<h", value) * samples
    return bytes(out)
