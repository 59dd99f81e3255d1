"""Signing in to SIS: IAM tokens (cached, renewed, shared by concurrent requests) or AK/SK signatures.

Two ways to sign in, both per region: an IAM user's password, exchanged at
IAM for a token (``X-Auth-Token``; cached per account and region, refreshed
before it expires and once when a handshake refuses it, one refresh shared by
concurrent requests), or an access key pair signing each WebSocket upgrade
(APIG ``SDK-HMAC-SHA256``).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from aiohttp import ClientError, ClientSession
from yarl import URL

from ..errors import ProtocolError, ServiceUnavailableError, TtsError, TtsTimeoutError
from ..models import Deadlines
from ..version import USER_AGENT
from .account import AccessKey, HuaweiAccount, IamUser
from .errors import iam_error

SIGNING_ALGORITHM = "SDK-HMAC-SHA256"
TOKEN_REFRESH_MARGIN = 15 * 60
"""Seconds before ``expires_at`` at which a token is renewed."""


@dataclass(frozen=True)
class _Token:
    value: str = field(repr=False)
    project_id: str
    renew_at: float
    """``time.monotonic()`` after which the token is renewed."""
    expires_at: float
    """``time.monotonic()`` after which the token is no longer accepted."""


class HuaweiAuth:
    """Signs WebSocket upgrades for one account: tokens from IAM, or AK/SK signatures."""

    def __init__(self, account: HuaweiAccount, session: ClientSession, deadlines: Deadlines) -> None:
        """Use ``session`` for IAM requests."""
        self.account = account
        self._session = session
        self._deadlines = deadlines
        self._token: _Token | None = None
        self._renewing: asyncio.Task[_Token] | None = None
        self._closed = False

    @property
    def uses_token(self) -> bool:
        """Whether upgrades carry an IAM token (else an AK/SK signature)."""
        return isinstance(self.account.credentials, IamUser)

    async def upgrade(self, path: str) -> tuple[URL, dict[str, str]]:
        """Return the URL of the API at ``path`` (after ``/v1/{project_id}``) and headers that sign in to it."""
        credentials = self.account.credentials
        if isinstance(credentials, AccessKey):
            url = self.account.sis_url(f"/v1/{self.account.project_id}{path}")
            return url, sign(credentials, "GET", url, {"User-Agent": USER_AGENT})
        token = await self._current_token()
        url = self.account.sis_url(f"/v1/{self.account.project_id or token.project_id}{path}")
        return url, {"X-Auth-Token": token.value, "User-Agent": USER_AGENT}

    async def project_id(self) -> str:
        """Return the project the account signs in to: the one given, or the one IAM scoped its token to."""
        if self.account.project_id:
            return self.account.project_id
        return (await self._current_token()).project_id

    def forget_token(self, headers: Mapping[str, str]) -> bool:
        """Drop the token ``headers`` carried, which the service refused; True if signing in again may help."""
        refused = headers.get("X-Auth-Token")
        if refused is None:
            return False  # an AK/SK signature: trying again changes nothing
        if self._token is not None and self._token.value == refused:
            self._token = None
        return True  # dropped now, or already renewed by a concurrent request

    async def close(self) -> None:
        """Stop a token renewal under way; no new one starts."""
        self._closed = True
        renewing, self._renewing = self._renewing, None
        if renewing is not None:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)

    async def _current_token(self) -> _Token:
        token = self._token
        now = time.monotonic()
        if token is not None and now < token.renew_at:
            return token
        if self._closed:
            raise ServiceUnavailableError("The provider was closed; make a new one")
        if self._renewing is None or self._renewing.done():
            self._renewing = asyncio.create_task(self._renew())
        renewing = self._renewing
        try:
            return await asyncio.shield(renewing)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if renewing.cancelled() and not (current is not None and current.cancelling()):
                raise ServiceUnavailableError("The provider was closed while signing in") from None
            raise
        except TtsError:
            if token is not None and now < token.expires_at:
                return token  # IAM failed, but the old token is still good for a while
            raise

    async def _renew(self) -> _Token:
        token = await self._fetch_token()
        self._token = token
        return token

    async def _fetch_token(self) -> _Token:
        credentials = self.account.credentials
        assert isinstance(credentials, IamUser)
        scope = {"id": self.account.project_id} if self.account.project_id else {"name": self.account.region}
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": credentials.user,
                            "password": credentials.password,
                            "domain": {"name": credentials.domain},
                        }
                    },
                },
                "scope": {"project": scope},
            }
        }
        url = self.account.iam_url()
        try:
            async with (
                asyncio.timeout(self._deadlines.connect),
                self._session.post(
                    url,
                    json=body,
                    headers={"Content-Type": "application/json;charset=utf8", "User-Agent": USER_AGENT},
                ) as response,
            ):
                text = await response.text()
                if response.status != 201:
                    raise iam_error(response.status, text, self.account)
                value = response.headers.get("X-Subject-Token")
                payload = json.loads(text)["token"]
                project_id = _project_of(payload, self.account)
                lifetime = _lifetime(payload)
        except TtsError:
            raise
        except TimeoutError as err:
            raise TtsTimeoutError(f"Timed out asking Huawei Cloud IAM ({url.host}) for a token") from err
        except (ClientError, OSError) as err:
            raise ServiceUnavailableError(f"Cannot reach Huawei Cloud IAM ({url.host}): {err}") from err
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise ProtocolError("Huawei Cloud IAM answered with an unreadable token") from err
        if not value:
            raise ProtocolError("Huawei Cloud IAM answered without a token (no X-Subject-Token)")
        now = time.monotonic()
        return _Token(value, project_id, renew_at=now + lifetime - TOKEN_REFRESH_MARGIN, expires_at=now + lifetime)


def _project_of(payload: dict[str, Any], account: HuaweiAccount) -> str:
    project = payload.get("project") or {}
    project_id = account.project_id or project.get("id")
    if not isinstance(project_id, str) or not project_id:
        raise ProtocolError("Huawei Cloud IAM gave a token without a project; give the project ID")
    return project_id


def _lifetime(payload: dict[str, Any]) -> float:
    """Seconds a token with this body lives, by the server's own clock (``expires_at - issued_at``)."""
    expires = _utc(payload["expires_at"])
    issued = _utc(payload["issued_at"]) if "issued_at" in payload else datetime.now(UTC)
    return (expires - issued).total_seconds()


