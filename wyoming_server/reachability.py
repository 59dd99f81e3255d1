"""Accounts whose service could not be reached at start-up, checked again in the background until it answers."""

from __future__ import annotations

import asyncio
import logging

from cloud_tts_engine import AuthenticationError, InvalidRequestError, TtsError, TtsProvider

from .settings import SettingsError
from .voices import Account

_LOGGER = logging.getLogger(__name__)

FIRST_RETRY = 2.0
"""Seconds before the first check again; each later one waits twice as long, up to ``LAST_RETRY``."""
LAST_RETRY = 60.0


class Reachability:
    """Which services have answered; a reply to one that has not fails at once with why."""

    def __init__(self) -> None:
        """Start with every service taken as reachable."""
        self.unreachable: dict[TtsProvider, str] = {}
        """Provider → the error each reply to it gets, until its service answers."""

    async def check(self, account: Account, where: str) -> None:
        """Check ``account``'s credentials; if its service cannot be reached, say so once and serve anyway.

        Credentials or settings the service refuses raise :class:`SettingsError`.
        """
        if (err := await _unanswered(account, where)) is not None:
            self.unreachable[account.provider] = (
                f"{account.label} has not been reachable since the server started ({err}); "
                "checking again in the background"
            )
            _LOGGER.warning("%s cannot be reached (%s); serving anyway, checking again in the background", where, err)

    async def recheck(self, account: Account, where: str) -> None:
        """Check ``account`` again, waiting longer each time, until its service answers (then log it)."""
        delay = FIRST_RETRY
        while account.provider in self.unreachable:
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_RETRY)
            if (err := await _unanswered(account, where)) is not None:
                _LOGGER.debug("%s still cannot be reached (%s)", where, err)
                continue
            del self.unreachable[account.provider]
            _LOGGER.info("%s is reachable now", where)


async def _unanswered(account: Account, where: str) -> TtsError | None:
    """Return why the service did not answer a credentials check, None if it accepted them."""
    try:
        await account.provider.validate_credentials()
    except (AuthenticationError, InvalidRequestError) as err:
        raise SettingsError(f"{where}: {err}") from err
    except TtsError as err:
        return err
    return None
