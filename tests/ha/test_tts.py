"""The voice entity: text streams in, WAV streams out, through Home Assistant's TTS."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.components import media_source, tts
from homeassistant.components.tts.entity import TTSAudioRequest
from homeassistant.config_entries import SOURCE_RECONFIGURE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed, async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.cloud_tts.const import DOMAIN
from custom_components.cloud_tts.engine.huawei.family import prosody
from custom_components.cloud_tts.tts import CloudTtsEntity
from tests.fakes import FakeDashScope, FakeHuawei, Faults, fake_pcm
from tests.helpers import eventually

from .conftest import LONGANYANG, account_entry, dashscope_data, voice_entity

HEADER = 44


async def llm_reply() -> AsyncIterator[str]:
    for chunk in ("今天天气", "很好。", "我们出去", "走走吧。"):
        yield chunk


async def whole(message: str) -> AsyncIterator[str]:
    yield message


def entity_of(hass: HomeAssistant, entity_id: str) -> CloudTtsEntity:
    entity = hass.data[tts.DATA_COMPONENT].get_entity(entity_id)
    assert isinstance(entity, CloudTtsEntity)
    return entity


async def speak_directly(entity: CloudTtsEntity, options: dict[str, Any], message: str = "你好。") -> bytes:
    """Ask the entity itself (no cache, no ffmpeg); return the WAV it streams."""
    response = await entity.async_stream_tts_audio(TTSAudioRequest("zh-CN", options, whole(message)))
    assert response.extension == "wav"
    return b"".join([chunk async for chunk in response.data_gen])


async def fetch(hass: HomeAssistant, client: Any, entity_id: str, message: str) -> tuple[int, bytes]:
    """``tts.speak`` to a media player, then fetch what it is told to play: the HTTP status and body."""
    calls = async_mock_service(hass, "media_player", "play_media")
    await hass.services.async_call(
        "tts",
        "speak",
        {"entity_id": entity_id, "media_player_entity_id": "media_player.kitchen", "message": message},
        blocking=True,
    )
    media = await media_source.async_resolve_media(hass, calls[-1].data["media_content_id"], None)
    response = await client.get(media.url)
    return response.status, await response.read()


async def speak(hass: HomeAssistant, client: Any, entity_id: str, message: str) -> bytes:
    """``tts.speak`` to a media player; return what the player would fetch from the media source."""
    status, body = await fetch(hass, client, entity_id, message)
    assert status == 200
    return body


async def test_a_streamed_reply_is_spoken_as_it_streams(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity_id = voice_entity(hass, loaded_dashscope)
    stream = tts.async_create_stream(hass, entity_id, language="zh-CN", options={tts.ATTR_PREFERRED_FORMAT: "wav"})
    stream.async_set_message_stream(llm_reply())
    wav = b"".join([chunk async for chunk in stream.async_stream_result()])

    assert wav[:4] == b"RIFF"
    assert int.from_bytes(wav[24:28], "little") == 24000
    assert wav[HEADER:] == fake_pcm("今天天气很好。我们出去走走吧。", 24000)
    [task] = fake.tasks
    assert task.parameters["voice"] == "longanyang"
    assert "".join(task.texts) == "今天天气很好。我们出去走走吧。"


async def markdown_reply() -> AsyncIterator[str]:
    for chunk in ("<thi", "nk>想一想</think>\n**今天", "**天气很好 ☀️\n\n- 出去", "走走\n- 看[电影](https://a.cn/x)"):
        yield chunk


async def test_a_streamed_markdown_reply_is_spoken_as_a_person_would_say_it(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity_id = voice_entity(hass, loaded_dashscope)
    stream = tts.async_create_stream(hass, entity_id, language="zh-CN", options={tts.ATTR_PREFERRED_FORMAT: "wav"})
    stream.async_set_message_stream(markdown_reply())
    wav = b"".join([chunk async for chunk in stream.async_stream_result()])

    spoken = "今天天气很好\n出去走走。\n看电影"
    assert "".join(fake.tasks[0].texts) == spoken
    assert wav[HEADER:] == fake_pcm(spoken, 24000)


async def test_clean_text_is_an_option_of_a_call_and_part_of_the_cache_key(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    assert entity.default_options is not None
    assert entity.default_options["clean_text"] is True
    await speak_directly(entity, {"clean_text": "false"}, "**你好**。")
    await speak_directly(entity, {}, "**你好**。")
    assert ["".join(task.texts) for task in fake.tasks] == ["**你好**。", "你好。"]
    with pytest.raises(HomeAssistantError):
        await speak_directly(entity, {"clean_text": "maybe"})


async def test_a_voice_set_to_send_text_as_it_is_sends_markdown(hass: HomeAssistant, fake: FakeDashScope) -> None:
    from .conftest import account_entry, dashscope_data

    entry = account_entry(dashscope_data(fake), LONGANYANG | {"clean_text": False}, "Model Studio")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entity = entity_of(hass, voice_entity(hass, entry))
    assert entity.default_options is not None
    assert entity.default_options["clean_text"] is False
    await speak_directly(entity, {}, "**你好**。")
    assert "".join(fake.tasks[0].texts) == "**你好**。"
    await hass.config_entries.async_unload(entry.entry_id)


async def test_the_wav_header_comes_with_the_first_audio(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    fake.faults = Faults(first_audio_delay=0.2)
    response = await entity_of(hass, voice_entity(hass, loaded_dashscope)).async_stream_tts_audio(
        TTSAudioRequest("zh-CN", {}, whole("你好。"))
    )
    first = await anext(response.data_gen)
    assert first[:4] == b"RIFF"
    assert int.from_bytes(first[40:44], "little") == 0xFFFFFFFF  # unknown length: it streams
    assert len(first) > HEADER  # audio came with it: nothing was yielded before the service spoke
    rest = b"".join([chunk async for chunk in response.data_gen])
    assert first[HEADER:] + rest == fake_pcm("你好。", 24000)


async def test_a_reply_that_fails_before_its_audio_is_an_http_error_for_the_media_player(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_dashscope: MockConfigEntry,
    fake: FakeDashScope,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await async_setup_component(hass, "media_source", {})
    client = await hass_client()
    entity_id = voice_entity(hass, loaded_dashscope)
    fake.faults = Faults(
        run_task_failure=("Arrearage", "Access denied, please make sure your account is in good standing.")
    )
    status, body = await fetch(hass, client, entity_id, "你好。")
    assert (status, body) == (500, b"")  # not an empty WAV that plays as silence
    assert "The account's balance or quota is used up" in caplog.text  # rendered, not a key

    fake.faults = Faults()
    status, body = await fetch(hass, client, entity_id, "你好。")  # the failure was not cached
    assert status == 200
    assert body[HEADER:] == fake_pcm("你好。", 24000)


async def test_a_reply_that_breaks_off_is_cut_short_and_never_cached_as_whole(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_dashscope: MockConfigEntry,
    fake: FakeDashScope,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await async_setup_component(hass, "media_source", {})
    client = await hass_client()
    entity_id = voice_entity(hass, loaded_dashscope)
    message = "今天天气很好。我们出去走走吧。"
    fake.faults = Faults(fail_after_frames=1)
    status, body = await fetch(hass, client, entity_id, message)
    assert status == 200  # audio had begun: the response was under way
    assert HEADER < len(body) < HEADER + len(fake_pcm(message, 24000))
    assert (
        "Error getting audio for 今天天气很好。我们出去走走吧。: The service is unavailable; try again later."
        in caplog.text
    )

    fake.faults = Faults()
    status, body = await fetch(hass, client, entity_id, message)
    assert (status, body[HEADER:]) == (200, fake_pcm(message, 24000))  # spoken anew, not the broken one


async def test_tts_speak_plays_on_a_media_player(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    assert await async_setup_component(hass, "media_source", {})
    wav = await speak(hass, await hass_client(), voice_entity(hass, loaded_dashscope), "你好，世界。")
    assert wav[HEADER:] == fake_pcm("你好，世界。", 24000)
    [task] = fake.tasks
    assert task.texts == ["你好，世界。"]


@pytest.fixture
async def qwen_voice(hass: HomeAssistant, fake: FakeDashScope) -> AsyncIterator[MockConfigEntry]:
    """An account with a Qwen voice, its connection opened ahead."""
    cherry = {"model": "qwen3-tts-flash-realtime", "voice": "Cherry", "speed": 1.0, "pitch": 1.0, "volume": 50}
    entry = account_entry(dashscope_data(fake), cherry, "Model Studio China (Beijing)")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert await async_setup_component(hass, "media_source", {})
    await eventually(lambda: [session.state for session in fake.sessions] == ["open"])
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)


async def test_tts_speak_with_a_qwen_voice_sends_its_text_before_the_session_is_updated(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake: FakeDashScope,
    qwen_voice: MockConfigEntry,
) -> None:
    fake.faults.task_start_delay = 0.3  # the answer to the settings comes late: what went out before it shows

    wav = await speak(hass, await hass_client(), voice_entity(hass, qwen_voice), "你好。")

    assert wav[HEADER:] == fake_pcm("你好。", 24000)
    assert fake.sessions[0].traffic[1:5] == [
        ("in", "session.update"),
        ("in", "input_text_buffer.append"),
        ("in", "session.finish"),
        ("out", "session.updated"),
    ]


async def test_a_qwen_voice_keeps_a_connection_ready_past_the_idle_limit(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, fake: FakeDashScope, qwen_voice: MockConfigEntry
) -> None:
    """One session per connection: the one opened ahead is replaced before the service's idle limit."""

    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=50))  # kept 45 s, the service's limit 60 s
    await eventually(lambda: [session.state for session in fake.sessions][-1:] == ["open"] and len(fake.sessions) == 2)
    wav = await speak(hass, await hass_client(), voice_entity(hass, qwen_voice), "你好。")

    assert wav[HEADER:] == fake_pcm("你好。", 24000)
    assert fake.sessions[1].texts == ["你好。"]  # spoken on the connection opened ahead of it


