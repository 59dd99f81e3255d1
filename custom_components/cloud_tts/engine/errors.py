"""The one error hierarchy every provider maps its failures into.

Each message is meant for the person who can fix it: it says what went wrong
and what to check. ``code`` keeps the service's own error code, if it gave one.
Messages never contain credentials.
"""

from __future__ import annotations


class TtsError(Exception):
    """A synthesis request failed."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        """Keep the user-facing message and the service's error code."""
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        """Return the message, followed by the service's code when known."""
        return f"{self.message} [{self.code}]" if self.code else self.message


class AuthenticationError(TtsError):
    """The service rejected the credentials (wrong, expired or from another region)."""


class RegionMismatchError(AuthenticationError):
    """The credentials are valid, but for another region (or another region's project).

    ``region`` is the region they work in, when the service lets that be found out.
    """

    def __init__(self, message: str, *, code: str | None = None, region: str | None = None) -> None:
        """Keep the message, the service's code and the region the credentials belong to."""
        super().__init__(message, code=code)
        self.region = region


class QuotaExceededError(TtsError):
    """The account may not speak now: its balance or quota is exhausted, and its owner must act.

    The subclass :class:`RateLimitedError` is a passing refusal instead: too many requests for now.
    """


class RateLimitedError(QuotaExceededError):
    """The service is rate limiting the account for now (too many requests at once); retry shortly."""


class InvalidRequestError(TtsError):
    """The request itself is wrong: voice, model, parameter or text."""


class ServiceUnavailableError(TtsError):
    """The service could not be reached or failed on its side; retry later."""


class TtsTimeoutError(ServiceUnavailableError):
    """The service did not answer within a deadline."""


class ProtocolError(TtsError):
    """The service answered something the protocol does not allow."""
