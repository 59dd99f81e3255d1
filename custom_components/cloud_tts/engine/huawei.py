"""What every Huawei Cloud SIS API shares: account, credentials, endpoints, errors.

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
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import quote

from aiohttp import (
    ClientError,
    ClientSession,
    ClientWebSocketResponse,
    ClientWSTimeout,
    WSMessage,
    WSMsgType,
    WSServerHandshakeError,
)
from yarl import URL

from . import huawei_catalog as catalog
from .endpoints import check_endpoint
from .errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RegionMismatchError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from .events import json_event
from .models import AudioFormat, Deadlines, Model, SynthesisOptions, TextFormat, Voice
from .provider import Request
from .stream import TURN_END, Reading
from .version import USER_AGENT
from .warm_sockets import StaleSocket

SIGNING_ALGORITHM = "SDK-HMAC-SHA256"
TOKEN_REFRESH_MARGIN = 15 * 60
"""Seconds before ``expires_at`` at which a token is renewed."""
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
IDLE_TIMEOUT_CODE = "SIS.0304"
"""The service's answer to a connection left idle too long."""


@dataclass(frozen=True)
class IamUser:
    """An IAM user of a Huawei Cloud account (a HUAWEI ID itself cannot get tokens)."""

    domain: str
    """The account (domain) name."""
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class AccessKey:
    """An access key pair (AK/SK); the project ID must be given with it."""

    access_key: str
    secret_key: str = field(repr=False)


@dataclass(frozen=True)
class HuaweiAccount:
    """Credentials for SIS in one region.

    ``endpoint`` and ``iam_endpoint`` replace the scheme and host of the SIS
    and IAM services (for a proxy, a private deployment or tests).
    """

    credentials: IamUser | AccessKey
    region: str = catalog.BEIJING4
    project_id: str | None = None
    endpoint: str | None = None
    iam_endpoint: str | None = None

    def __post_init__(self) -> None:
        """Reject an unknown region and incomplete credentials."""
        if self.region not in catalog.REGION_NAMES:
            regions = ", ".join(catalog.REGION_NAMES)
            raise InvalidRequestError(f"Unknown Huawei Cloud SIS region '{self.region}'; use one of: {regions}")
        credentials = self.credentials
        if isinstance(credentials, AccessKey):
            if not (credentials.access_key.strip() and credentials.secret_key.strip()):
                raise AuthenticationError("Give both the access key (AK) and the secret key (SK)")
            if not self.project_id:
                raise AuthenticationError("An access key needs the project ID of the region (console: My Credentials)")
        elif not (credentials.domain.strip() and credentials.user.strip() and credentials.password):
            raise AuthenticationError("Give the account (domain) name, the IAM user name and its password")
        if self.endpoint:
            check_endpoint(self.endpoint, "endpoint", "ws://127.0.0.1:8080")
        if self.iam_endpoint:
            check_endpoint(self.iam_endpoint, "IAM endpoint", "http://127.0.0.1:8080")

    @property
    def service_name(self) -> str:
        """SIS and the region, as error messages name them."""
        return f"Huawei Cloud SIS ({catalog.REGION_NAMES[self.region]})"

    def sis_url(self, path: str) -> URL:
        """Return the WebSocket URL of ``path`` (which includes the project ID)."""
        return URL(self.endpoint or f"wss://sis-ext.{self.region}.myhuaweicloud.com").with_path(path)

    def iam_url(self) -> URL:
        """Return the IAM token URL of the region."""
        base = URL(self.iam_endpoint or f"https://iam.{self.region}.myhuaweicloud.com")
        return base.with_path("/v3/auth/tokens")


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
                    raise _iam_error(response.status, text, self.account)
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


