"""Reading the JSON events services send over a WebSocket."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import ClientWebSocketResponse, WSMessage, WSMsgType

from .errors import ProtocolError, ServiceUnavailableError

CLOSED_STATES = (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING, WSMsgType.ERROR)


def json_object(data: str, service_name: str) -> dict[str, Any]:
    """Parse ``data`` as a JSON object, or raise a ProtocolError naming the service."""
    try:
        event = json.loads(data)
    except ValueError as err:
        raise ProtocolError(f"{service_name} sent an unreadable event: {data[:200]!r}") from err
    if not isinstance(event, dict):
        raise ProtocolError(f"{service_name} sent an event that is not an object")
    return event


def json_event(ws: ClientWebSocketResponse, message: WSMessage, service_name: str) -> dict[str, Any]:
    """Return the JSON event ``message`` carries; a close or a binary frame where an event was due is an error."""
    if message.type in CLOSED_STATES:
        raise ServiceUnavailableError(f"{service_name} closed the connection mid-reply (close code {ws.close_code})")
    if message.type is not WSMsgType.TEXT:
        raise ProtocolError(f"{service_name} sent a {message.type.name} frame where an event was due")
    return json_object(message.data, service_name)
