"""A fake Huawei Cloud (IAM tokens and SIS real-time / streaming TTS), written from the docs.

It behaves as ``shared/docs/cloud-protocols.md`` §1-2 and the SIS and IAM
pages describe the services:

- IAM ``POST /v3/auth/tokens``: password method, project scope by name or id;
  201 with ``X-Subject-Token``; 401 "The username or password is wrong." for a
  wrong password or a HUAWEI ID (not an IAM user).
- The SIS upgrade needs ``X-Auth-Token`` (a live token of this project) or an
  APIG ``SDK-HMAC-SHA256`` signature (X-Sdk-Date within 15 minutes, exactly one
  Host header); refusals are HTTP 401 ``{"error_code": "APIG.0301", ...}``.
- ``/v1/{project_id}/rtts``: one START (text + config) per connection, START,
  binary audio, END; ERROR / FATAL_ERROR with SIS codes; 20 s without START is
  FATAL_ERROR SIS.0304.
- ``/v1/{project_id}/vcs/voices/clone``: START (MULTI) then MSG* then END, or
  START (ONLY) carrying the one text (at most 300 characters; no MSG or END
  after it); whole sentences are spoken as they complete and text without
  final punctuation is never spoken; END response after the last audio;
  EVENTs for commands after END and past 100,000 characters; SIS.0416 when
  text stops coming.

Its audio is :func:`~.audio.fake_pcm` of the spoken text.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import WSMsgType, web

from .audio import FRAME_SECONDS, fake_pcm
from .faults import Faults, ServiceFailure

RTTS_VOICES = {
    "chinese_xiaoyan_common": ("cn-north-4", "cn-east-3"),
    "chinese_xiaoyu_common": ("cn-north-4", "cn-east-3"),
    "chinese_huaxiaomei_common": ("cn-north-4", "cn-east-3"),
    "english_amy_common": ("cn-north-4", "cn-east-3"),
    "arabic_dh_female": ("me-east-1",),
    "english_dh_male": ("me-east-1",),
}
LONG_TEXT_VOICES = {"chinese_huaxiaomei_common", "english_amy_common"}
STREAMING_VOICES = {"chinese_huaxiaoli_common", "chinese_huaxiaobo_common"}
STREAMING_REGIONS = ("cn-north-4", "cn-east-3")
_SENTENCE_END = re.compile(r"(?:[。！？!?…]|\.(?=\s|$))[\"'”’」』）)\]}》]*")
_SPEAKABLE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\u0600-\u06ff]")


def huawei_faults() -> Faults:
    """The shared knobs with SIS's own timeouts (20 s)."""
    return Faults(idle_timeout=20.0, text_timeout=20.0, fail_code="SIS.0401", fail_message="tts engine exception")


@dataclass
class SisRequest:
    """One connection to an SIS API as the fake saw it."""

    api: str
    """rtts or vcs."""
    auth: str
    """token or aksk."""
    config: dict[str, Any] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    """Streaming TTS: every command as it came."""
    text_pieces: str | None = None
    """Streaming TTS: the mode of the START that was answered, ONLY or MULTI."""
    texts: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)
    state: str = "open"
    """open, finished, failed, or cancelled (the client left first)."""
    error_code: str | None = None
    audio: bytearray = field(default_factory=bytearray)
    frames: int = 0
    events: list[str] = field(default_factory=list)
    unspoken: str = ""
    """Streaming TTS: text left without final punctuation at END, which the service never speaks."""


class _Error(ServiceFailure):
    def __init__(self, code: str, message: str, *, fatal: bool = False) -> None:
        super().__init__(code, message)
        self.fatal = fatal


