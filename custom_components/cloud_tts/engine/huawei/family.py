"""What the providers of SIS's APIs share: the account's catalog, signed connections, START and responses."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any, ClassVar

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

from ..errors import (
    InvalidRequestError,
    ProtocolError,
    RateLimitedError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from ..events import json_event
from ..flow import ServiceFlow
from ..models import AudioFormat, Deadlines, Model, SynthesisOptions, TextFormat, Voice
from ..provider import Request
from ..stream import TURN_END, Reading
from ..warm_sockets import StaleSocket
from . import catalog
from .account import HuaweiAccount
from .auth import HuaweiAuth
from .errors import credential_refusal, error_fields, sis_error

MAX_MESSAGE_BYTES = 4 * 1024 * 1024
IDLE_TIMEOUT_CODE = "SIS.0304"
"""The service's answer to a connection left idle too long."""


def prosody(value: float) -> int:
    """Map a multiplier (0.5-2.0, 1.0 the voice's own) to SIS's speed/pitch scale (-500…500, 0 the voice's own)."""
    return max(-500, min(500, round(500 * math.log2(value))))


class HuaweiFamily(ServiceFlow):
    """What the providers of SIS's APIs share: the account, its catalog, signed connections."""

    warm_sockets = 1

    def __init__(self, auth: HuaweiAuth, session: ClientSession, *, deadlines: Deadlines | None = None) -> None:
        """Sign connections with ``auth``; use ``session`` for them (not closed by the provider)."""
        self.auth = auth
        super().__init__(session, deadlines=deadlines)

    family: ClassVar[str]
    path: ClassVar[str]
    """The API's path after ``/v1/{project_id}``."""

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
                    code, message = error_fields(await r.text(errors="replace"))
        except (TimeoutError, ClientError, OSError):
            pass
        if code is None or not code.startswith(("SIS.", "APIG")):
            return credential_refusal(self.account, f"HTTP {status}", str(status))
        return sis_error(code, message, self.account)

    def _handshake_error(self, err: WSServerHandshakeError) -> TtsError:
        where = self.service_name
        if err.status == 404:
            return ProtocolError(f"{where} has no such API at {err.request_info.url.path}; check the project ID")
        if err.status == 429:
            return RateLimitedError(f"{where} is rate limiting this account; try again shortly", code="429")
        return ServiceUnavailableError(f"{where} refused the connection (HTTP {err.status})", code=str(err.status))


class _Refused(Exception):
    """The upgrade was refused for its credentials."""

    def __init__(self, error: TtsError) -> None:
        super().__init__(str(error))
        self.error = error