def _iam_error(status: int, text: str, account: HuaweiAccount) -> TtsError:
    """Return the error for an IAM refusal, naming the credential that is wrong."""
    credentials = account.credentials
    assert isinstance(credentials, IamUser)
    code, message = _error_fields(text)
    who = f"IAM user '{credentials.user}' of account '{credentials.domain}'"
    if status == 401:
        return AuthenticationError(
            f"Huawei Cloud IAM refused {who}: the account name, user name or password is wrong. "
            "Sign in with an IAM user (a HUAWEI ID itself cannot get tokens: create an IAM user in the console) "
            f"({message or 'Unauthorized'})",
            code=code or "401",
        )
    if status == 403:
        return AuthenticationError(f"Huawei Cloud IAM refused {who}: {message or 'forbidden'}", code=code or "403")
    if status in (400, 404):
        return RegionMismatchError(
            f"Huawei Cloud IAM has no project '{account.project_id or account.region}' for {who}: "
            f"check the region and project ID ({message or status})",
            code=code or str(status),
        )
    return ServiceUnavailableError(f"Huawei Cloud IAM failed (HTTP {status}): {message}", code=code or str(status))


def _error_fields(text: str) -> tuple[str | None, str | None]:
    """Code and message of a Huawei error body: ``{"error_code","error_msg"}`` or ``{"error":{"code","message"}}``."""
    try:
        body = json.loads(text)
    except ValueError:
        return None, text[:200] or None
    if not isinstance(body, dict):
        return None, None
    if isinstance(body.get("error"), dict):
        error = body["error"]
        return (str(error["code"]) if "code" in error else None), error.get("message")
    code = body.get("error_code")
    return (str(code) if code is not None else None), body.get("error_msg")


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


def prosody(value: float) -> int:
    """Map a multiplier (0.5-2.0, 1.0 the voice's own) to SIS's speed/pitch scale (-500…500, 0 the voice's own)."""
    return max(-500, min(500, round(500 * math.log2(value))))


def _canonical_uri(path: str) -> str:
    encoded = "/".join(quote(segment, safe="~") for segment in path.split("/"))
    return encoded if encoded.endswith("/") else f"{encoded}/"


def _canonical_query(url: URL) -> str:
    pairs = sorted((quote(key, safe="~"), quote(value, safe="~")) for key, value in url.query.items())
    return "&".join(f"{key}={value}" for key, value in pairs)


_AUTH_CODES = frozenset({"SIS.0101", "SIS.0102", "SIS.0103"})
_REQUEST_CODES = frozenset({"SIS.0012", "SIS.0031", "SIS.0032", "SIS.0402", "SIS.0410", "SIS.0411", "SIS.1010"})
_TIMEOUT_CODES = frozenset({"SIS.0033", "SIS.0304", "SIS.0416"})
_HINTS = {
    "SIS.0103": "complete the real-name verification of the Huawei Cloud account",
    "SIS.0402": "the voice cannot produce this sample rate",
    "SIS.0411": "the voice is not valid (or not offered in this region)",
    "SIS.0312": "too many requests at once for this account",
    "SIS.1010": "there is no text to speak (only symbols)",
}


def sis_error(code: str | None, message: str | None, account: HuaweiAccount) -> TtsError:
    """Map an SIS ``ERROR`` / ``FATAL_ERROR`` (or a refused handshake's body) to an engine error."""
    code = str(code or "unknown")
    text = str(message or "no message")
    where = account.service_name
    hint = _HINTS.get(code)
    detail = f"{hint} ({code}: {text})" if hint else f"{code}: {text}"
    if code in _AUTH_CODES:
        return AuthenticationError(f"{where} refused access: {detail}", code=code)
    if code.endswith(".0301"):  # APIG.0301 / APIGW.0301
        return _credential_refusal(account, text, code)
    if code == "SIS.0312" or code.endswith(".0308") or "RESTRICTED" in text:
        return QuotaExceededError(f"{where}: {detail}", code=code)
    if code in _REQUEST_CODES:
        return InvalidRequestError(f"{where} rejected the request: {detail}", code=code)
    if code in _TIMEOUT_CODES:
        return TtsTimeoutError(f"{where} timed out: {detail}", code=code)
    if code.endswith(".0101"):
        return ProtocolError(f"{where} has no such API: check the endpoint and project ID ({detail})", code=code)
    return ServiceUnavailableError(f"{where} failed: {detail}", code=code)