class FakeHuawei:
    """The fake IAM and SIS; ``start()`` it and point the client's endpoints at ``url``."""

    def __init__(
        self,
        *,
        region: str = "cn-north-4",
        users: dict[tuple[str, str], str] | None = None,
        access_keys: dict[str, str] | None = None,
        faults: Faults | None = None,
    ) -> None:
        """Accept IAM ``users`` ((domain, user) → password) and ``access_keys`` (AK → SK)."""
        self.region = region
        self.project_id = f"0a1b2c3d{region.replace('-', '')}00000000000000"
        self.users = users if users is not None else {("acme", "alice"): "s3cret"}
        self.access_keys = access_keys if access_keys is not None else {"HPUAEXAMPLEAK": "exampleSecretKey"}
        self.faults = faults or huawei_faults()
        self.token_lifetime = timedelta(hours=24)
        self.iam_delay = 0.0
        """Seconds IAM takes to answer."""
        self.real_name_verified = True
        self.tokens: dict[str, tuple[str, datetime]] = {}
        """token → (project id, expires at)."""
        self.tokens_issued = 0
        self.token_requests: list[dict[str, Any]] = []
        self.handshakes = 0
        self.refused: list[str] = []
        """The error code of every refused upgrade."""
        self.requests: list[SisRequest] = []
        self._live: set[web.WebSocketResponse] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    @property
    def open_connections(self) -> int:
        """SIS connections open now."""
        return len(self._live)

    def revoke_tokens(self) -> None:
        """Invalidate every token issued so far (as a password change does)."""
        self.tokens.clear()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: any free port); return the base URL (ws:// for SIS, http:// for IAM)."""
        app = web.Application()
        app.router.add_post("/v3/auth/tokens", self._issue_token)
        app.router.add_get("/v1/{project_id}/rtts", self._rtts)
        app.router.add_get("/v1/{project_id}/vcs/voices/clone", self._vcs)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.url = f"ws://{host}:{self._runner.addresses[0][1]}"
        return self.url

    @property
    def iam_url(self) -> str:
        """The IAM base URL."""
        return self.url.replace("ws://", "http://")

    async def stop(self) -> None:
        """Close every connection and stop serving."""
        for ws in list(self._live):
            await ws.close(code=1001, message=b"server shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- IAM ------------------------------------------------------------------

    async def _issue_token(self, request: web.Request) -> web.Response:
        if self.iam_delay:
            await asyncio.sleep(self.iam_delay)
        try:
            body = await request.json()
            identity = body["auth"]["identity"]
            user = identity["password"]["user"]
            name, password, domain = user["name"], user["password"], user["domain"]["name"]
            project = body["auth"]["scope"]["project"]
            if identity["methods"] != ["password"]:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return _iam_refusal(400, "The request body is malformed.", "Bad Request")
        self.token_requests.append(body)
        if self.users.get((domain, name)) != password:
            return _iam_refusal(401, "The username or password is wrong.", "Unauthorized")
        if project.get("name", self.region) != self.region or project.get("id", self.project_id) != self.project_id:
            return _iam_refusal(400, "The project in the scope does not exist.", "Bad Request")
        self.tokens_issued += 1
        token = f"MIIT{uuid.uuid4().hex}{self.tokens_issued}"
        expires = datetime.now(UTC) + self.token_lifetime
        self.tokens[token] = (self.project_id, expires)
        payload = {
            "token": {
                "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "issued_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "methods": ["password"],
                "project": {"domain": {"name": domain}, "id": self.project_id, "name": self.region},
                "user": {"domain": {"name": domain}, "name": name},
            }
        }
        return web.json_response(payload, status=201, headers={"X-Subject-Token": token})

    # -- the SIS upgrade --------------------------------------------------------

    async def _refusal(self, request: web.Request) -> tuple[web.Response | None, str]:
        """The answer to an upgrade that is refused, or None and how it was signed."""
        faults = self.faults
        if faults.handshake_delay:
            await asyncio.sleep(faults.handshake_delay)
        self.handshakes += 1
        if faults.handshake_status is not None:
            return _apig_refusal(faults.handshake_status, "APIG.0201", "Backend unavailable."), ""
        if request.match_info["project_id"] != self.project_id:
            return self._refuse("APIG.0301", "Incorrect IAM authentication information: project id mismatch"), ""
        token = request.headers.get("X-Auth-Token")
        if token is not None:
            project, expires = self.tokens.get(token, ("", datetime.min.replace(tzinfo=UTC)))
            if project != self.project_id:
                return self._refuse("APIG.0301", "Incorrect IAM authentication information: decrypt token fail"), ""
            if expires < datetime.now(UTC):
                return self._refuse(
                    "APIG.0301", f"Incorrect IAM authentication information: token expires, expires_at: {expires}"
                ), ""
            how = "token"
        else:
            if (problem := self._check_signature(request)) is not None:
                return self._refuse("APIG.0301", f"Incorrect IAM authentication information: {problem}"), ""
            how = "aksk"
        if not self.real_name_verified:
            self.refused.append("SIS.0103")
            return _apig_refusal(403, "SIS.0103", "real name authentication missing"), how
        return None, how

    def _refuse(self, code: str, message: str) -> web.Response:
        self.refused.append(code)
        return _apig_refusal(401, code, message)

    def _check_signature(self, request: web.Request) -> str | None:
        """Why the APIG signature of ``request`` is wrong, or None."""
        authorization = request.headers.get("Authorization", "")
        match = re.fullmatch(
            r"SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)", authorization
        )
        if match is None:
            return "x-auth-token not found"
        access_key, signed_names, signature = match.groups()
        secret = self.access_keys.get(access_key)
        if secret is None:
            return f"ak {access_key} not exist"
        if len(request.headers.getall("Host", [])) != 1:
            return "verify aksk signature fail: duplicate host header"
        date = request.headers.get("X-Sdk-Date", "")
        try:
            when = datetime.strptime(date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            return "verify aksk signature fail: x-sdk-date missing or malformed"
        if abs((datetime.now(UTC) - when).total_seconds()) > 15 * 60:
            return "verify aksk signature fail:signature expired"
        names = signed_names.split(";")
        if "x-sdk-date" not in names or names != sorted(names):
            return "verify aksk signature fail: x-sdk-date must be signed"
        headers = {name.lower(): value for name, value in request.headers.items()}
        if any(name not in headers for name in names):
            return "verify aksk signature fail: a signed header is missing"
        path = "/".join(quote(segment, safe="~") for segment in request.path.split("/"))
        query = "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in sorted(request.query.items()))
        canonical = "\n".join(
            [
                request.method,
                path if path.endswith("/") else path + "/",
                query,
                "".join(f"{name}:{headers[name].strip()}\n" for name in names),
                signed_names,
                hashlib.sha256(b"").hexdigest(),
            ]
        )
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        expected = hmac.new(secret.encode(), f"SDK-HMAC-SHA256\n{date}\n{digest}".encode(), hashlib.sha256)
        if not hmac.compare_digest(expected.hexdigest(), signature):
            return "verify aksk signature fail"
        return None

    async def _upgrade(self, request: web.Request, api: str) -> tuple[web.StreamResponse, SisRequest | None]:
        refusal, how = await self._refusal(request)
        if refusal is not None:
            return refusal, None
        if not request.headers.get("Upgrade"):
            return web.json_response({"error_code": "SIS.0031", "error_msg": "not a websocket"}, status=400), None
        ws = web.WebSocketResponse(max_msg_size=4 * 1024 * 1024)
        await ws.prepare(request)
        record = SisRequest(api, how)
        self.requests.append(record)
        self._live.add(ws)
        return ws, record

    # -- real-time TTS ----------------------------------------------------------

    async def _rtts(self, request: web.Request) -> web.StreamResponse:
        return await self._serve(request, "rtts")

    async def _vcs(self, request: web.Request) -> web.StreamResponse:
        if self.region not in STREAMING_REGIONS:
            return _apig_refusal(404, "APIG.0101", "The API does not exist or has not been published.")
        return await self._serve(request, "vcs")

    async def _serve(self, request: web.Request, api: str) -> web.StreamResponse:
        ws, record = await self._upgrade(request, api)
        if record is None:
            return ws
        assert isinstance(ws, web.WebSocketResponse)
        session = _Session(self, ws, request, record)
        try:
            await (session.serve_rtts() if api == "rtts" else session.serve_vcs())
        finally:
            self._live.discard(ws)
        return ws


class _Session:
    """One SIS connection."""

    def __init__(self, server: FakeHuawei, ws: web.WebSocketResponse, request: web.Request, record: SisRequest) -> None:
        self.server = server
        self.ws = ws
        self.request = request
        self.record = record
        self.trace_id = str(uuid.uuid4())
        self.started = False
        self.only = False
        """START came with text_pieces ONLY: its text is all there is."""
        self.ended = False
        self.pending = ""
        self.total = 0
        self.jobs: asyncio.Queue[str | None] = asyncio.Queue()
        self.worker: asyncio.Task[None] | None = None

    async def respond(self, resp_type: str, **fields: Any) -> None:
        await self.ws.send_str(json.dumps({"resp_type": resp_type, "trace_id": self.trace_id, **fields}))

    async def error(self, failure: _Error) -> None:
        self.record.error_code = failure.code
        kind = "FATAL_ERROR" if failure.fatal else "ERROR"
        await self.respond(kind, error_code=failure.code, error_msg=failure.message)
        if failure.fatal:
            self.record.state = "failed"
            await self.ws.close()

    async def receive(self, within: float) -> dict[str, Any] | None:
        """The next command, or None when the client left; no command within ``within`` raises _Error."""
        try:
            msg = await self.ws.receive(timeout=within)
        except TimeoutError:
            raise _Error("SIS.0304", "wait voice timeout", fatal=True) from None
        if msg.type is not WSMsgType.TEXT:
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING, WSMsgType.ERROR):
                return None
            raise _Error("SIS.0032", "binary frames are not accepted")
        try:
            command = json.loads(msg.data)
        except ValueError:
            raise _Error("SIS.0032", "the request is not valid json") from None
        if not isinstance(command, dict) or not isinstance(command.get("command"), str):
            raise _Error("SIS.0012", "'command' is required")
        return command

    def finish(self) -> None:
        if self.record.state == "open":
            self.record.state = "cancelled"
        if self.worker is not None:
            self.worker.cancel()

    # RTTS: one START per connection

    async def serve_rtts(self) -> None:
        try:
            command = await self.receive(self.server.faults.idle_timeout)
            if command is None:
                return
            await self._start_rtts(command)
            self.worker = asyncio.create_task(self._rtts_worker())
            while await self.receive(self.server.faults.idle_timeout) is not None:
                await self.error(_Error("SIS.0031", "only one text per connection"))
        except _Error as failure:
            await self.error(failure)
        except ConnectionError:
            pass
        finally:
            self.finish()

    async def _rtts_worker(self) -> None:
        try:
            await self._speak(self.record.texts[0])
            self.record.state = "finished"
            await self.respond("END", reason="NORMAL")
        except _Error as failure:
            await self.error(failure)
        except ConnectionError:
            pass

    async def _start_rtts(self, command: dict[str, Any]) -> None:
        if command.get("command") != "START":
            raise _Error("SIS.0012", "the first command must be START", fatal=True)
        config = command.get("config")
        text = command.get("text")
        if not isinstance(config, dict) or not isinstance(text, str):
            raise _Error("SIS.0012", "'text' and 'config' are required", fatal=True)
        self.record.config = config
        voice = config.get("property", "chinese_xiaoyan_common")
        if self.server.region not in RTTS_VOICES.get(voice, ()):
            raise _Error("SIS.0411", f"'property' is invalid: {voice}", fatal=True)
        if config.get("sample_rate", "8000") not in ("8000", "16000"):
            raise _Error("SIS.0402", "'sample_rate' is invalid", fatal=True)
        if config.get("audio_format", "pcm") != "pcm":
            raise _Error("SIS.0410", "the fake only produces pcm", fatal=True)
        _check_prosody(config)
        limit = 10_000 if voice in LONG_TEXT_VOICES or self.server.region == "me-east-1" else 500
        if len(text) > limit:
            raise _Error("SIS.0032", f"'text' is longer than {limit}", fatal=True)
        if not _SPEAKABLE.search(text):
            raise _Error("SIS.1010", "No valid text, please enter Chinese characters, letters, or digits", fatal=True)
        await self._admit()
        self.record.texts.append(text)
        await self._reply_start()

    # streaming TTS: START (MULTI), MSG*, END

    async def serve_vcs(self) -> None:
        faults = self.server.faults
        try:
            while True:
                within = faults.text_timeout if self.started else faults.idle_timeout
                try:
                    command = await self.receive(within)
                except _Error as timeout:
                    if self.started and timeout.code == "SIS.0304":
                        raise _Error("SIS.0416", "vcs wait text time out", fatal=True) from None
                    raise
                if command is None:
                    return
                try:
                    await self._on_vcs_command(command)
                except _Error as failure:
                    if failure.fatal:
                        raise
                    await self.error(failure)  # the connection returns to its first state
                    self._reset()
        except _Error as failure:
            await self.error(failure)
        except ConnectionError:
            pass
        finally:
            self.finish()

    async def _on_vcs_command(self, command: dict[str, Any]) -> None:
        kind = command["command"]
        self.record.commands.append(kind)
        if self.only and kind in ("MSG", "END"):
            raise _Error("SIS.0031", f"{kind} is not accepted after a START with text_pieces ONLY")
        if self.ended:
            await self._event("VCS_END")
            return
        if kind == "START":
            await self._start_vcs(command)
        elif not self.started:
            raise _Error("SIS.0012", "START must come first")
        elif kind == "MSG":
            await self._message(command)
        elif kind == "END":
            self._end()
        else:
            raise _Error("SIS.0031", f"unsupported command {kind}")

    async def _start_vcs(self, command: dict[str, Any]) -> None:
        if self.started:
            raise _Error("SIS.0031", "START was already sent")
        pieces = command.get("text_pieces", "MULTI")
        if pieces not in ("MULTI", "ONLY"):
            raise _Error("SIS.0012", "'text_pieces' must be ONLY or MULTI")
        text = command.get("text") if pieces == "ONLY" else None
        if pieces == "ONLY":
            _check_text(text)
        config = command.get("config")
        if not isinstance(config, dict):
            raise _Error("SIS.0012", "'config' is required")
        if config.get("voice_name") not in STREAMING_VOICES:
            raise _Error("SIS.0411", f"'voice_name' is invalid: {config.get('voice_name')}")
        if config.get("sample_rate", "16000") not in ("8000", "16000", "24000"):
            raise _Error("SIS.0402", "'sample_rate' is invalid")
        if config.get("audio_format", "pcm") != "pcm":
            raise _Error("SIS.0410", "the fake only produces pcm")
        _check_prosody(config)
        await self._admit()
        self.record.config = config
        self.record.text_pieces = pieces
        self.started = True
        await self._reply_start()
        self.worker = asyncio.create_task(self._vcs_worker())
        if isinstance(text, str):
            self.only = True
            self._take(text)
            self._end()

    async def _message(self, command: dict[str, Any]) -> None:
        text = command.get("text")
        _check_text(text)
        assert isinstance(text, str)
        if self.total + len(text) > 100_000:
            await self._event("EXCEEDED_TOTAL_TEXT_LENGTH")
            return
        self.total += len(text)
        self._take(text)

    def _take(self, text: str) -> None:
        """Queue the whole sentences of ``text`` to be spoken; keep an unfinished one pending."""
        self.record.texts.append(text)
        self.pending += text
        while match := _SENTENCE_END.search(self.pending):
            self.jobs.put_nowait(self.pending[: match.end()])
            self.pending = self.pending[match.end() :]

    def _end(self) -> None:
        """All the text is in: speak what was queued, then the END response."""
        self.ended = True
        self.record.unspoken = self.pending  # text without final punctuation is never spoken
        self.pending = ""
        self.jobs.put_nowait(None)

    async def _vcs_worker(self) -> None:
        try:
            while (sentence := await self.jobs.get()) is not None:
                if _SPEAKABLE.search(sentence):
                    await self._speak(sentence)
            self.record.state = "finished"
            await self.respond("END", reason="NORMAL")
        except _Error as failure:
            await self.error(failure)
        except ConnectionError:
            pass

    def _reset(self) -> None:
        """After an ERROR the connection is back to its first state (what was pending is dropped)."""
        self.started = False
        self.only = False
        self.pending = ""
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
        self.jobs = asyncio.Queue()

    async def _event(self, name: str) -> None:
        self.record.events.append(name)
        await self.respond("EVENT", event=name, timestamp=int(time.time()))

    # shared

    async def _admit(self) -> None:
        limit = self.server.faults.max_concurrent_tasks
        busy = sum(1 for r in self.server.requests if r.state == "open" and r.texts)
        if limit is not None and busy >= limit:
            raise _Error("SIS.0312", "max concurrent resources exceeded", fatal=True)

    async def _reply_start(self) -> None:
        if self.server.faults.task_start_delay:
            await asyncio.sleep(self.server.faults.task_start_delay)
        await self.respond("START")

    async def _speak(self, text: str) -> None:
        faults = self.server.faults
        config = self.record.config
        rate = int(config.get("sample_rate", "16000"))
        pcm = fake_pcm(text, rate, 2 ** (int(config.get("speed", 0)) / 500))
        frame_bytes = int(rate * FRAME_SECONDS) * 2
        for start in range(0, len(pcm), frame_bytes):
            sent = self.record.frames
            if sent == 0 and faults.first_audio_delay:
                await asyncio.sleep(faults.first_audio_delay)
            if faults.fail_after_frames == sent:
                raise _Error(faults.fail_code, faults.fail_message, fatal=True)
            if faults.drop_after_frames == sent:
                self.record.state = "dropped"
                transport = self.request.transport
                if transport is not None:
                    transport.abort()
                raise ConnectionResetError
            if faults.stall_after_frames == sent:
                await asyncio.Event().wait()
            frame = pcm[start : start + frame_bytes]
            await self.ws.send_bytes(frame)
            self.record.audio += frame
            self.record.frames += 1
            if faults.pace:
                await asyncio.sleep(len(frame) / 2 / rate / faults.pace)
        self.record.spoken.append(text)


def _check_text(text: object) -> None:
    """Refuse a text the service refuses (in a MSG, or in a START with text_pieces ONLY)."""
    if not isinstance(text, str) or not text:
        raise _Error("SIS.0012", "'text' is required")
    if len(text) > 300:
        raise _Error("SIS.0032", "'text' is longer than 300")
    if not _SPEAKABLE.search(text):
        raise _Error("SIS.1010", "No valid text, please enter Chinese characters, letters, or digits")


def _check_prosody(config: dict[str, Any]) -> None:
    for name, low, high in (("speed", -500, 500), ("pitch", -500, 500), ("volume", 0, 100)):
        value = config.get(name, 0 if name != "volume" else 50)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Error("SIS.0032", f"'{name}' is invalid", fatal=True)


def _iam_refusal(status: int, message: str, title: str) -> web.Response:
    return web.json_response({"error": {"code": status, "message": message, "title": title}}, status=status)


def _apig_refusal(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error_code": code, "error_msg": message, "request_id": uuid.uuid4().hex}, status=status)
