"""What SIS and IAM refusals mean: each service code mapped to the engine's errors, naming what to fix."""

from __future__ import annotations

import json

from ..errors import (
    AuthenticationError,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RateLimitedError,
    RegionMismatchError,
    ServiceUnavailableError,
    TtsError,
    TtsTimeoutError,
)
from .account import AccessKey, HuaweiAccount, IamUser


def iam_error(status: int, text: str, account: HuaweiAccount) -> TtsError:
    """Return the error for an IAM refusal, naming the credential that is wrong."""
    credentials = account.credentials
    assert isinstance(credentials, IamUser)
    code, message = error_fields(text)
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


def error_fields(text: str) -> tuple[str | None, str | None]:
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
        return credential_refusal(account, text, code)
    if code == "SIS.0312" or code.endswith(".0308"):  # too many at once; API Gateway's throttling threshold
        return RateLimitedError(f"{where} is rate limiting this account; try again shortly ({detail})", code=code)
    if "RESTRICTED" in text:  # the account is frozen, e.g. in arrears
        return QuotaExceededError(f"{where}: the account is restricted (in arrears?); check it ({detail})", code=code)
    if code in _REQUEST_CODES:
        return InvalidRequestError(f"{where} rejected the request: {detail}", code=code)
    if code in _TIMEOUT_CODES:
        return TtsTimeoutError(f"{where} timed out: {detail}", code=code)
    if code.endswith(".0101"):
        return ProtocolError(f"{where} has no such API: check the endpoint and project ID ({detail})", code=code)
    return ServiceUnavailableError(f"{where} failed: {detail}", code=code)


def credential_refusal(account: HuaweiAccount, text: str, code: str) -> TtsError:
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