async def test_the_cache_key_changes_with_the_voice_settings(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    assert await async_setup_component(hass, "media_source", {})
    client = await hass_client()
    entity_id = voice_entity(hass, loaded_dashscope)
    assert entity_of(hass, entity_id).default_options == {
        "model": "cosyvoice-v3-flash",
        "voice": "longanyang",
        "speed": 1.0,
        "pitch": 1.0,
        "volume": 50,
        "clean_text": True,
        "region": "cn-beijing",
        "preferred_format": "wav",
    }
    first = await speak(hass, client, entity_id, "你好。")
    assert await speak(hass, client, entity_id, "你好。") == first
    assert len(fake.tasks) == 1  # the second came from the cache

    [subentry_id] = loaded_dashscope.subentries
    flow = await hass.config_entries.subentries.async_init(
        (loaded_dashscope.entry_id, "voice"), context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id}
    )
    flow = await hass.config_entries.subentries.async_configure(flow["flow_id"], {"model": "cosyvoice-v3-flash"})
    await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"voice": "longanyang", "speed": 1.5, "pitch": 1.0, "volume": 50, "sample_rate": "native"}
    )
    await hass.async_block_till_done()

    await speak(
        hass, client, voice_entity(hass, loaded_dashscope, loaded_dashscope.subentries[subentry_id].title), "你好。"
    )
    assert len(fake.tasks) == 2  # new settings, new audio: not the cached one
    assert fake.tasks[1].parameters["rate"] == 1.5


