"""Reading Wyoming events within limits: a header line, then its declared data and payload, checked first."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from wyoming.event import Event


class MalformedEvent(Exception):
    """An event was read to its end but makes no sense; the connection can go on. The message says why."""


class UnreadableEvent(Exception):
    """The connection cannot be read on (a header too long, or sizes too large or not numbers)."""


async def read_event(reader: asyncio.StreamReader, max_bytes: int) -> Event | None:
    """Read the next event; None when the client has left (also mid-event).

    The header line is bounded by ``reader``'s limit; the data and payload it
    declares may be ``max_bytes`` together, checked before any of it is read.
    """
    try:
        line = await reader.readline()
    except ValueError:  # the line outgrew the reader's limit
        raise UnreadableEvent("the header line is too long") from None
    if not line.endswith(b"\n"):
        return None
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):  # (nesting deep enough exhausts the parser)
        raise MalformedEvent("the header is not JSON") from None
    if not isinstance(header, dict):
        raise MalformedEvent("the header is not a JSON object")
    data_length = _declared(header, "data_length")
    payload_length = _declared(header, "payload_length")
    if data_length + payload_length > max_bytes:
        raise UnreadableEvent(
            f"the event declares {data_length + payload_length} bytes of data and payload; at most {max_bytes}"
        )
    try:
        extra = await reader.readexactly(data_length) if data_length else b""
        payload = await reader.readexactly(payload_length) if payload_length else None
    except asyncio.IncompleteReadError:
        return None
    return Event(type=_type(header), data=_data(header, extra), payload=payload)


def _declared(header: dict[str, Any], key: str) -> int:
    value = header.get(key)
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise UnreadableEvent(f"{key} must be a whole number of bytes, got {value!r}")
    return value


def _type(header: dict[str, Any]) -> str:
    kind = header.get("type")
    if not isinstance(kind, str) or not kind:
        raise MalformedEvent("the header has no type")
    return kind


def _data(header: dict[str, Any], extra: bytes) -> dict[str, Any]:
    data = header.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MalformedEvent("the header's data is not a JSON object")
    if extra:
        try:
            more = json.loads(extra)
        except (ValueError, RecursionError):
            raise MalformedEvent("the event's data is not JSON") from None
        if not isinstance(more, dict):
            raise MalformedEvent("the event's data is not a JSON object")
        data.update(more)
    return data