def _credential_refusal(account: HuaweiAccount, text: str, code: str) -> TtsError:
    """Refused credentials: a bad AK/SK, or (a fresh token being refused) a token of another region or project."""
    where = account.service_name
    if isinstance(account.credentials, AccessKey):
        return AuthenticationError(
            f"{where} refused the access key: check the AK/SK pair and the machine's clock ({text})", code=code
        )
    return RegionMismatchError(
        f"{where} refused the IAM token: it is for another region or project, or it expired "
        f"(check the region and project ID) ({text})",
        code=code,
    )


class HuaweiFamily:
    """What the providers of SIS's APIs share: the account, its catalog, signed connections."""

    family: ClassVar[str]
    path: ClassVar[str]
    """The API's path after ``/v1/{project_id}``."""
    auth: HuaweiAuth
    _session: ClientSession
    _deadlines: Deadlines

    @property
    def account(self) -> HuaweiAccount:
        """The account the provider speaks for."""
        return self.auth.account

    @property
    def service_name(self) -> str:
        """SIS and the account's region, as error messages name them."""
        return self.auth.account.service_name

    def models(self) -> list[Model]:
        """Return the API's models offered in the account's region."""
        return catalog.CATALOG.family_models(self.family, self.account.region)

    def voices(self) -> list[Voice]:
        """Return the API's preset voices offered in the account's region."""
        return catalog.CATALOG.family_voices(self.family, self.account.region)

    def _config(self, options: SynthesisOptions, default_model: str, voice_field: str) -> Request:
        """Check ``options`` for this API; return the voice and the START config (voice in ``voice_field``)."""
        region = self.account.region
        model = catalog.CATALOG.model_for(options.model or default_model, self.family, region)
        voice_id, voice = catalog.CATALOG.voice_for(model, options.voice, region)
        rate = catalog.CATALOG.sample_rate_for(model, voice, options.sample_rate)
        if options.text_format is TextFormat.SSML:
            raise InvalidRequestError(f"{model.name} does not accept SSML")
        if options.instructions:
            raise InvalidRequestError(f"{model.name} voices do not take instructions")
        config = {
            "audio_format": "pcm",
            "sample_rate": str(rate),
            voice_field: voice_id,
            "speed": prosody(options.speed),
            "pitch": prosody(options.pitch),
            "volume": options.volume,
        }
        return Request(voice_id, config, AudioFormat(rate))

    async def _start(self, ws: ClientWebSocketResponse, start: dict[str, Any], *, reused: bool) -> None:
        """Send START and wait for the START response; a reused connection found dead raises StaleSocket."""
        try:
            await ws.send_str(json.dumps(start, ensure_ascii=False))
        except (ConnectionError, OSError) as err:
            if reused:
                raise StaleSocket from err
            raise ServiceUnavailableError(f"Lost the connection to {self.service_name}") from err
        within = self._deadlines.task_start
        try:
            message = await ws.receive(timeout=within)
        except TimeoutError as err:
            raise TtsTimeoutError(f"{self.service_name} did not answer START within {within:g} s") from err
        if message.type is not WSMsgType.TEXT and reused:
            raise StaleSocket
        event = json_event(ws, message, self.service_name)
        kind = event.get("resp_type")
        if kind in ("ERROR", "FATAL_ERROR"):
            if reused and event.get("error_code") == IDLE_TIMEOUT_CODE:
                raise StaleSocket  # the service gave up on the idle connection before we used it
            raise sis_error(event.get("error_code"), event.get("error_msg"), self.account)
        if kind != "START":
            raise ProtocolError(f"Expected START from {self.service_name}, got {kind}")

    def _read_response(self, ws: ClientWebSocketResponse, message: WSMessage) -> Reading:
        """Audio from a binary frame, the end at END, an error at ERROR / FATAL_ERROR or a close."""
        if message.type is WSMsgType.BINARY:
            data: bytes = message.data
            return data
        event = json_event(ws, message, self.service_name)
        kind = event.get("resp_type")
        if kind == "END":
            if event.get("reason", "NORMAL") != "NORMAL":
                raise ServiceUnavailableError(f"{self.service_name} ended the reply with an error")
            return TURN_END
        if kind in ("ERROR", "FATAL_ERROR"):
            raise sis_error(event.get("error_code"), event.get("error_msg"), self.account)
        if kind == "EVENT" and event.get("event") == "EXCEEDED_TOTAL_TEXT_LENGTH":
            raise InvalidRequestError(f"{self.service_name} dropped text past its 100,000-character limit")
        return None  # RESULT (timings), or EVENT VCS_END: a command after END, which changes nothing

    async def _open(self) -> ClientWebSocketResponse:
        """Open a signed WebSocket to the API; a refused token is renewed and tried once more."""
        url, headers = await self.auth.upgrade(self.path)
        retry = self.auth.uses_token
        try:
            return await self._upgrade(url, headers, explain=not retry)
        except _Refused as refused:
            if not self.auth.forget_token(headers):
                raise refused.error from None
        url, headers = await self.auth.upgrade(self.path)
        try:
            return await self._upgrade(url, headers, explain=True)
        except _Refused as refused:
            raise refused.error from None

    async def _upgrade(self, url: URL, headers: dict[str, str], *, explain: bool) -> ClientWebSocketResponse:
        try:
            async with asyncio.timeout(self._deadlines.connect):
                return await self._session.ws_connect(
                    url, headers=headers, timeout=ClientWSTimeout(ws_close=2.0), max_msg_size=MAX_MESSAGE_BYTES
                )
        except WSServerHandshakeError as err:
            if err.status in (401, 403):
                why = await self._why_refused(url, headers, err.status) if explain else self._handshake_error(err)
                raise _Refused(why) from err
            raise self._handshake_error(err) from err
        except TimeoutError as err:
            raise TtsTimeoutError(f"Timed out connecting to {self.service_name}; check the network") from err
        except (ClientError, OSError) as err:
            raise ServiceUnavailableError(f"Cannot connect to {self.service_name}: {err}") from err

    async def _why_refused(self, url: URL, headers: dict[str, str], status: int) -> TtsError:
        """Ask again without upgrading, to read the refusal's code (an upgrade's body is not readable)."""
        code: str | None = None
        message: str | None = None
        try:
            async with (
                asyncio.timeout(self._deadlines.connect),
                self._session.get(url.with_scheme("https" if url.scheme == "wss" else "http"), headers=headers) as r,
            ):
                if r.status in (401, 403):
                    code, message = _error_fields(await r.text(errors="replace"))
        except (TimeoutError, ClientError, OSError):
            pass
        if code is None or not code.startswith(("SIS.", "APIG")):
            return _credential_refusal(self.account, f"HTTP {status}", str(status))
        return sis_error(code, message, self.account)

    def _handshake_error(self, err: WSServerHandshakeError) -> TtsError:
        where = self.service_name
        if err.status == 404:
            return ProtocolError(f"{where} has no such API at {err.request_info.url.path}; check the project ID")
        if err.status == 429:
            return QuotaExceededError(f"{where} is rate limiting this account; try again shortly", code="429")
        return ServiceUnavailableError(f"{where} refused the connection (HTTP {err.status})", code=str(err.status))


class _Refused(Exception):
    """The upgrade was refused for its credentials."""

    def __init__(self, error: TtsError) -> None:
        super().__init__(str(error))
        self.error = error