async def test_languages_and_voices_come_from_the_catalog(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    assert entity.supported_languages == ["zh-CN", "en-US"]
    assert entity.default_language == "zh-CN"
    assert entity.async_supports_streaming_input()
    assert set(entity.supported_options or []) == {
        "voice", "speed", "pitch", "volume", "instructions", "clean_text", "preferred_format", "preferred_sample_rate"
    }  # fmt: skip

    chinese = entity.async_get_supported_voices("zh-CN")
    ids = [voice.voice_id for voice in chinese]
    assert ids[0] == "longanhuan" or ids.index("longanyang") < ids.index("Cherry")  # its own model's voices first
    assert len(ids) == len(set(ids))
    assert {"longanyang", "Cherry", "sambert-zhichu-v1"} <= set(ids)
    english = {voice.voice_id for voice in entity.async_get_supported_voices("en")}
    speaks_english = {
        voice.id
        for voice in loaded_dashscope.runtime_data.provider.voices()
        if any(tag.startswith("en") for tag in voice.languages)
    }
    assert "Cherry" in english
    assert english == speaks_english
    assert entity.async_get_supported_voices("sw-KE") == []
    names = {voice.voice_id: voice.name for voice in chinese}
    assert names["longanyang"] == "Long Anyang (sunny young man)"
    await hass.config.async_update(language="zh-Hans")  # the voice picker of a Chinese Home Assistant
    names = {voice.voice_id: voice.name for voice in entity.async_get_supported_voices("zh-CN")}
    assert names["longanyang"] == "龙安洋（阳光青年男声）"
    assert names["Cherry"] == "芊悦（阳光青年女声）"


async def test_options_of_a_call_override_the_voice_settings(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    await speak_directly(entity, {"voice": "longanhuan", "speed": "1.25", "volume": 80, "instructions": "温柔一点。"})
    [task] = fake.tasks
    assert task.model == "cosyvoice-v3-flash"
    assert (task.parameters["voice"], task.parameters["rate"], task.parameters["volume"]) == ("longanhuan", 1.25, 80)
    assert task.parameters["instruction"] == "温柔一点。"

    wav = await speak_directly(entity, {"voice": "Cherry"})  # a voice of another model: its model speaks
    [session] = fake.sessions
    assert (session.model, session.config["voice"]) == ("qwen3-tts-flash-realtime", "Cherry")
    assert wav[HEADER:] == fake_pcm("你好。", 24000)


async def test_another_models_voice_speaks_at_its_own_rate_without_this_voices_instructions(
    hass: HomeAssistant, fake: FakeDashScope
) -> None:
    from .conftest import account_entry, dashscope_data

    voice = LONGANYANG | {"sample_rate": 8000, "instructions": "慢一点。"}
    entry = account_entry(dashscope_data(fake), voice, "Model Studio")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entity = entity_of(hass, voice_entity(hass, entry))
    assert (await speak_directly(entity, {}))[24:28] == (8000).to_bytes(4, "little")
    assert fake.tasks[0].parameters["instruction"] == "慢一点。"

    wav = await speak_directly(entity, {"voice": "Cherry"})  # Qwen-TTS: 24 kHz, takes no instructions
    assert wav[HEADER:] == fake_pcm("你好。", 24000)
    assert "instructions" not in fake.sessions[0].config
    await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"speed": "fast"}, "speed must be a number"),
        ({"speed": 3}, "speed must be between"),
        ({"voice": "nobody"}, "Unknown voice 'nobody'"),
    ],
)
async def test_bad_options_fail_before_any_request(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope, options: dict[str, Any], message: str
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    with pytest.raises(HomeAssistantError) as caught:
        await speak_directly(entity, options)
    assert caught.value.translation_key == "invalid_request"
    assert message in caught.value.translation_placeholders["error"]
    assert fake.tasks == []


async def test_the_rate_a_satellite_asks_for_is_made_by_the_service(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    wav = await speak_directly(entity, {"preferred_sample_rate": 16000, "preferred_format": "wav"})
    assert int.from_bytes(wav[24:28], "little") == 16000
    assert wav[HEADER:] == fake_pcm("你好。", 16000)
    wav = await speak_directly(entity, {"preferred_sample_rate": 11025})  # not one the voice makes
    assert int.from_bytes(wav[24:28], "little") == 24000  # Home Assistant converts it


async def test_a_huawei_voice_speaks(hass: HomeAssistant, loaded_huawei: MockConfigEntry, huawei: FakeHuawei) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_huawei))
    assert entity.supported_languages == ["zh-CN", "en-US"]
    wav = await speak_directly(entity, {}, "你好，华为。")
    assert wav[HEADER:] == fake_pcm("你好，华为。", 16000)
    await speak_directly(entity, {"speed": 1.5}, "你好，华为。")
    speeds = [request.config["speed"] for request in huawei.requests if request.config]
    assert speeds == [0, prosody(1.5)]


