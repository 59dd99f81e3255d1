"""Cloud TTS engine: async streaming text-to-speech for cloud voices.

Imports neither Home Assistant nor Wyoming. Installed on its own it is
``cloud_tts_engine``; inside the Home Assistant integration it is
``custom_components.cloud_tts.engine``.

A provider is one account at one service. It lists its models and voices from
memory, validates its credentials with a handshake, and turns text (a whole
string or an async stream of chunks) into an :class:`AudioStream` of PCM::

    async with aiohttp.ClientSession() as session:
        account = DashScopeAccount(api_key, region="cn-beijing")
        async with DashScopeProvider(account, session) as provider:
            async with provider.synthesize(llm_chunks(), SynthesisOptions(voice="longanyang")) as audio:
                print(audio.format)            # known before the first chunk
                async for pcm in audio:
                    play(pcm)

:class:`DashScopeProvider` serves every Model Studio family (CosyVoice,
Qwen-TTS realtime, Sambert) of one account, :class:`HuaweiProvider` both
Huawei Cloud SIS APIs (streaming TTS, real-time TTS) of one account signed in
with an :class:`IamUser` or an :class:`AccessKey`; ``SynthesisOptions.model``
picks the family. ``provider.models()`` and ``provider.voices()`` list what the
account's region offers.

Every failure of the engine or the service raises a :class:`TtsError`
subclass whose message says what to fix; a stream that ends without an error
spoke the whole text. An exception raised by the caller's own text stream is
the caller's: it ends the reply, the reply's connection is closed, and it
comes through unchanged (not wrapped).
"""

from .cosyvoice import CosyVoiceProvider
from .dashscope import DashScopeAccount
from .dashscope_provider import DashScopeProvider
from .errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RegionMismatchError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from .huawei import AccessKey, HuaweiAccount, IamUser
from .huawei_provider import HuaweiProvider
from .huawei_rtts import HuaweiRttsProvider
from .huawei_streaming import HuaweiStreamingProvider
from .models import AudioFormat, Deadlines, Model, SynthesisOptions, TextFormat, Voice
from .provider import TtsProvider
from .qwen_tts import QwenTtsProvider
from .sambert import SambertProvider
from .stream import AudioStream, TextInput
from .text import ClauseSegmenter, normalize, split_text, weighted_length
from .version import __version__
from .wav import wav_header

__all__ = [
    "AccessKey",
    "AudioFormat",
    "AudioStream",
    "AuthenticationError",
    "ClauseSegmenter",
    "CosyVoiceProvider",
    "DashScopeAccount",
    "DashScopeProvider",
    "Deadlines",
    "HuaweiAccount",
    "HuaweiProvider",
    "HuaweiRttsProvider",
    "HuaweiStreamingProvider",
    "IamUser",
    "InvalidRequestError",
    "Model",
    "ProtocolError",
    "QuotaExceededError",
    "QwenTtsProvider",
    "RegionMismatchError",
    "SambertProvider",
    "ServiceUnavailableError",
    "SynthesisOptions",
    "TextFormat",
    "TextInput",
    "TtsError",
    "TtsProvider",
    "TtsTimeoutError",
    "Voice",
    "__version__",
    "normalize",
    "split_text",
    "wav_header",
    "weighted_length",
]
