"""What every Model Studio (DashScope) model shares: account, endpoints, errors."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import WSServerHandshakeError
from yarl import URL

from .dashscope_catalog import BEIJING, REGION_NAMES, SINGAPORE
from .errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from .version import USER_AGENT

HOSTS = {
    BEIJING: "wss://dashscope.aliyuncs.com",
    SINGAPORE: "wss://dashscope-intl.aliyuncs.com",
}


@dataclass(frozen=True)
class DashScopeAccount:
    """A Model Studio API key in one region (keys only work in their own region).

    ``endpoint`` replaces the scheme and host of the region's service (for a
    proxy, a private deployment or tests); paths stay the service's own.
    """

    api_key: str = field(repr=False)
    region: str = BEIJING
    workspace: str | None = None
    endpoint: str | None = None

    def __post_init__(self) -> None:
        """Reject an unknown region or an empty key."""
        if self.region not in HOSTS:
            raise InvalidRequestError(f"Unknown Model Studio region '{self.region}'; use one of: {', '.join(HOSTS)}")
        if not self.api_key.strip():
            raise AuthenticationError("No Model Studio API key was given")

    @property
    def region_name(self) -> str:
        """The region as people call it."""
        return REGION_NAMES[self.region]

    @property
    def service_name(self) -> str:
        """The service and region, as error messages name them."""
        return f"Model Studio ({self.region_name})"

    def url(self, path: str) -> URL:
        """Return the full WebSocket URL of ``path`` for this account."""
        base = URL(self.endpoint or HOSTS[self.region])
        return base.with_path(path)

    def headers(self) -> dict[str, str]:
        """Handshake headers: the key, the workspace if any, who we are."""
        headers = {"Authorization": f"Bearer {self.api_key}", "User-Agent": USER_AGENT}
        if self.workspace:
            headers["X-DashScope-WorkSpace"] = self.workspace
        return headers


def _handshake_error(err: WSServerHandshakeError, account: DashScopeAccount) -> TtsError:
    """Map a refused WebSocket upgrade to an engine error."""
    where = account.service_name
    if err.status in (401, 403):
        return AuthenticationError(
            f"{where} rejected the API key. Keys work only in the region they were "
            "created in: check the key and that it belongs to this region "
            "(and, if set, the workspace).",
            code=str(err.status),
        )
    if err.status == 429:
        return QuotaExceededError(f"{where} is rate limiting this account; try again shortly", code="429")
    if err.status == 404:
        return ProtocolError(f"{where} has no TTS service at {err.request_info.url}; check the endpoint", code="404")
    return ServiceUnavailableError(
        f"{where} refused the connection (HTTP {err.status}); try again later", code=str(err.status)
    )


def connection_error(err: BaseException, account: DashScopeAccount) -> TtsError:
    """Map a failure to reach the service (refused, unreachable, timed out) to an engine error."""
    where = account.service_name
    if isinstance(err, WSServerHandshakeError):
        return _handshake_error(err, account)
    if isinstance(err, TimeoutError | asyncio.TimeoutError):
        return TtsTimeoutError(f"Timed out connecting to {where}; check the network")
    return ServiceUnavailableError(f"Cannot connect to {where}: {err}")


_QUOTA_CODES = ("Throttling", "Arrearage", "AllocationQuota", "PrepaidBillOverdue", "PostpaidBillOverdue")
_AUTH_CODES = (
    "InvalidApiKey",
    "invalid_api_key",
    "AccessDenied",
    "Model.AccessDenied",
    "Workspace.AccessDenied",
    "NOT AUTHORIZED",
)
_REQUEST_CODES = (
    "InvalidParameter",
    "invalid_value",
    "BadRequest",
    "ModelNotFound",
    "DataInspectionFailed",
    "CLIENT_ERROR",
)


def task_failure(code: str | None, message: str | None, account: DashScopeAccount) -> TtsError:
    """Map a ``task-failed`` (or ``error``) event to an engine error."""
    code = code or "unknown"
    text = message or "no message"
    where = account.service_name
    if code == "Arrearage":
        return QuotaExceededError(f"{where}: the account is overdue or out of balance; top it up ({text})", code=code)
    if code.startswith(_QUOTA_CODES) or "rate limit" in text.lower():
        return QuotaExceededError(f"{where}: rate limit or quota reached; try again later ({text})", code=code)
    if code == "CLIENT_ERROR" and "timeout" in text.lower():
        return TtsTimeoutError(f"{where} stopped waiting for more text ({text})", code=code)
    if code.startswith(_AUTH_CODES):
        return AuthenticationError(f"{where} refused access: {text}", code=code)
    if code.startswith(_REQUEST_CODES):
        if "418" in text:
            text = "the voice does not belong to the model (pick a voice of this model)"
        return InvalidRequestError(f"{where} rejected the request: {text}", code=code)
    return ServiceUnavailableError(f"{where} failed: {text}", code=code)
