"""WAV framing for PCM streams."""

from __future__ import annotations

import struct

from .models import AudioFormat

STREAMING_SIZE = 0xFFFFFFFF
"""Data size written when the length is not known yet."""


def wav_header(audio_format: AudioFormat, data_size: int = STREAMING_SIZE) -> bytes:
    """Return a 44-byte PCM WAV header for ``data_size`` bytes of audio.

    With the default size the header announces "as long as the stream",
    which players and Home Assistant accept for streamed audio.
    """
    riff_size = min(data_size + 36, STREAMING_SIZE)
    block_align = audio_format.width * audio_format.channels
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        riff_size,
        b"WAVE",
        b"fmt ",
        16,
        1,
        audio_format.channels,
        audio_format.rate,
        audio_format.rate * block_align,
        block_align,
        audio_format.width * 8,
        b"data",
        data_size,
    )
