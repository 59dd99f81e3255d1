"""Huawei Cloud SIS streaming TTS (``/v1/{project_id}/vcs/voices/clone``, ``text_pieces`` ONLY / MULTI).

A reply is one START (MULTI, voice and audio config) on its own connection,
one MSG per piece of text as it arrives (at most 300 characters each), END,
then audio until the END response (the flow is :mod:`.duplex`'s). A whole
text that fits one message goes in the START itself (ONLY), so that it waits
for no START response first. The service speaks only whole sentences and may
keep an unfinished one, so text after the last sentence end is held until
more comes, and the reply's last text is given a full stop (in ONLY mode too).
The docs show no MSG sent before the START response, so none is.
"""

from __future__ import annotations

import json
import re
import uuid

from aiohttp import ClientWebSocketResponse, WSMessage

from ..duplex import DuplexProvider, Turn
from ..models import SynthesisOptions
from ..provider import Request
from ..stream import Reading
from ..text import normalize
from . import catalog
from .family import HuaweiFamily

_SENTENCE_END = re.compile(r"(?:[。！？!?…]|\.(?=\s))[\"'”’」』）)\]}》]*")
"""Where a sentence ends inside streamed text, with its closing quotes (a last "." waits: 3.14, example.com)."""
_FINAL_STOPS = "。！？.!?…"
_CLOSERS = "\"'”’」』）)]}》〉"
_SOFT_STOPS = ",，、:：;；\n"
_SPEAKABLE = re.compile(r"\w")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _with_full_stop(text: str) -> str:
    """``text`` ending in sentence punctuation (after any closing quotes), so the service speaks all of it."""
    text = text.rstrip()
    if not _SPEAKABLE.search(text):
        return ""
    body = text.rstrip(_CLOSERS)
    if body[-1:] and body[-1] in _FINAL_STOPS:
        return text
    stop = "。" if _CJK.search(body[-10:]) else "."
    if body[-1:] and body[-1] in _SOFT_STOPS:
        return body[:-1] + stop + text[len(body) :]
    return body + stop + text[len(body) :]


def _joined(words: str, symbols: str, limit: int) -> list[str]:
    """``words`` followed by ``symbols`` (nothing to say), as one or two messages within ``limit``.

    When both do not fit in one, the cut moves back to before the last speakable
    character, which the symbols then follow. Symbols that cannot join words
    within the limit are left out: alone they would fail the reply.
    """
    if len(words) + len(symbols) <= limit:
        return [words + symbols]
    last = max(match.start() for match in _SPEAKABLE.finditer(words))
    head, tail = words[:last], words[last:]
    if _SPEAKABLE.search(head) and len(tail) + len(symbols) <= limit:
        return [head, tail + symbols]
    return [words]


class HuaweiStreamingProvider(HuaweiFamily, DuplexProvider):
    """Streaming TTS voices of one Huawei Cloud account."""

    name = "huawei"
    family = catalog.STREAMING
    path = "/vcs/voices/clone"
    message_limit = 300
    turn_limit = 100_000
    service_text_timeout = 20.0
    """SIS.0416 ends a request that waits for text (assumed like SIS's other 20 s limits)."""
    service_idle_timeout = 20.0
    keeps_connections = False
    text_with_start = True

    def _check(self, options: SynthesisOptions) -> Request:
        return self._config(options, catalog.STREAMING_MODEL, "voice_name")

    # -- the protocol ---------------------------------------------------------

    def _new_turn_id(self) -> str:
        return uuid.uuid4().hex

    def _endpoint_key(self, request: Request) -> str:
        return self.path  # one endpoint serves every voice

    async def _connect(self, endpoint_key: str) -> ClientWebSocketResponse:
        return await self._open()

    def _takes_with_start(self, texts: list[str], *, whole: bool) -> bool:
        """START carries a whole text of one message (ONLY mode), and nothing else."""
        return whole and len(texts) == 1

    async def _start_turn(self, ws: ClientWebSocketResponse, turn: Turn, request: Request, *, reused: bool) -> None:
        if turn.opening:
            [text] = turn.opening
            start = {"command": "START", "text_pieces": "ONLY", "text": normalize(text), "config": request.parameters}
        else:
            start = {"command": "START", "text_pieces": "MULTI", "config": request.parameters}
        await self._start(ws, start, reused=reused)

    def _ready_text(self, pending: str, *, final: bool) -> tuple[str, str]:
        """Send whole sentences; hold the unfinished rest; end the reply's text with a full stop."""
        if final:
            return _with_full_stop(pending), ""
        cut = 0
        for match in _SENTENCE_END.finditer(pending):
            cut = match.end()
        if not _SPEAKABLE.search(pending[:cut]):
            return "", pending  # nothing to say yet (the service refuses symbols alone)
        return pending[:cut], pending[cut:]

    def _message_texts(self, text: str) -> list[str]:
        """Cut as the base does, but never leave a message with nothing to say (SIS.1010 refuses it)."""
        pieces: list[str] = []
        for piece in super()._message_texts(text):
            if _SPEAKABLE.search(piece):
                pieces.append(piece)
            elif pieces:  # punctuation past the limit (the full stop of 300 characters): it goes with words
                pieces[-1:] = _joined(pieces[-1], piece, self.message_limit)
        return pieces

    def _text_message(self, turn: Turn, text: str) -> str:
        return json.dumps({"command": "MSG", "text": normalize(text)}, ensure_ascii=False)

    def _end_message(self, turn: Turn) -> str:
        return json.dumps({"command": "END"})

    def _read(self, ws: ClientWebSocketResponse, message: WSMessage, turn: Turn) -> Reading:
        return self._read_response(ws, message)
