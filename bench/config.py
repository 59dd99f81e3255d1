"""The sizes of a run and the network costs the fake cloud simulates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Network:
    """Simulated costs: handshake (TCP + TLS + upgrade), the model's first-audio delay, real-time pace."""

    handshake: float = 0.15
    first_audio: float = 0.3
    pace: float | None = 5.0
    """Audio is sent at this multiple of real time (None: as fast as the fake can)."""

    def fake_flags(self) -> list[str]:
        """The fake's command-line flags for these costs."""
        flags = ["--handshake-delay", str(self.handshake), "--first-audio-delay", str(self.first_audio)]
        return flags + ([] if self.pace is None else ["--pace", str(self.pace)])


FAST = Network(handshake=0.0, first_audio=0.0, pace=None)
"""For the long sequential memory run: only the system under test's own costs."""


@dataclass(frozen=True)
class Config:
    """How much to measure."""

    network: Network = Network()
    requests: int = 100
    """Sequential requests per path for the one-client latency and per family for warm connections."""
    concurrency: tuple[int, ...] = (1, 10, 50, 100, 200)
    rounds: int = 5
    """Measured requests per client at each concurrency (after one unmeasured warm-up request)."""
    warm_requests: int = 30
    """Cold and warm requests per family."""
    streamed_replies: int = 10
    memory_requests: int = 5000
    memory_streams: int = 100
    """Streams held open at once to measure memory per active stream."""
    sdk_requests: int = 30
    sdk_concurrency: int = 20
    """Streams at once (one thread each for the SDK) to measure CPU per stream."""
    round_trips: tuple[float, ...] = (0.01, 0.04, 0.15)
    """Round trips (seconds) the latency proxy adds; every path is measured at ``main_round_trip``."""
    main_round_trip: float = 0.04
    network_replies: int = 5
    """Replies per case, path, family and round trip behind the latency proxy."""
    late_text: float = 0.5
    """Seconds after a reply opened that its streamed text arrives behind the proxy (an LLM's first sentence)."""


FULL = Config()
SMOKE = Config(
    network=Network(handshake=0.01, first_audio=0.01, pace=50.0),
    requests=3,
    concurrency=(1, 4),
    rounds=1,
    warm_requests=2,
    streamed_replies=1,
    memory_requests=20,
    memory_streams=4,
    sdk_requests=2,
    sdk_concurrency=2,
    round_trips=(0.01,),
    main_round_trip=0.01,
    network_replies=1,
    late_text=0.1,
)

TEXT = "您好，今天的天气很好。The weather is nice today, let us go for a walk in the park."
"""A reply's text: 58 characters of speech, 0.58 s of the fake's audio."""
STREAMED_TEXT = "今天天气很好，我们去公园散步吧。然后一起吃午饭，下午再回家休息。"
"""Text for the streaming benchmark; its first sentence (the first clause a service speaks) ends at 。."""
CHUNK_CHARACTERS = 3
CHUNK_INTERVAL = 0.05
"""Streamed text arrives like an LLM's: a few characters every 50 ms."""