async def test_a_refused_key_fails_the_reply_and_starts_reauthentication(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    fake.api_keys = frozenset({"sk-rotated"})  # the key was revoked: new connections are refused
    with pytest.raises(HomeAssistantError) as caught:
        await speak_directly(entity, {"voice": "Cherry"})  # Qwen-TTS: a new connection for every reply
    assert caught.value.translation_key == "authentication_failed"
    await hass.async_block_till_done()
    assert list(loaded_dashscope.async_get_active_flows(hass, {"reauth"}))


async def test_an_exhausted_balance_raises_a_repair_issue_that_clears_itself(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    issue_id = f"quota_exceeded_{loaded_dashscope.entry_id}"
    fake.faults = Faults(
        run_task_failure=("Arrearage", "Access denied, please make sure your account is in good standing.")
    )
    with pytest.raises(HomeAssistantError) as caught:
        await speak_directly(entity, {})
    assert caught.value.translation_key == "quota_exceeded"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "quota_exceeded"
    assert "top it up" in issue.translation_placeholders["error"]
    assert "Arrearage" not in issue.translation_placeholders["error"]  # words, no vendor code

    fake.faults = Faults()
    await speak_directly(entity, {})
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_a_passing_rate_limit_fails_the_reply_without_a_repair_issue(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    fake.faults = Faults(
        run_task_failure=("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.")
    )
    with pytest.raises(HomeAssistantError) as caught:
        await speak_directly(entity, {})
    assert caught.value.translation_key == "rate_limited"
    assert "try again in a moment" in str(caught.value)
    assert not [issue for issue in ir.async_get(hass).issues.values() if issue.domain == DOMAIN]


async def test_credentials_of_another_project_raise_a_repair_issue(hass: HomeAssistant, huawei: FakeHuawei) -> None:
    from .conftest import HUAXIAOMEI, account_entry, huawei_data

    entry = account_entry(huawei_data(huawei, project_id=huawei.project_id), HUAXIAOMEI, "Huawei")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entity = entity_of(hass, voice_entity(hass, entry))
    huawei.project_id = "0a1b2c3dmoved0000000000000000"  # the project is gone from the region
    with pytest.raises(HomeAssistantError) as caught:
        await speak_directly(entity, {})
    assert caught.value.translation_key == "region_mismatch"
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"region_mismatch_{entry.entry_id}") is not None
    assert not list(entry.async_get_active_flows(hass, {"reauth"}))  # signing in again would not help
    await hass.config_entries.async_unload(entry.entry_id)


async def test_an_unavailable_service_is_logged_once_and_its_return_too(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope, caplog: pytest.LogCaptureFixture
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    fake.faults = Faults(run_task_failure=("InternalError", "An internal error has occured."))
    for _ in range(2):
        with pytest.raises(HomeAssistantError) as caught:
            await speak_directly(entity, {})
        assert caught.value.translation_key == "service_unavailable"
    assert caplog.text.count("is unavailable") == 1
    fake.faults = Faults()
    await speak_directly(entity, {})
    assert caplog.text.count("is available again") == 1
    assert "sk-test" not in caplog.text


async def test_a_reply_that_breaks_off_fails_instead_of_passing_for_whole(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    fake.faults = Faults(drop_after_frames=1)
    response = await entity.async_stream_tts_audio(
        TTSAudioRequest("zh-CN", {}, whole("今天天气很好。我们出去走走吧。"))
    )
    received: list[bytes] = []
    with pytest.raises(HomeAssistantError) as caught:
        async for chunk in response.data_gen:
            received.append(chunk)
    assert received[0][:4] == b"RIFF"
    assert HEADER < len(b"".join(received)) < HEADER + len(fake_pcm("今天天气很好。我们出去走走吧。", 24000))
    assert caught.value.translation_key in {"service_unavailable", "synthesis_failed"}


async def test_unloading_closes_the_accounts_connections(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    await speak_directly(entity_of(hass, voice_entity(hass, loaded_dashscope)), {})
    assert fake.open_connections >= 1  # kept warm for the next reply
    assert await hass.config_entries.async_unload(loaded_dashscope.entry_id)
    await eventually(lambda: fake.open_connections == 0)


async def test_first_audio_times_are_kept_for_diagnostics(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    for _ in range(3):
        await speak_directly(entity, {})
    [subentry_id] = loaded_dashscope.subentries
    summary = loaded_dashscope.runtime_data.first_audio_of(subentry_id).summary()
    assert summary["replies"] == 3
    assert 0 < summary["min_ms"] <= summary["median_ms"] <= summary["max_ms"]


async def test_a_passing_refusal_withdraws_its_request_to_sign_in_again(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, fake: FakeDashScope
) -> None:
    entity = entity_of(hass, voice_entity(hass, loaded_dashscope))
    fake.api_keys = frozenset()  # one refusal (e.g. the service's sign-in had a hiccup)
    with pytest.raises(HomeAssistantError):
        await speak_directly(entity, {"voice": "Cherry"})
    await hass.async_block_till_done()
    assert list(loaded_dashscope.async_get_active_flows(hass, {"reauth"}))

    fake.api_keys = frozenset({"sk-test"})
    await speak_directly(entity, {"voice": "Cherry"})
    await hass.async_block_till_done()
    assert not list(loaded_dashscope.async_get_active_flows(hass, {"reauth"}))


@pytest.mark.parametrize(
    "case",
    [
        (None, "Good morning, the weather is fine.", None),  # Home Assistant's default: no hint at all
        (None, "早上好，今天天气不错。", None),
        ("en-US", "Good morning, the weather is fine.", ["en"]),  # the caller chose it
    ],
)
async def test_a_language_hint_is_sent_only_when_the_caller_chose_one(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_dashscope: MockConfigEntry,
    fake: FakeDashScope,
    case: tuple[str | None, str, list[str] | None],
) -> None:
    language, message, hints = case
    assert await async_setup_component(hass, "media_source", {})
    calls = async_mock_service(hass, "media_player", "play_media")
    data = {"entity_id": voice_entity(hass, loaded_dashscope), "media_player_entity_id": "media_player.kitchen"}
    await hass.services.async_call(
        "tts", "speak", data | {"message": message} | ({"language": language} if language else {}), blocking=True
    )
    media = await media_source.async_resolve_media(hass, calls[-1].data["media_content_id"], None)
    assert (await (await hass_client()).get(media.url)).status == 200
    [task] = fake.tasks
    assert task.parameters.get("language_hints") == hints


async def test_debug_logging_of_the_integration_shows_each_replys_lifecycle(
    hass: HomeAssistant, loaded_dashscope: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.cloud_tts")  # what "Enable debug logging" sets
    await speak_directly(entity_of(hass, voice_entity(hass, loaded_dashscope)), {})
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("custom_components.cloud_tts")]
    assert any("first audio after" in line for line in lines)
    assert any(line.startswith("Reply ") and " done after " in line for line in lines)
    assert "sk-test" not in caplog.text
