"""Boundary values, WAV framing and the Model Studio catalog."""

from __future__ import annotations

import io
import re
import wave

import pytest
from yarl import URL

from cloud_tts_engine import AudioFormat, InvalidRequestError, SynthesisOptions, wav_header
from cloud_tts_engine.dashscope import DashScopeAccount, catalog
from cloud_tts_engine.huawei import HuaweiAccount, IamUser

BCP47 = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")


@pytest.mark.parametrize("endpoint", ["not a url", "127.0.0.1:8080", "ftp://host", "ws://", "ws://host:port"])
def test_endpoints_that_are_not_urls_are_refused(endpoint: str) -> None:
    with pytest.raises(InvalidRequestError, match=f"The endpoint '{re.escape(endpoint)}' is not a URL"):
        DashScopeAccount("sk-test", endpoint=endpoint)
    with pytest.raises(InvalidRequestError, match="The endpoint"):
        HuaweiAccount(IamUser("acme", "alice", "s3cret"), endpoint=endpoint)
    with pytest.raises(InvalidRequestError, match="The IAM endpoint"):
        HuaweiAccount(IamUser("acme", "alice", "s3cret"), iam_endpoint=endpoint)


def test_endpoints_with_a_scheme_and_host_are_taken() -> None:
    assert DashScopeAccount("sk-test", endpoint="wss://proxy.example.com").url("/x") == URL("wss://proxy.example.com/x")
    HuaweiAccount(IamUser("acme", "alice", "s3cret"), endpoint="ws://127.0.0.1:1", iam_endpoint="https://iam.example")


@pytest.mark.parametrize(
    "values",
    [{"speed": 0.4}, {"speed": 2.1}, {"pitch": 0.49}, {"pitch": 2.5}, {"volume": -1}, {"volume": 101}],
)
def test_options_outside_the_normalized_ranges_are_refused(values: dict[str, float]) -> None:
    with pytest.raises(InvalidRequestError):
        SynthesisOptions(**values)  # type: ignore[arg-type]


def test_options_at_the_edges_are_accepted() -> None:
    low = SynthesisOptions(speed=0.5, pitch=2.0, volume=0)
    high = SynthesisOptions(speed=2.0, pitch=0.5, volume=100)
    assert (low.speed, low.pitch, low.volume, high.speed, high.pitch, high.volume) == (0.5, 2.0, 0, 2.0, 0.5, 100)


def test_options_read_from_a_flat_record() -> None:
    record = {"voice": "longanyang", "speed": "1.25", "volume": 60.0, "sample_rate": "16000", "other": "ignored"}
    assert SynthesisOptions.from_record(record) == SynthesisOptions(
        voice="longanyang", speed=1.25, volume=60, sample_rate=16000
    )
    assert SynthesisOptions.from_record({"speed": None, "instructions": ""}) == SynthesisOptions()
    with pytest.raises(InvalidRequestError, match="speed must be a float, got 'fast'"):
        SynthesisOptions.from_record({"speed": "fast"})


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
    qwen3 = {
        "qwen3-tts-flash-realtime",
        "qwen3-tts-instruct-flash-realtime",
        "qwen3-tts-vc-realtime-2026-01-15",
        "qwen3-tts-vd-realtime-2026-01-15",
    }
    cosyvoice_v3 = {"cosyvoice-v3-flash", "cosyvoice-v3-plus"}
    assert beijing == cosyvoice_v3 | qwen3 | {
        "cosyvoice-v2",
        "cosyvoice-v3.5-plus",
        "cosyvoice-v3.5-flash",
        "qwen-tts-realtime",
        "sambert",
    }
    assert singapore == cosyvoice_v3 | qwen3

    singapore_voices = {(voice.model, voice.id) for voice in catalog.voices_in(catalog.SINGAPORE)}
    assert ("cosyvoice-v3-flash", "longanyang") in singapore_voices
    assert ("cosyvoice-v3-flash", "loongabby_v3") not in singapore_voices
    assert not any(model == "cosyvoice-v2" for model, _ in singapore_voices)


def test_v2_voices_are_named_for_their_generation() -> None:
    v3_ids = set(catalog.VOICES["cosyvoice-v3-flash"])
    assert not v3_ids & set(catalog.VOICES["cosyvoice-v2"])


def test_qwen_voices_follow_the_voice_table() -> None:
    flash = catalog.VOICES["qwen3-tts-flash-realtime"]
    instruct = catalog.VOICES["qwen3-tts-instruct-flash-realtime"]
    legacy = catalog.VOICES["qwen-tts-realtime"]
    assert (len(flash), len(instruct), len(legacy)) == (48, 24, 4)
    assert set(instruct) < set(flash)
    assert set(legacy) == {"Cherry", "Serena", "Ethan", "Chelsie"}
    assert {"Eldric Sage", "Ono Anna", "Radio Gol", "Li"} <= set(flash)
    assert not {"Jennifer", "Rocky", "Sunny"} & set(instruct)  # no dialect or foreign-persona voices
    assert all(voice.supports_instructions for voice in instruct.values())
    assert flash["Kiki"].languages[0] == "zh-HK"
    assert "ja-JP" in flash["Cherry"].languages
    assert legacy["Cherry"].languages == ("zh-CN", "en-US")
    assert legacy["Cherry"].sample_rates == (24000,)
    assert not catalog.VOICES["qwen3-tts-vc-realtime-2026-01-15"]


def test_sambert_voices_are_models_with_their_native_rate() -> None:
    voices = catalog.VOICES["sambert"]
    assert len(voices) == 43
    assert all(voice_id.startswith("sambert-") and voice_id.endswith("-v1") for voice_id in voices)
    assert voices["sambert-zhichu-v1"].native_sample_rate == 48000
    assert voices["sambert-zhiyue-v1"].native_sample_rate == 16000
    assert sum(voice.native_sample_rate == 48000 for voice in voices.values()) == 9
    assert voices["sambert-waan-v1"].languages == ("th-TH",)
    assert all(voice.regions == (catalog.BEIJING,) for voice in voices.values())


@pytest.mark.parametrize(
    ("model_id", "found"),
    [
        ("qwen3-tts-flash-realtime-2025-09-18", "qwen3-tts-flash-realtime"),
        ("qwen-tts-realtime-latest", "qwen-tts-realtime"),
        ("qwen3-tts-vc-realtime-2025-11-27", "qwen3-tts-vc-realtime-2026-01-15"),
        ("cosyvoice-v2", "cosyvoice-v2"),
        ("qwen3-tts-flash", None),
        ("qwen3-tts-vc-realtime", None),  # the VC model has dated names only
        ("cosyvoice-v9", None),
    ],
)
def test_dated_snapshots_are_their_models(model_id: str, found: str | None) -> None:
    model = catalog.find_model(model_id)
    assert (model.id if model else None) == found
