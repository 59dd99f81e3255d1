"""Command line: ``python -m cloud_tts_engine say|voices``.

``say`` writes a WAV of the text to stdout (or ``--output``); with ``-`` as the
text it speaks stdin line by line as the lines arrive. Secrets come from the
environment, never from the command line: each cloud names its variables
(:class:`~.registry.Field`), e.g. ``DASHSCOPE_API_KEY`` for Model Studio;
``HUAWEICLOUD_SDK_AK``/``_SK`` or ``HUAWEICLOUD_IAM_DOMAIN``/``_USER``/``_PASSWORD``
for Huawei Cloud.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator
from typing import BinaryIO

import aiohttp

from . import dashscope, huawei  # noqa: F401 - the built-in clouds register themselves
from .errors import InvalidRequestError, TtsError
from .fallback import Speaker, with_fallbacks
from .models import AudioFormat, SynthesisOptions
from .registry import cloud, clouds
from .stream import AudioStream, TextInput
from .wav import wav_header


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (1 after a failure, said in one line)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "voices":
            _list_voices(args)
        else:
            asyncio.run(_say(args))
    except TtsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except _OutputError as err:
        print(f"error: cannot write {err.path}: {err.reason}", file=sys.stderr)
        return 1
    return 0


class _OutputError(Exception):
    """The WAV could not be written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cloud_tts_engine", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    offered = list(clouds())
    default_regions = ", ".join(f"{spec.default_region} ({spec.id})" for spec in offered)
    for name in ("say", "voices"):
        command = commands.add_parser(name)
        command.add_argument("--provider", choices=[spec.id for spec in offered], default=offered[0].id)
        command.add_argument("--region", help=f"default: {default_regions}")
    say = commands.choices["say"]
    say.add_argument("text", help="text to speak, or - to read lines from stdin as they come")
    say.add_argument("--endpoint", help="replace the service's scheme and host, e.g. ws://127.0.0.1:8080")
    say.add_argument("--iam-endpoint", help="replace Huawei IAM's scheme and host")
    say.add_argument("--project-id", help="Huawei Cloud project ID (needed with an access key)")
    say.add_argument("--model", help="e.g. cosyvoice-v3-flash, qwen3-tts-flash-realtime, sambert (see: voices)")
    say.add_argument("--voice")
    say.add_argument("--fallback-voice", help="a voice of the account that speaks if --voice fails to begin")
    defaults = SynthesisOptions()
    say.add_argument("--speed", type=float, help=f"0.5-2.0 (default {defaults.speed})")
    say.add_argument("--pitch", type=float, help=f"0.5-2.0 (default {defaults.pitch})")
    say.add_argument("--volume", type=int, help=f"0-100 (default {defaults.volume})")
    say.add_argument("--sample-rate", type=int)
    say.add_argument("--language", help="BCP-47, e.g. zh-CN")
    say.add_argument("--instructions")
    say.add_argument("--optimize-instructions", action="store_true", help="let the service improve them (Qwen)")
    say.add_argument("--ssml", action="store_true", help="the text is SSML")
    say.add_argument(
        "--no-clean-text",
        dest="clean_text",
        action="store_false",
        help="send the text as it is (default: without Markdown, emoji, reasoning blocks and URL paths)",
    )
    say.add_argument("--output", "-o", help="WAV file to write (default: stdout)")
    return parser


def _list_voices(args: argparse.Namespace) -> None:
    spec = cloud(args.provider)
    region = args.region or spec.default_region
    catalog = spec.catalog
    if region not in catalog.region_names:
        raise InvalidRequestError(
            f"Unknown {args.provider} region '{region}'; use one of: {', '.join(catalog.region_names)}"
        )
    for voice in catalog.voices_in(region):
        languages = ",".join(voice.languages)
        print(f"{voice.model}\t{voice.id}\t{languages}\t{voice.name}\t{voice.local_name or ''}")


async def _say(args: argparse.Namespace) -> None:
    options = SynthesisOptions.from_record(vars(args))
    text: TextInput = _stdin_lines() if args.text == "-" else args.text
    spec = cloud(args.provider)
    account = spec.data_from_environment(
        os.environ,
        region=args.region,
        endpoint=args.endpoint,
        iam_endpoint=args.iam_endpoint,
        project_id=args.project_id,
    )
    async with aiohttp.ClientSession() as session, spec.provider(account, session) as provider:
        speaker = Speaker(provider, options)
        if args.fallback_voice:
            speaker = with_fallbacks([speaker, Speaker(provider, provider.with_voice(options, args.fallback_voice))])
        await _write(speaker.provider.synthesize(text, speaker.options), args.output)


async def _write(audio: AudioStream, output: str | None) -> None:
    """Write ``audio`` as a WAV, its header with the first audio (whose format is final then)."""
    async with audio:
        first = await anext(audio)  # fail before anything is written
        try:
            with open(output, "wb") if output else sys.stdout.buffer as out:  # noqa: ASYNC230 - our own output
                out.write(wav_header(audio.format) + first)
                size = len(first)
                async for pcm in audio:
                    out.write(pcm)
                    out.flush()
                    size += len(pcm)
                _fix_wav_length(out, audio.format, size)
        except OSError as err:  # the engine's own failures are TtsErrors: this is the output's
            raise _OutputError(output or "stdout", err.strerror or str(err)) from err


def _fix_wav_length(out: BinaryIO, audio_format: AudioFormat, size: int) -> None:
    """Write the real length into the header when the output is a file."""
    if out.seekable():
        out.seek(0)
        out.write(wav_header(audio_format, size))


async def _stdin_lines() -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        yield line


if __name__ == "__main__":
    sys.exit(main())
