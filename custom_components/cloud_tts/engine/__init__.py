"""Cloud TTS engine: async streaming text-to-speech for cloud voices.

Imports neither Home Assistant nor Wyoming. Installed on its own it is
``cloud_tts_engine``; inside the Home Assistant integration it is
``custom_components.cloud_tts.engine``.

Each cloud registers a :class:`Cloud` (its regions, catalog, ways to sign in
and provider; see :mod:`.registry`). A provider is one account at one cloud:
it lists its models and voices from memory, validates its credentials with a
handshake, and turns text (a whole string or an async stream of chunks) into an
:class:`AudioStream` of PCM::

    async with aiohttp.ClientSession() as session:
        account = {"region": "cn-beijing", "api_key": api_key}
        async with cloud("dashscope").provider(account, session) as provider:
            async with provider.synthesize(llm_chunks(), SynthesisOptions(voice="longanyang")) as audio:
                async for pcm in audio:
                    play(pcm, audio.format)    # final from the first chunk on

``SynthesisOptions.model`` picks the model (and with it the service's API);
without one, the voice's model speaks. ``provider.models()`` and
``provider.voices()`` list what the account's region offers.

A voice may have a fallback voice, of any account of any cloud, that speaks a
reply the voice fails before its first audio (a revoked key, an empty balance,
an outage): ``FallbackProvider(Speaker(provider, options), Speaker(other, its_options))``
is itself a provider (see :mod:`.fallback`).

Every failure of the engine or the service raises a :class:`TtsError`
subclass whose message says what to fix; a stream that ends without an error
spoke the whole text. An exception raised by the caller's own text stream is
the caller's: it ends the reply, the reply's connection is closed, and it
comes through unchanged (not wrapped).
"""

from . import dashscope, huawei  # noqa: F401 - the built-in clouds register themselves
from .catalog import Catalog, preset_voice
from .errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RateLimitedError,
    RegionMismatchError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from .fallback import FALLBACK_ERRORS, FallbackProvider, Speaker, fallback_chain, with_fallbacks
from .models import AudioFormat, Deadlines, Model, SynthesisOptions, TextFormat, Voice
from .provider import TtsProvider
from .registry import Cloud, Field, SignIn, cloud, clouds, register, unregister
from .stream import AudioStream, TextInput
from .version import __version__
from .wav import wav_header

__all__ = [
    "FALLBACK_ERRORS",  # a voice standing in for another
    "AudioFormat",  # the PCM layout of a reply
    "AudioStream",  # a reply: its format, then its PCM
    "AuthenticationError",  # the errors every front tells apart
    "Catalog",  # a cloud's models and voices (for a cloud's spec)
    "Cloud",  # a cloud's spec, and the registry's functions
    "Deadlines",
    "FallbackProvider",
    "Field",
    "InvalidRequestError",
    "Model",
    "ProtocolError",
    "QuotaExceededError",
    "RateLimitedError",
    "RegionMismatchError",
    "ServiceUnavailableError",
    "SignIn",
    "Speaker",
    "SynthesisOptions",
    "TextFormat",
    "TextInput",
    "TtsError",
    "TtsProvider",
    "TtsTimeoutError",
    "Voice",
    "__version__",
    "cloud",
    "clouds",
    "fallback_chain",
    "preset_voice",
    "register",
    "unregister",
    "wav_header",
    "with_fallbacks",
]
