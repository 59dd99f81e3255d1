"""``python -m wyoming_server`` (also the command ``wyoming-cloud-tts``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from cloud_tts_engine import InvalidRequestError

from .server import serve
from .settings import ServerSettings, SettingsError, from_arguments


def main(argv: list[str] | None = None) -> int:
    """Run the server; a wrong setting stops it with one line naming the setting."""
    try:
        settings = from_arguments(argv)
        logging.basicConfig(
            level=logging.DEBUG if settings.debug else logging.INFO,
            format=settings.log_format,
        )
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_run(settings))
    except (SettingsError, InvalidRequestError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


async def _run(settings: ServerSettings) -> None:
    """Serve until interrupted or terminated (SIGTERM, e.g. ``docker stop``), then shut down cleanly."""
    task = asyncio.current_task()
    assert task is not None
    with contextlib.suppress(NotImplementedError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await serve(settings)


if __name__ == "__main__":
    sys.exit(main())
