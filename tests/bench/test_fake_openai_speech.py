"""The fake OpenAI-compatible speech endpoint the bridge comparison runs against answers as OpenAI documents."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.fakes.audio import fake_pcm
from tests.fakes.openai_speech import RATE, FakeOpenAISpeech

TEXT = "您好，the weather is nice."


@pytest.fixture
async def speech() -> AsyncIterator[FakeOpenAISpeech]:
    server = FakeOpenAISpeech()
    await server.start()
    yield server
    await server.stop()


async def _post(url: str, key: str, **body: object) -> tuple[int, bytes]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/audio/speech", json=body, headers={"Authorization": f"Bearer {key}"}) as response,
    ):
        return response.status, await response.read()


async def test_a_wav_reply_is_a_header_of_unknown_length_then_the_texts_audio(speech: FakeOpenAISpeech) -> None:
    status, body = await _post(speech.url, "sk-test", model="tts-1", voice="alloy", input=TEXT, response_format="wav")

    assert status == 200
    assert body[:4] == b"RIFF" and body[8:16] == b"WAVEfmt " and body[40:44] == b"\xff\xff\xff\xff"
    assert body[44:] == fake_pcm(TEXT, RATE)


async def test_a_wrong_key_or_an_empty_input_is_refused(speech: FakeOpenAISpeech) -> None:
    assert (await _post(speech.url, "sk-wrong", model="tts-1", voice="alloy", input=TEXT))[0] == 401
    assert (await _post(speech.url, "sk-test", model="tts-1", voice="alloy", input=" "))[0] == 400
    assert speech.requests == []
