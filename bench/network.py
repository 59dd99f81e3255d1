"""Item 7: first audio on a real network — a latency proxy with TLS between every client and the fake, in round trips.

Each fake runs inside its latency proxy's process (:mod:`.latency_proxy`), which
adds the round trip and is the service's TLS end (a throwaway CA every client
trusts, :mod:`.tls`): a new connection pays TCP's round trip by delay and TLS 1.3's
for real. What is reported is the time from the request (or from the streamed
text's arrival) to the first PCM, minus the fake's first-audio delay, divided by
the round trip: the round trips a client waits for beyond the service's own delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field

from cloud_tts_engine import SynthesisOptions

from . import bridge_peer, floor, livekit_peer
from .config import TEXT, Config, Network
from .drive import peak_rss
from .paths import CLOUD_VOICES, PATHS, VOICES
from .paths import engine as engine_path
from .paths.base import Path, Reply, now
from .processes import Child, child, usage
from .report import Row, Section, Target
from .sdk import SDK_REPLIES
from .stats import Spread
from .tls import Trust, throwaway

BRIDGED = "OpenAI-compatible speech"
"""The family ``wyoming-openai`` bridges to (the fake ``/v1/audio/speech``: a request and its streamed answer)."""
FLOOR = "bare protocol"
"""The yardstick: :mod:`.floor`'s CosyVoice client, only what the protocol needs, through the same proxy."""
TARGETS = {"warm whole text": 1.2, "streamed": 1.1}
DOCUMENTED_FLOORS = {("CosyVoice", "warm whole text"): 2.0}
"""Round trips the docs make a client wait where they are more than one; the target is then this floor + 0.2."""
YARDSTICK_REPLIES = 3
"""The yardstick's replies per cell, in multiples of the other rows' (each is short; its median is every row's
reference, so its spread on a busy machine matters most)."""
MB = 1024 * 1024
RSS_EVERY = 0.5
"""Seconds between memory samples: sampling every 20 ms took 1.8 % of a core, about 14 ms of CPU per reply, which
the paths in the bench's own process would have been charged."""


@dataclass(frozen=True)
class Cost:
    """What a path's process spent on its replies in section 7's run."""

    cpu: float
    """Seconds of CPU (user + system) over the replies."""
    replies: int
    peak_rss: int
    """The highest resident memory sampled while it replied (bytes)."""
    shared: bool
    """The process is the bench's own (the client's work and everything imported are in the numbers too)."""

    @property
    def cpu_per_reply(self) -> float:
        """Seconds of CPU per reply."""
        return self.cpu / self.replies

    def __add__(self, other: Cost) -> Cost:
        """Both runs' costs together (the same path on another cloud)."""
        return Cost(self.cpu + other.cpu, self.replies + other.replies, max(self.peak_rss, other.peak_rss), self.shared)


@dataclass
class Results:
    """``"rtt ms | path | family | case"`` → round trips beyond the service's delay; each path's costs."""

    round_trips: dict[str, Spread] = field(default_factory=dict)
    costs: dict[str, Cost] = field(default_factory=dict)


class LateText:
    """The whole text, arriving ``late`` seconds after the reply opened; remembers when."""

    def __init__(self, late: float) -> None:
        self.late = late
        self.arrived: float | None = None

    async def __aiter__(self) -> AsyncIterator[str]:
        """Yield the text once, late."""
        await asyncio.sleep(self.late)
        self.arrived = now()
        yield TEXT


def far_fake(service: str, rtt: float, network: Network, trust: Trust) -> contextlib.AbstractAsyncContextManager[Child]:
    """The fake ``service`` behind its latency proxy, both in one process; ``address`` is the proxy's (TLS) URL."""
    args = ["-m", "bench.latency_proxy", "--fake", service, "--rtt", str(rtt)]
    args += ["--first-audio-delay", str(network.first_audio), *trust.proxy_flags()]
    args += [] if network.pace is None else ["--pace", str(network.pace)]
    return child(args, r"proxy at (\w+://\S+)")


