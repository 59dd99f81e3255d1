"""The clouds the engine speaks with: each registers one :class:`Cloud`, and every front reads them from here.

A cloud declares its names, regions and catalog, how its accounts sign in (the
fields of each way, which of them are secret, which environment variables the
command lines read them from) and how a provider is made from an account's flat
data: ``{"region": ..., "endpoint": ..., <sign-in fields>}``, the same record a
Home Assistant config entry holds and the Wyoming server's settings give. The
integration, the Wyoming server and the command line never name a cloud.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession

from .catalog import Catalog
from .errors import AuthenticationError, InvalidRequestError
from .models import Deadlines
from .provider import TtsProvider


@dataclass(frozen=True, slots=True)
class Field:
    """One setting of a way to sign in, under the name an account's flat data uses."""

    key: str
    secret: bool = False
    """Never shown, logged or kept in diagnostics; the command lines read it only from ``env``."""
    optional: bool = False
    env: str | None = None
    """The environment variable the command lines read it from (``None``: a setting, e.g. ``--project-id``)."""
    identifies: bool = True
    """Tells one sign-in from another (a key, a user name); ``False`` for what only proves it (a password)."""
    names_account: bool = False
    """Names the account to people (an account name, a workspace, a project), so titles can tell accounts apart."""


def _nothing_to_refuse(data: Mapping[str, Any]) -> str | None:
    del data
    return None


@dataclass(frozen=True, slots=True)
class SignIn:
    """A way an account signs in: its fields, and what can be refused before asking the service."""

    id: str
    fields: tuple[Field, ...]
    refuse: Callable[[Mapping[str, Any]], str | None] = _nothing_to_refuse
    """Return the reason (a form error key) a sign-in is refused without asking the service, or ``None``."""

    @property
    def secrets(self) -> tuple[str, ...]:
        """The fields signing in again asks for."""
        return tuple(field.key for field in self.fields if field.secret)

    def holds(self, data: Mapping[str, Any]) -> bool:
        """Tell whether ``data`` signs in this way (it has this way's required fields)."""
        return all(data.get(field.key) for field in self.fields if not field.optional)


ProviderFactory = Callable[[Mapping[str, Any], ClientSession, Deadlines | None], TtsProvider]


@dataclass(frozen=True, slots=True)
class Cloud:
    """What one cloud brings: names, regions and catalog, ways to sign in, and its provider."""

    id: str
    name: str
    """The service as people know it, e.g. "Alibaba Cloud Model Studio"."""
    product: tuple[str, str]
    """The service's short name in English and Chinese, e.g. ("Model Studio", "阿里云百炼")."""
    manufacturer: str
    url: str
    catalog: Catalog
    default_region: str
    sign_ins: tuple[SignIn, ...]
    endpoints: tuple[str, ...]
    """The endpoint overrides an account may set (``endpoint``, ``iam_endpoint``...)."""
    make_provider: ProviderFactory
    """Build the provider of an account's flat data; raises :class:`TtsError` before any I/O if it is incomplete."""

    def provider(
        self, data: Mapping[str, Any], session: ClientSession, *, deadlines: Deadlines | None = None
    ) -> TtsProvider:
        """Return the provider of the account in ``data`` (its connections use ``session``)."""
        return self.make_provider(data, session, deadlines)

    def sign_in_of(self, data: Mapping[str, Any]) -> SignIn:
        """Return the way ``data`` signs in (the first whose required fields it has; else the first way)."""
        return next((sign_in for sign_in in self.sign_ins if sign_in.holds(data)), self.sign_ins[0])

    def data_from_environment(self, environ: Mapping[str, str], **settings: str | None) -> dict[str, Any]:
        """Return an account's flat data: ``settings`` (region, endpoints...) and the secrets from ``environ``.

        The way to sign in is the first whose variables are set; one half-set, or none set, is refused with
        what to set.
        """
        data: dict[str, Any] = {key: value for key, value in settings.items() if value}
        data.setdefault("region", self.default_region)
        for sign_in in self.sign_ins:
            variables = {field.key: field.env for field in sign_in.fields if field.env}
            if not any(environ.get(env) for env in variables.values()):
                continue
            required = [field.env for field in sign_in.fields if field.env and not field.optional]
            if missing := [env for env in required if not environ.get(env)]:
                raise AuthenticationError(f"Set {' and '.join(required)} (missing: {', '.join(missing)})")
            return data | {key: environ[env] for key, env in variables.items() if environ.get(env)}
        ways = [" + ".join(f.env for f in s.fields if f.env and not f.optional) for s in self.sign_ins]
        raise AuthenticationError(f"Set {', or '.join(way for way in ways if way)} for {self.name}")


_CLOUDS: dict[str, Cloud] = {}


def register(cloud: Cloud) -> None:
    """Offer ``cloud`` to every front (a cloud of the same id is replaced)."""
    _CLOUDS[cloud.id] = cloud


def unregister(cloud_id: str) -> None:
    """Stop offering a cloud (tests that register their own)."""
    _CLOUDS.pop(cloud_id, None)


def clouds() -> Iterator[Cloud]:
    """Return the registered clouds, in the order they registered."""
    return iter(list(_CLOUDS.values()))


def cloud(cloud_id: str) -> Cloud:
    """Return the cloud ``cloud_id`` (raises InvalidRequestError naming the known ones)."""
    try:
        return _CLOUDS[cloud_id]
    except KeyError:
        known = ", ".join(_CLOUDS)
        raise InvalidRequestError(f"Unknown provider '{cloud_id}'; use one of: {known}") from None
