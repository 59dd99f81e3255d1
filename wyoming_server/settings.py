"""The server's settings: from the command line, or from a TOML file for several providers at once."""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, get_args, get_type_hints

from cloud_tts_engine import SynthesisOptions, __version__, clouds

DEFAULT_URI = "tcp://0.0.0.0:10200"
DEFAULT_ZEROCONF_NAME = "cloud-tts"
DEFAULT_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ACCOUNT_SETTINGS = ("region", "endpoint", "iam_endpoint", "project_id")
"""An account's settings that are not secrets (those come only from the environment)."""
_DEFAULTS = SynthesisOptions()
_T = TypeVar("_T")


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it."""


@dataclass(frozen=True)
class ProviderSettings:
    """One cloud account and the defaults of its replies."""

    provider: str
    region: str | None = None
    endpoint: str | None = None
    iam_endpoint: str | None = None
    project_id: str | None = None
    model: str | None = None
    voice: str | None = None
    speed: float = _DEFAULTS.speed
    pitch: float = _DEFAULTS.pitch
    volume: int = _DEFAULTS.volume
    sample_rate: int | None = None
    clean_text: bool = _DEFAULTS.clean_text
    """Speak replies without Markdown, emoji and reasoning blocks (the engine's speech-ready text)."""

    def account_settings(self) -> dict[str, str | None]:
        """Return the account's settings that are not secrets, as the cloud's flat account data names them."""
        return {name: getattr(self, name) for name in ACCOUNT_SETTINGS}

    def reply_options(self) -> SynthesisOptions:
        """Return the options of a reply with these defaults."""
        return SynthesisOptions.from_record(
            {"model": self.model, "voice": self.voice, "speed": self.speed, "pitch": self.pitch}
            | {"volume": self.volume, "sample_rate": self.sample_rate, "clean_text": self.clean_text}
        )


@dataclass(frozen=True)
class Preset:
    """A named style offered as a speaker of every voice (Home Assistant sends only voice and speaker)."""

    name: str
    speed: float | None = None
    pitch: float | None = None
    volume: int | None = None
    instructions: str | None = None
    fallback: str | None = None
    """The voice that speaks a reply with this speaker whose voice fails before its first audio (unless the voice
    names its own in ``[fallbacks]``)."""
    clean_text: bool | None = None


@dataclass(frozen=True)
class Limits:
    """What one client connection may ask of the server (generous for Home Assistant and satellites)."""

    idle_timeout: float = 300.0
    """Seconds a connection may stay silent while none of its replies is in progress."""
    write_timeout: float = 30.0
    """Seconds a client may leave the server's writes unread before it is disconnected."""
    max_queued_replies: int = 8
    """Replies in progress or waiting on one connection; requests beyond are refused with an error."""
    max_event_bytes: int = 1024 * 1024
    """The data and payload one event may declare, together."""

    def check(self, spell: Callable[[str], str]) -> Limits:
        """Return these limits, or refuse one that is not positive (named as ``spell`` writes its name)."""
        for name in _LIMIT_NAMES:
            if getattr(self, name) <= 0:
                raise SettingsError(f"{spell(name)} must be greater than 0")
        return self


@dataclass(frozen=True)
class ServerSettings:
    """Everything the server needs to start."""

    uri: str
    providers: tuple[ProviderSettings, ...]
    presets: tuple[Preset, ...] = ()
    limits: Limits = field(default_factory=Limits)
    zeroconf: str | None = None
    """The service name to announce, None for no announcement."""
    debug: bool = False
    log_format: str = DEFAULT_LOG_FORMAT
    extra: dict[str, Any] = field(default_factory=dict)
    fallbacks: dict[str, str] = field(default_factory=dict)
    """Voice name → the voice that speaks a reply it fails before its first audio."""


def parser() -> argparse.ArgumentParser:
    """Return the command line (a contract: the README, the Docker image and the add-on use exactly these)."""
    parser = argparse.ArgumentParser(
        prog="wyoming-cloud-tts",
        description="Wyoming TTS server for Alibaba Cloud Model Studio and Huawei Cloud SIS voices. "
        "Secrets come from the environment: DASHSCOPE_API_KEY (+ DASHSCOPE_WORKSPACE); "
        "HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK, or HUAWEICLOUD_IAM_DOMAIN + HUAWEICLOUD_IAM_USER + "
        "HUAWEICLOUD_IAM_PASSWORD.",
    )
    parser.add_argument("--uri", default=None, help=f"where to listen (default {DEFAULT_URI})")
    parser.add_argument("--provider", choices=_cloud_ids())
    parser.add_argument("--region")
    parser.add_argument("--endpoint", help="replace the service's scheme and host, e.g. ws://127.0.0.1:8080")
    parser.add_argument("--model")
    parser.add_argument("--voice", help="the default voice")
    parser.add_argument("--speed", type=float, help="0.5-2.0 (default 1.0)")
    parser.add_argument("--pitch", type=float, help="0.5-2.0 (default 1.0)")
    parser.add_argument("--volume", type=int, help="0-100 (default 50)")
    parser.add_argument("--sample-rate", type=int)
    parser.add_argument("--iam-endpoint", help="replace Huawei IAM's scheme and host")
    parser.add_argument("--project-id", help="Huawei Cloud project ID (needed with an access key)")
    parser.add_argument("--config", type=Path, help="TOML file configuring one or more providers")
    parser.add_argument(
        "--zeroconf",
        nargs="?",
        const=DEFAULT_ZEROCONF_NAME,
        default=None,
        metavar="NAME",
        help=f"announce over mDNS as NAME (default {DEFAULT_ZEROCONF_NAME}; each server on a network needs its own)",
    )
    parser.add_argument("--debug", action="store_true", help="log debug messages")
    limits = Limits()
    parser.add_argument(
        "--idle-timeout",
        type=float,
        metavar="SECONDS",
        help=f"close a connection silent this long with no reply in progress (default {limits.idle_timeout:g})",
    )
    parser.add_argument(
        "--write-timeout",
        type=float,
        metavar="SECONDS",
        help=f"disconnect a client that leaves replies unread this long (default {limits.write_timeout:g})",
    )
    parser.add_argument(
        "--max-queued-replies",
        type=int,
        metavar="N",
        help=f"replies in progress or waiting per connection; beyond, refused (default {limits.max_queued_replies})",
    )
    parser.add_argument(
        "--max-event-bytes",
        type=int,
        metavar="N",
        help=f"the data and payload one event may declare (default {limits.max_event_bytes})",
    )
    parser.add_argument("--log-format", default=DEFAULT_LOG_FORMAT, help="format of log lines (Python logging's)")
    parser.add_argument("--version", action="version", version=__version__)
    return parser


def from_arguments(argv: list[str] | None = None) -> ServerSettings:
    """Read the settings from the command line (and ``--config``)."""
    args = parser().parse_args(argv)
    if args.config is not None:
        given = [name for name in _PROVIDER_FLAGS if getattr(args, name) is not None]
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise SettingsError(f"{flag} goes in the --config file's [[provider]] table, not beside --config")
        settings = from_file(args.config)
        return ServerSettings(
            uri=_checked_uri(args.uri, "--uri") if args.uri else settings.uri,
            providers=settings.providers,
            presets=settings.presets,
            fallbacks=settings.fallbacks,
            zeroconf=args.zeroconf if args.zeroconf is not None else settings.zeroconf,
            debug=args.debug or settings.debug,
            limits=_limits_from(args, settings.limits),
            log_format=args.log_format,
        )
    if args.provider is None:
        raise SettingsError(f"Give --provider {'|'.join(_cloud_ids())}, or --config FILE")
    flags = {name: getattr(args, name) for name in _PROVIDER_FLAGS if getattr(args, name) is not None}
    provider = ProviderSettings(**flags)
    uri = _checked_uri(args.uri or DEFAULT_URI, "--uri")
    return ServerSettings(
        uri=uri,
        providers=(provider,),
        zeroconf=args.zeroconf,
        debug=args.debug,
        limits=_limits_from(args, Limits()),
        log_format=args.log_format,
    )


def _limits_from(args: argparse.Namespace, limits: Limits) -> Limits:
    """``limits`` with the flags given on the command line."""
    given = {name: getattr(args, name) for name in _LIMIT_NAMES if getattr(args, name) is not None}
    return replace(limits, **given).check(lambda name: "--" + name.replace("_", "-"))


def from_file(path: Path) -> ServerSettings:
    """Read a TOML file: ``uri``/``zeroconf``/``debug``, ``[[provider]]``, ``[presets.NAME]``, ``[limits]``.

    ``[fallbacks]`` maps voice names to the voices that speak for them.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SettingsError(f"Cannot read --config {path}: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"--config {path} is not valid TOML: {err}") from err
    unknown = set(data) - {"uri", "zeroconf", "debug", "provider", "presets", "fallbacks", "limits"}
    if unknown:
        raise SettingsError(f"{path}: unknown setting '{sorted(unknown)[0]}'")
    tables = data.get("provider")
    if not isinstance(tables, list) or not tables:
        raise SettingsError(f"{path}: add at least one [[provider]] table")
    providers = tuple(
        _table(ProviderSettings, table, f"{path}: [[provider]] #{n}") for n, table in enumerate(tables, 1)
    )
    for index, provider in enumerate(providers, 1):
        if provider.provider not in _cloud_ids():
            raise SettingsError(f"{path}: [[provider]] #{index}: provider must be one of {', '.join(_cloud_ids())}")
    presets_table = data.get("presets", {})
    if not isinstance(presets_table, dict) or not all(isinstance(v, dict) for v in presets_table.values()):
        raise SettingsError(f"{path}: [presets] must be tables like [presets.slow]")
    presets = []
    for name, values in presets_table.items():
        if "name" in values:
            raise SettingsError(f"{path}: [presets.{name}]: unknown setting 'name'")
        presets.append(_table(Preset, {"name": name, **values}, f"{path}: [presets.{name}]"))
    fallbacks = data.get("fallbacks", {})
    if not isinstance(fallbacks, dict) or not all(isinstance(v, str) for v in fallbacks.values()):
        raise SettingsError(f'{path}: [fallbacks] names voices, like longanyang = "sambert-zhichu-v1"')
    zeroconf = data.get("zeroconf", False)
    if not isinstance(zeroconf, bool | str):
        raise SettingsError(f"{path}: zeroconf must be true, false or a name")
    name = zeroconf if isinstance(zeroconf, str) and zeroconf else None if zeroconf is False else DEFAULT_ZEROCONF_NAME
    debug = data.get("debug", False)
    if not isinstance(debug, bool):
        raise SettingsError(f"{path}: debug must be true or false")
    uri = data.get("uri", DEFAULT_URI)
    if not isinstance(uri, str):
        raise SettingsError(f'{path}: uri must be a string like "{DEFAULT_URI}"')
    limits = _table(Limits, data.get("limits", {}), f"{path}: [limits]").check(lambda name: f"{path}: [limits] {name}")
    return ServerSettings(
        uri=_checked_uri(uri, f"{path}: uri"),
        providers=providers,
        presets=tuple(presets),
        fallbacks=fallbacks,
        zeroconf=name,
        debug=debug,
        limits=limits,
    )


def _checked_uri(uri: str, where: str) -> str:
    scheme, _, rest = uri.partition("://")
    if scheme == "tcp":
        host, _, port = rest.rpartition(":")
        if host and port.isdigit():
            return uri
    elif scheme == "unix" and rest:
        return uri
    raise SettingsError(f"{where} must be tcp://HOST:PORT or unix://PATH, got '{uri}'")


_LIMIT_NAMES = ("idle_timeout", "write_timeout", "max_queued_replies", "max_event_bytes")
_PROVIDER_FLAGS = (
    "provider",
    "region",
    "endpoint",
    "iam_endpoint",
    "project_id",
    "model",
    "voice",
    "speed",
    "pitch",
    "volume",
    "sample_rate",
)


def _cloud_ids() -> list[str]:
    return [spec.id for spec in clouds()]


def _fits(value: object, hint: object) -> bool:
    """Whether ``value`` is of the type ``hint`` (``str``, ``int | None``…); a bool is not a number."""
    kinds = get_args(hint) or (hint,)
    if value is None:
        return type(None) in kinds
    fits = any(isinstance(kind, type) and isinstance(value, kind) for kind in kinds)
    return fits and (bool in kinds or not isinstance(value, bool))


def _type_name(hint: object) -> str:
    kinds = [kind for kind in get_args(hint) or (hint,) if kind is not type(None)]
    return " or ".join(getattr(kind, "__name__", str(kind)) for kind in kinds)


def _table(kind: type[_T], table: object, where: str) -> _T:
    if not isinstance(table, dict):
        raise SettingsError(f"{where} must be a table")
    hints = get_type_hints(kind)
    unknown = set(table) - set(hints)
    if unknown:
        raise SettingsError(f"{where}: unknown setting '{sorted(unknown)[0]}'")
    for name, given in list(table.items()):
        expected = hints[name]
        value = float(given) if float in (get_args(expected) or (expected,)) and type(given) is int else given
        if not _fits(value, expected):
            raise SettingsError(f"{where}: {name} = {given!r} should be {_type_name(expected)}")
        table[name] = value
    try:
        return kind(**table)
    except TypeError as err:
        raise SettingsError(f"{where}: {err}") from err