def _round_trips(values: list[float], rtt: float) -> Spread:
    return Spread.of([value / rtt for value in values])


async def _whole(path: Path, voice: str, n: int, delay: float) -> list[float]:
    replies: list[Reply] = [await path.reply(TEXT, voice) for _ in range(n)]
    return [reply.first_audio - delay for reply in replies if reply.error is None]


async def _streamed(path: Path, voice: str, n: int, delay: float, late: float) -> list[float]:
    waits = []
    for _ in range(n):
        text = LateText(late)
        reply = await path.reply(text, voice)
        if reply.error is None and reply.first_audio_at is not None and text.arrived is not None:
            waits.append(reply.first_audio_at - text.arrived - delay)
    return waits


async def _costed(
    pid: int, replies: int, work: Awaitable[dict[str, list[float]]]
) -> tuple[dict[str, list[float]], Cost]:
    """Run ``work`` (``replies`` replies served by process ``pid``), sampling that process's CPU and memory."""
    before = usage(pid).cpu
    running = asyncio.ensure_future(work)
    peak = await peak_rss(pid, running, every=RSS_EVERY)
    result = await running
    return result, Cost(usage(pid).cpu - before, replies, peak, pid == os.getpid())


async def measure(config: Config) -> Results:
    """Every path and peer behind the proxy at the main round trip, the engine and the yardstick at each."""
    results = Results()
    with throwaway() as trust:
        for rtt in config.round_trips:
            await _at(rtt, rtt == config.main_round_trip, trust, config, results)
    return results


async def _at(rtt: float, every_path: bool, trust: Trust, config: Config, results: Results) -> None:
    delay, n = config.network.first_audio, config.network_replies
    key = f"{rtt * 1000:.0f}"
    spread = results.round_trips
    async with (
        far_fake("dashscope", rtt, config.network, trust) as dashscope,
        far_fake("huawei", rtt, config.network, trust) as huawei,
    ):
        urls = {"dashscope": dashscope.address, "huawei": huawei.address}
        async with floor.open_path(urls["dashscope"], trust) as bare:
            await bare.reply(TEXT, VOICES["CosyVoice"])  # warm up
            waits = await _whole(bare, VOICES["CosyVoice"], YARDSTICK_REPLIES * n, delay)
            spread[f"{key}|{FLOOR}|CosyVoice|warm whole text"] = _round_trips(waits, rtt)
        engine_replies = sum(len(CLOUD_VOICES[cloud]) for cloud in urls) * (3 * n + 1)
        engine_waits, engine_cost = await _costed(os.getpid(), engine_replies, _engine(urls, trust, config))
        for name, waits in engine_waits.items():
            spread[f"{key}|engine|{name}"] = _round_trips(waits, rtt)
        if not every_path:
            return
        results.costs["engine"] = engine_cost
        for name, opener in PATHS.items():
            if name == "engine":
                continue
            costs = []
            for cloud_id, url in urls.items():
                async with opener(url, cloud_id=cloud_id, trust=trust) as path:
                    voices = CLOUD_VOICES[cloud_id]
                    waits_of, cost = await _costed(path.pid, len(voices) * (2 * n + 1), _warm(path, voices, config))
                    costs.append(cost)
                for name_case, waits in waits_of.items():
                    spread[f"{key}|{name}|{name_case}"] = _round_trips(waits, rtt)
            results.costs[name] = sum(costs[1:], costs[0])
        voice = VOICES["CosyVoice"]
        async with livekit_peer.open_path(urls["dashscope"], voice, trust) as livekit:
            waits_of, results.costs[livekit.name] = await _costed(
                livekit.pid, 2 * n + 1, _warm(livekit, {"CosyVoice": voice}, config)
            )
            for name_case, waits in waits_of.items():
                spread[f"{key}|{livekit.name}|{name_case}"] = _round_trips(waits, rtt)
        async with (
            far_fake("openai", rtt, config.network, trust) as openai,
            bridge_peer.open_path(openai.address, trust) as bridge,
        ):
            waits_of, results.costs[bridge.name] = await _costed(
                bridge.pid, 2 * n + 1, _warm(bridge, {BRIDGED: bridge_peer.VOICE}, config)
            )
            for name_case, waits in waits_of.items():
                spread[f"{key}|{bridge.name}|{name_case}"] = _round_trips(waits, rtt)
        with _environment(trust.env()):  # the SDK's websocket-client reads its CA bundle from the environment
            for family, sdk_reply in SDK_REPLIES.items():
                replies = [
                    await asyncio.to_thread(sdk_reply, urls["dashscope"], TEXT, VOICES[family]) for _ in range(n)
                ]
                waits = [reply.first_audio - delay for reply in replies if reply.error is None]
                spread[f"{key}|official SDK|{family}|as documented"] = _round_trips(waits, rtt)


