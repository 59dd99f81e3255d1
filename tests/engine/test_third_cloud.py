"""A third cloud registered by a test alone is listed and spoken by the command line."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cloud_tts_engine
from cloud_tts_engine.__main__ import main
from tests.toy_cloud import TOKEN, register_toy, toy_pcm


@pytest.fixture
def toy() -> Iterator[Any]:
    spec = register_toy(cloud_tts_engine)
    yield spec
    cloud_tts_engine.unregister(spec.id)


def test_the_command_line_lists_and_speaks_a_registered_cloud(
    toy: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["voices", "--provider", "toy"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in listed] == [["toy-model", "pip"], ["toy-model", "squeak"]]

    assert main(["say", "--provider", "toy", "--voice", "pip", "hi"]) == 1
    assert "TOY_TOKEN" in capsys.readouterr().err  # the cloud's own variable is named

    monkeypatch.setenv("TOY_TOKEN", TOKEN)
    out = tmp_path / "hi.wav"
    assert main(["say", "--provider", "toy", "--voice", "pip", "-o", str(out), "hi there"]) == 0
    with wave.open(str(out)) as wav:
        assert wav.getframerate() == 16000
        assert wav.readframes(wav.getnframes()) == toy_pcm("hi there")
