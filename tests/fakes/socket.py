"""What every fake's server-side connection shares: ending it, and recording who ended it."""

from __future__ import annotations

from typing import Any

from aiohttp import web


class ServedSocket:
    """A WebSocket a fake serves; ``record.closed_by`` says how it ended (first close wins, a drop always)."""

    ws: web.WebSocketResponse
    request: web.Request
    record: Any
    """The fake's record of this connection (it has ``closed_by``)."""

    async def close(self, code: int, message: str, *, by: str) -> None:
        """Close with a close frame, recording ``by`` unless it was already closed."""
        if self.record.closed_by is None:
            self.record.closed_by = by
        await self.ws.close(code=code, message=message.encode())

    def drop(self) -> None:
        """End the connection abruptly, without a close frame."""
        self.record.closed_by = "drop"
        transport = self.request.transport
        if transport is not None:
            transport.abort()
