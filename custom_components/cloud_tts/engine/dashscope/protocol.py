"""What every Model Studio (DashScope) model shares: account, endpoints, errors, tasks.

CosyVoice and Sambert share the inference endpoint's task protocol (run-task,
task-started, binary audio, task-finished or task-failed); its pieces are here.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, ClassVar

from aiohttp import (
    ClientSession,
    ClientWebSocketResponse,
    ClientWSTimeout,
    WSMessage,
    WSMsgType,
    WSServerHandshakeError,
)
from yarl import URL

from ..errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RateLimitedError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from ..events import CLOSED_STATES, json_object
from ..flow import ServiceFlow
from ..models import Deadlines, Model, Voice
from ..stream import TURN_END, Reading
from ..warm_sockets import StaleSocket
from . import catalog
from .account import DashScopeAccount


class ModelStudioFamily(ServiceFlow):
    """What the providers of Model Studio's families share: the account, its catalog, connecting."""

    family: ClassVar[str]

    def __init__(
        self,
        account: DashScopeAccount,
        session: ClientSession,
        *,
        deadlines: Deadlines | None = None,
        max_warm_sockets: int | None = None,
    ) -> None:
        """Speak for ``account``; use ``session`` for connections (not closed by the provider)."""
        self.account = account
        super().__init__(session, deadlines=deadlines, max_warm_sockets=max_warm_sockets)

    @property
    def service_name(self) -> str:
        """Model Studio and the account's region, as error messages name them."""
        return self.account.service_name

    def models(self) -> list[Model]:
        """Return the family's models offered in the account's region."""
        return catalog.CATALOG.family_models(self.family, self.account.region)

    def voices(self) -> list[Voice]:
        """Return the family's system voices offered in the account's region."""
        return catalog.CATALOG.family_voices(self.family, self.account.region)

    async def _open(self, url: URL) -> ClientWebSocketResponse:
        """Open a WebSocket to ``url`` with the account's credentials, within the connect deadline."""
        try:
            async with asyncio.timeout(self._deadlines.connect):
                return await self._session.ws_connect(
                    url,
                    headers=self.account.headers(),
                    timeout=ClientWSTimeout(ws_close=2.0),
                    max_msg_size=MAX_MESSAGE_BYTES,
                )
        except Exception as err:
            raise connection_error(err, self.account) from err


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
        return RateLimitedError(f"{where} is rate limiting this account; try again shortly", code="429")
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


# Codes as the task protocol (``Throttling.RateQuota``) and the realtime one (``invalid_api_key``) spell
# them, compared without case, dots, underscores or spaces.
_EXHAUSTED_CODES = (
    "arrearage",  # the account is overdue: top it up
    "prepaidbilloverdue",
    "postpaidbilloverdue",
    "throttlingallocationquota",  # "Allocated quota exceeded": raise the quota
    "allocationquota",
    "insufficientquota",
)
_RATE_LIMIT_CODES = ("throttling", "ratelimit")  # e.g. Throttling.RateQuota: too many requests for now
_AUTH_CODES = ("invalidapikey", "accessdenied", "modelaccessdenied", "workspaceaccessdenied", "notauthorized")
_REQUEST_CODES = (
    "invalidparameter",
    "invalidvalue",
    "invalidrequest",
    "badrequest",
    "modelnotfound",
    "datainspectionfailed",
    "clienterror",
)


def _plain(code: str) -> str:
    return "".join(char for char in code.lower() if char.isalnum())


