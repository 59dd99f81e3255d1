"""Boundary values, WAV framing and the Model Studio catalog."""

from __future__ import annotations

import io
import re
import wave

import pytest

from cloud_tts_engine import AudioFormat, InvalidRequestError, SynthesisOptions, wav_header
from cloud_tts_engine import dashscope_catalog as catalog

BCP47 = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")


@pytest.mark.parametrize(
    "values",
    [{"speed": 0.4}, {"speed": 2.1}, {"pitch": 0.49}, {"pitch": 2.5}, {"volume": -1}, {"volume": 101}],
)
def test_options_outside_the_normalized_ranges_are_refused(values: dict[str, float]) -> None:
    with pytest.raises(InvalidRequestError):
        SynthesisOptions(**values)  # type: ignore[arg-type]


def test_options_at_the_edges_are_accepted() -> None:
    SynthesisOptions(speed=0.5, pitch=2.0, volume=0)
    SynthesisOptions(speed=2.0, pitch=0.5, volume=100)


def test_wav_header_describes_the_pcm() -> None:
    audio_format = AudioFormat(16000)
    pcm = b"\x01\x00" * 1600
    with wave.open(io.BytesIO(wav_header(audio_format, len(pcm)) + pcm)) as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (16000, 2, 1)
        assert wav.readframes(10_000) == pcm


def test_streaming_wav_header_has_no_length() -> None:
    header = wav_header(AudioFormat(24000, channels=2))
    assert len(header) == 44
    assert header[40:44] == b"\xff\xff\xff\xff"


def test_every_catalog_voice_is_consistent_with_its_model() -> None:
    for model_id, voices in catalog.VOICES.items():
        model = catalog.MODELS[model_id]
        for voice_id, voice in voices.items():
            assert voice.id == voice_id
            assert voice.model == model_id
            assert set(voice.regions) <= set(model.regions), voice_id
            assert voice.languages, voice_id
            assert all(BCP47.match(language) for language in voice.languages), voice.languages
            assert voice.name and voice.local_name
            assert not voice.supports_instructions or model.supports_instructions


def test_regions_offer_what_model_studio_lists() -> None:
    beijing = {model.id for model in catalog.models_in(catalog.BEIJING)}
    singapore = {model.id for model in catalog.models_in(catalog.SINGAPORE)}
    assert {"cosyvoice-v3-flash", "cosyvoice-v3-plus", "cosyvoice-v2"} <= beijing
    assert singapore == {"cosyvoice-v3-flash", "cosyvoice-v3-plus"}

    singapore_voices = {(voice.model, voice.id) for voice in catalog.voices_in(catalog.SINGAPORE)}
    assert ("cosyvoice-v3-flash", "longanyang") in singapore_voices
    assert ("cosyvoice-v3-flash", "loongabby_v3") not in singapore_voices
    assert not any(model == "cosyvoice-v2" for model, _ in singapore_voices)


def test_v2_voices_are_named_for_their_generation() -> None:
    v3_ids = set(catalog.VOICES["cosyvoice-v3-flash"])
    assert not v3_ids & set(catalog.VOICES["cosyvoice-v2"])