async def _warm(path: Path, voices: dict[str, str], config: Config) -> dict[str, list[float]]:
    """``"family | case"`` → seconds beyond the delay, for whole and streamed texts on a path kept warm."""
    delay, n = config.network.first_audio, config.network_replies
    waits: dict[str, list[float]] = {}
    for family, voice in voices.items():
        await path.reply(TEXT, voice)  # warm up
        waits[f"{family}|warm whole text"] = await _whole(path, voice, n, delay)
        waits[f"{family}|streamed"] = await _streamed(path, voice, n, delay, config.late_text)
    return waits


async def _engine(urls: dict[str, str], trust: Trust, config: Config) -> dict[str, list[float]]:
    """``"family | case"`` → seconds beyond the delay: cold (a connection per reply), warm whole text, streamed."""
    delay, n = config.network.first_audio, config.network_replies
    waits: dict[str, list[float]] = {}
    for cloud_id, url in urls.items():
        voices = CLOUD_VOICES[cloud_id]
        async with engine_path.open_path(url, cloud_id=cloud_id, trust=trust, warm=False) as cold:
            for family, voice in voices.items():
                waits[f"{family}|cold"] = await _whole(cold, voice, n, delay)
        async with engine_path.open_path(url, cloud_id=cloud_id, trust=trust) as path:
            for family, voice in voices.items():
                await path.provider.prewarm(SynthesisOptions(voice=voice))  # Home Assistant's entity keeps it ready
                waits |= await _warm(path, {family: voice}, config)
    return waits


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def section(results: Results, config: Config) -> Section:
    """The round-trip table, each path's costs, the targets."""
    main = f"{config.main_round_trip * 1000:.0f}"
    out = Section(
        "7. On a real network: first audio in round trips",
        "Each fake runs inside a latency proxy's process (`bench/latency_proxy.py`) that adds a round trip of "
        f"{', '.join(f'{r * 1000:.0f}' for r in config.round_trips)} ms and is the service's TLS end: every client "
        "speaks `wss://` (or `https://`) to it with a throwaway CA it trusts (`bench/tls.py`, trustme), the TLS "
        "records cross the delay like any bytes, so a new connection pays TCP's round trip (by delay), TLS 1.3's "
        "(for real, and its CPU in the client) and the upgrade's. Each number is the time to the first PCM minus "
        "the fake's first-audio delay, in round trips (p50, p99): *cold* is the engine connecting per reply; "
        "*warm whole text* a whole text on a path kept warm as it keeps itself (the engine prewarmed for the voice, "
        "Home Assistant's entity keeping its voice's connection ready); *streamed* the text arriving "
        f"{config.late_text} s after the reply opened (Assist with an LLM), counted from its arrival. "
        f"{config.network_replies} replies per cell; every "
        f"path at {main} ms on every family (Huawei Cloud's through a Huawei account on each path), the engine "
        "and the yardstick at every round trip. In the same run: the official SDK as documented (a connection per "
        "call), LiveKit's plugin (`livekit-plugins-aliyun`, CosyVoice, its pool keeping the connection) and, for "
        "the bridge comparison, `wyoming-openai` (asked as the Wyoming server is) in front of a fake "
        "OpenAI-compatible `/v1/audio/speech` with the same first-audio delay and pace (one round trip per reply "
        "on a kept-alive connection: compare it with Sambert and Huawei real-time TTS, whose protocols also take "
        f"one). *{FLOOR}* is the yardstick: a client doing only what CosyVoice's protocol needs (2 round trips "
        "for a whole text), through the same proxy; what it takes beyond 2 is the machine's (a process woken on "
        "every hop) and the fake's, which every row carries too. CPU per reply and peak RSS are each path's "
        "process over its replies here (the engine, Home Assistant and LiveKit's plugin share the bench's "
        "process: its client work and imports are in their numbers).",
    )
    for key, spread in results.round_trips.items():
        rtt, path, family, case = key.split("|")
        out.rows += [
            Row(f"{rtt} ms, {path}, {family}, {case}: p50", spread.p50, "RTT"),
            Row(f"{rtt} ms, {path}, {family}, {case}: p99", spread.p99, "RTT"),
        ]
        if case in TARGETS and path in PATHS:
            documented = DOCUMENTED_FLOORS.get((family, case))
            limit = TARGETS[case] if documented is None else documented + 0.2
            met = spread.p50 <= limit
            yardstick = results.round_trips.get(f"{rtt}|{FLOOR}|CosyVoice|warm whole text")
            why = "" if met else _why(family, case, yardstick)
            out.targets.append(
                Target(f"{rtt} ms, {path}, {family}, {case}: ≤ {limit} round trips", f"p50 {spread.p50:.2f}", met, why)
            )
    for path, cost in results.costs.items():
        shared = " (the bench's process)" if cost.shared else ""
        out.rows += [
            Row(f"{main} ms, {path}{shared}: CPU per reply", cost.cpu_per_reply * 1000, "ms"),
            Row(f"{main} ms, {path}{shared}: peak RSS", cost.peak_rss / MB, "MB"),
        ]
    _no_worse(out, results.round_trips, main)
    return out


