"""Huawei Cloud SIS real-time TTS (``/v1/{project_id}/rtts``): one text per connection.

The service takes one START (text and config) per connection and answers
START, binary audio, END. A reply is spoken piece by piece (:mod:`.piecewise`):
each piece, cut at a sentence or clause, gets its own connection, opened while
the previous piece is still playing.
"""

from __future__ import annotations

from aiohttp import ClientWebSocketResponse

from ..models import SynthesisOptions
from ..piecewise import PiecewiseProvider, Read
from ..provider import Request
from ..warm_sockets import Begin
from . import catalog
from .family import HuaweiFamily

SHORT_TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 10_000


class HuaweiRttsProvider(HuaweiFamily, PiecewiseProvider):
    """Real-time TTS voices of one Huawei Cloud account."""

    name = "huawei"
    family = catalog.RTTS
    path = "/rtts"
    piece_limit = SHORT_TEXT_LIMIT
    keeps_connections = False  # one text per connection
    service_idle_timeout = 20.0
    """The service drops a connection that gets no START for this long."""

    def _check(self, options: SynthesisOptions) -> Request:
        return self._config(options, catalog.RTTS_MODEL, "property")

    def _piece_limit(self, request: Request) -> int:
        long_text = request.model in catalog.LONG_TEXT_VOICES or self.account.region == catalog.RIYADH
        return LONG_TEXT_LIMIT if long_text else SHORT_TEXT_LIMIT

    async def _connect(self) -> ClientWebSocketResponse:
        return await self._open()

    def _piece(self, text: str, request: Request) -> tuple[Begin, Read]:
        start = {"command": "START", "text": text, "config": request.parameters}

        async def begin(ws: ClientWebSocketResponse, reused: bool) -> None:
            await self._start(ws, start, reused=reused)

        return begin, self._read_response
