"""Endpoint overrides: the scheme and host that replace a service's own (a proxy, a private deployment, tests)."""

from __future__ import annotations

from yarl import URL

from .errors import InvalidRequestError

SCHEMES = frozenset({"ws", "wss", "http", "https"})


def check_endpoint(value: str, what: str, example: str) -> None:
    """Raise an InvalidRequestError naming ``what`` unless ``value`` is a URL with a scheme and a host."""
    try:
        url = URL(value)
        valid = url.scheme in SCHEMES and bool(url.host)
    except ValueError:
        valid = False
    if not valid:
        raise InvalidRequestError(f"The {what} '{value}' is not a URL; give its scheme and host, like {example}")