def _no_worse(out: Section, spreads: dict[str, Spread], main: str) -> None:
    """The issue's target: Qwen through the Wyoming server no worse than through the engine."""
    for case in TARGETS:
        engine = spreads.get(f"{main}|engine|Qwen-TTS realtime|{case}")
        server = spreads.get(f"{main}|wyoming|Qwen-TTS realtime|{case}")
        if engine is None or server is None:
            continue
        met = server.p50 <= engine.p50 + 0.1
        out.targets.append(
            Target(
                f"{main} ms, Qwen-TTS realtime, {case}: the Wyoming server no worse than the engine (+0.1 round trip)",
                f"p50 {server.p50:.2f} against {engine.p50:.2f}",
                met,
                ""
                if met
                else "The Wyoming client's connection to the server and the server's own hop, on loopback, at every "
                "reply: a few milliseconds, the size of the yardstick's own spread on this machine.",
            )
        )


def _why(family: str, case: str, yardstick: Spread | None) -> str:
    if case == "warm whole text" and family == "CosyVoice":
        return (
            "The documented floor is 2 round trips: Model Studio's protocol says to send continue-task only after "
            "task-started (shared/docs/cloud-protocols.md §3.2), and a task started ahead without text fails after "
            "23 s (task-failed, the connection closed; an empty finish-task fails too: 'text is null'), so a task "
            "kept ready would fail and reconnect every 23 s, each a request counted against the account's rate "
            "quota. The docs promise no way to hold a task open without text, so the engine waits for task-started."
        )
    if yardstick is None:
        return "Not met in this run: see the rows; the service's first-audio delay is subtracted, the rest is ours."
    return (
        f"The bare protocol client took {yardstick.p50 - 2:.2f} round trips beyond its floor at this round trip in "
        "the same run: the machine's and the fake's own time, which every row here carries too; the rest is the "
        "path's."
    )