def task_failure(code: str | None, message: str | None, account: DashScopeAccount) -> TtsError:
    """Map a ``task-failed`` (or ``error``) event to an engine error."""
    code = str(code or "unknown")
    text = str(message or "no message")
    where = account.service_name
    plain = _plain(code)
    if plain == "arrearage" or "billoverdue" in plain:
        return QuotaExceededError(f"{where}: the account is overdue or out of balance; top it up ({text})", code=code)
    if plain.startswith(_EXHAUSTED_CODES):
        return QuotaExceededError(f"{where}: the account's quota is used up; raise it ({text})", code=code)
    if plain.startswith(_RATE_LIMIT_CODES) or "rate limit" in text.lower():
        return RateLimitedError(f"{where} is rate limiting this account; try again shortly ({text})", code=code)
    if plain.startswith(_AUTH_CODES):
        return AuthenticationError(f"{where} refused access: {text}", code=code)
    if "request timeout" in text.lower():  # "request timeout after 23 seconds." whatever the code
        return TtsTimeoutError(f"{where} stopped waiting for more text ({text})", code=code)
    if "timeout" in text.lower():
        return TtsTimeoutError(f"{where} timed out ({text})", code=code)
    if plain.startswith(_REQUEST_CODES):
        if "418" in text:
            text = "the voice does not belong to the model (pick a voice of this model)"
        return InvalidRequestError(f"{where} rejected the request: {text}", code=code)
    return ServiceUnavailableError(f"{where} failed: {text}", code=code)


INFERENCE_PATH = "/api-ws/v1/inference"
MAX_MESSAGE_BYTES = 4 * 1024 * 1024


def task_command(action: str, task_id: str, streaming: str, payload: dict[str, Any]) -> str:
    """Build a run-task, continue-task or finish-task message."""
    return json.dumps(
        {"header": {"action": action, "task_id": task_id, "streaming": streaming}, "payload": payload},
        ensure_ascii=False,
    )


async def start_task(
    ws: ClientWebSocketResponse,
    run_task: str,
    task_id: str,
    account: DashScopeAccount,
    *,
    within: float,
    reused: bool,
) -> None:
    """Send ``run_task`` and wait for its task-started.

    A reused connection that turns out closed raises :class:`StaleSocket`.
    """
    closed = ServiceUnavailableError(f"{account.service_name} closed the connection before the task started")
    try:
        await ws.send_str(run_task)
        message = await ws.receive(timeout=within)
    except ConnectionError as err:
        raise (StaleSocket() if reused else closed) from err
    except TimeoutError as err:
        raise TtsTimeoutError(f"{account.service_name} did not start the task within {within:g} s") from err
    if message.type in CLOSED_STATES:
        if ws.close_code == 1007:
            raise closed_error(ws, account)
        raise StaleSocket if reused else closed
    event = task_event(message.data, account) if message.type is WSMsgType.TEXT else {}
    name = event.get("event")
    if name == "task-failed":
        raise task_failure(event.get("error_code"), event.get("error_message"), account)
    if name != "task-started" or event.get("task_id") != task_id:
        raise ProtocolError(f"Expected task-started, got {name or message.type.name}")


def read_task_message(
    message: WSMessage, task_id: str, ws: ClientWebSocketResponse, account: DashScopeAccount
) -> Reading:
    """Audio from a binary frame, the end at task-finished, an error at task-failed or a close."""
    if message.type is WSMsgType.BINARY:
        data: bytes = message.data
        return data
    if message.type is not WSMsgType.TEXT:
        raise closed_error(ws, account)
    event = task_event(message.data, account)
    name = event.get("event")
    if name == "task-finished":
        if event.get("task_id") != task_id:
            raise ProtocolError(f"{account.service_name} finished a task that is not ours")
        return TURN_END
    if name == "task-failed":
        raise task_failure(event.get("error_code"), event.get("error_message"), account)
    return None


def closed_error(ws: ClientWebSocketResponse, account: DashScopeAccount) -> TtsError:
    """Return the error for a connection the service closed mid-task."""
    if ws.close_code == 1007:
        return ProtocolError("Model Studio rejected a malformed message (close 1007)", code="1007")
    return ServiceUnavailableError(
        f"{account.service_name} closed the connection mid-reply (close code {ws.close_code})"
    )


def task_event(data: str, account: DashScopeAccount) -> dict[str, Any]:
    """Return the header of a server event."""
    header = json_object(data, account.service_name).get("header")
    if not isinstance(header, dict):
        raise ProtocolError(f"{account.service_name} sent an event without a header")
    return header
