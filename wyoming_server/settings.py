"""The server's settings: from the command line, or from a TOML file for several providers at once."""

from __future__ import annotations

import argparse
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from cloud_tts_engine.accounts import PROVIDERS

DEFAULT_URI = "tcp://0.0.0.0:10200"
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
    speed: float = 1.0
    pitch: float = 1.0
    volume: int = 50
    sample_rate: int | None = None


@dataclass(frozen=True)
class Preset:
    """A named style offered as a speaker of every voice (Home Assistant sends only voice and speaker)."""

    name: str
    speed: float | None = None
    pitch: float | None = None
    volume: int | None = None
    instructions: str | None = None


@dataclass(frozen=True)
class ServerSettings:
    """Everything the server needs to start."""

    uri: str
    providers: tuple[ProviderSettings, ...]
    presets: tuple[Preset, ...] = ()
    zeroconf: str | None = None
    """The service name to announce, "" for the default, None for no announcement."""
    debug: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


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
    parser.add_argument("--provider", choices=PROVIDERS)
    parser.add_argument("--region")
    parser.add_argument("--endpoint", help="replace the service's scheme and host, e.g. ws://127.0.0.1:8080")
    parser.add_argument("--model")
    parser.add_argument("--voice", help="the default voice")
    parser.add_argument("--speed", type=float, default=1.0, help="0.5-2.0")
    parser.add_argument("--pitch", type=float, default=1.0, help="0.5-2.0")
    parser.add_argument("--volume", type=int, default=50, help="0-100")
    parser.add_argument("--sample-rate", type=int)
    parser.add_argument("--iam-endpoint", help="replace Huawei IAM's scheme and host")
    parser.add_argument("--project-id", help="Huawei Cloud project ID (needed with an access key)")
    parser.add_argument("--config", type=Path, help="TOML file configuring one or more providers")
    parser.add_argument("--zeroconf", nargs="?", const="", default=None, metavar="NAME", help="announce over mDNS")
    parser.add_argument("--debug", action="store_true", help="log debug messages")
    return parser


def from_arguments(argv: list[str] | None = None) -> ServerSettings:
    """Read the settings from the command line (and ``--config``)."""
    args = parser().parse_args(argv)
    if args.config is not None:
        if args.provider is not None:
            raise SettingsError("Give either --config or --provider, not both")
        settings = from_file(args.config)
        return ServerSettings(
            uri=args.uri or settings.uri,
            providers=settings.providers,
            presets=settings.presets,
            zeroconf=args.zeroconf if args.zeroconf is not None else settings.zeroconf,
            debug=args.debug or settings.debug,
        )
    if args.provider is None:
        raise SettingsError("Give --provider dashscope|huawei, or --config FILE")
    provider = ProviderSettings(
        provider=args.provider,
        region=args.region,
        endpoint=args.endpoint,
        iam_endpoint=args.iam_endpoint,
        project_id=args.project_id,
        model=args.model,
        voice=args.voice,
        speed=args.speed,
        pitch=args.pitch,
        volume=args.volume,
        sample_rate=args.sample_rate,
    )
    return ServerSettings(uri=args.uri or DEFAULT_URI, providers=(provider,), zeroconf=args.zeroconf, debug=args.debug)


def from_file(path: Path) -> ServerSettings:
    """Read a TOML file: top-level ``uri``/``zeroconf``/``debug``, ``[[provider]]`` tables, ``[presets.NAME]``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SettingsError(f"Cannot read --config {path}: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"--config {path} is not valid TOML: {err}") from err
    unknown = set(data) - {"uri", "zeroconf", "debug", "provider", "presets"}
    if unknown:
        raise SettingsError(f"{path}: unknown setting '{sorted(unknown)[0]}'")
    tables = data.get("provider")
    if not isinstance(tables, list) or not tables:
        raise SettingsError(f"{path}: add at least one [[provider]] table")
    providers = tuple(
        _table(ProviderSettings, table, f"{path}: [[provider]] #{n}") for n, table in enumerate(tables, 1)
    )
    for index, provider in enumerate(providers, 1):
        if provider.provider not in PROVIDERS:
            raise SettingsError(f"{path}: [[provider]] #{index}: provider must be one of {', '.join(PROVIDERS)}")
    presets_table = data.get("presets", {})
    if not isinstance(presets_table, dict):
        raise SettingsError(f"{path}: [presets] must be a table of tables")
    presets = tuple(
        _table(Preset, {"name": name, **values}, f"{path}: [presets.{name}]") for name, values in presets_table.items()
    )
    zeroconf = data.get("zeroconf")
    return ServerSettings(
        uri=str(data.get("uri", DEFAULT_URI)),
        providers=providers,
        presets=presets,
        zeroconf=("" if zeroconf is True else None if zeroconf in (None, False) else str(zeroconf)),
        debug=bool(data.get("debug", False)),
    )


def _table(kind: type[_T], table: object, where: str) -> _T:
    if not isinstance(table, dict):
        raise SettingsError(f"{where} must be a table")
    names = {f.name: f for f in fields(kind)}  # type: ignore[arg-type]
    unknown = set(table) - set(names)
    if unknown:
        raise SettingsError(f"{where}: unknown setting '{sorted(unknown)[0]}'")
    for name, value in table.items():
        expected = str(names[name].type)
        if "float" in expected and isinstance(value, int) and not isinstance(value, bool):
            table[name] = float(value)
        elif ("int" in expected and not isinstance(value, int)) or ("str" in expected and not isinstance(value, str)):
            raise SettingsError(f"{where}: {name} = {value!r} has the wrong type ({expected})")
    try:
        return kind(**table)
    except TypeError as err:
        raise SettingsError(f"{where}: {err}") from err