def _utc(value: object) -> datetime:
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sign(
    credentials: AccessKey, method: str, url: URL, headers: Mapping[str, str], *, now: datetime | None = None
) -> dict[str, str]:
    """Return ``headers`` plus ``X-Sdk-Date`` and the APIG ``SDK-HMAC-SHA256`` Authorization for a bodiless request.

    Signed are ``host`` (as the HTTP client will send it) and ``x-sdk-date``;
    the Host header itself is left to the client (the service refuses two).
    """
    date = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    signed = {"host": url.host_port_subcomponent or "", "x-sdk-date": date}
    names = sorted(signed)
    canonical_request = "\n".join(
        [
            method.upper(),
            _canonical_uri(url.path),
            _canonical_query(url),
            "".join(f"{name}:{signed[name].strip()}\n" for name in names),
            ";".join(names),
            hashlib.sha256(b"").hexdigest(),
        ]
    )
    string_to_sign = "\n".join([SIGNING_ALGORITHM, date, hashlib.sha256(canonical_request.encode()).hexdigest()])
    signature = hmac.new(credentials.secret_key.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    authorization = (
        f"{SIGNING_ALGORITHM} Access={credentials.access_key}, SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return {**headers, "X-Sdk-Date": date, "Authorization": authorization}


def _canonical_uri(path: str) -> str:
    encoded = "/".join(quote(segment, safe="~") for segment in path.split("/"))
    return encoded if encoded.endswith("/") else f"{encoded}/"


def _canonical_query(url: URL) -> str:
    pairs = sorted((quote(key, safe="~"), quote(value, safe="~")) for key, value in url.query.items())
    return "&".join(f"{key}={value}" for key, value in pairs)
