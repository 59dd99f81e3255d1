"""What the duplex and piecewise flows share: a session, deadlines, and the check every request passes first."""

from __future__ import annotations

import logging
from abc import abstractmethod
from collections.abc import AsyncGenerator
from dataclasses import replace
from typing import ClassVar

from aiohttp import ClientSession

from .errors import InvalidRequestError
from .languages import hint_for
from .models import SAFE_SHARE, AudioFormat, Deadlines, SynthesisOptions
from .provider import Request, TtsProvider
from .reply_log import ReplyLog
from .stream import AudioStream, TextFeed, TextInput
from .text import normalize

_LOGGER = logging.getLogger(__name__)


class ServiceFlow(TtsProvider):
    """Base of the flows: checks a request before anything is sent, then speaks it (``_speak``).

    ``service_idle_timeout`` is how long the service keeps an idle connection; ``warm_sockets`` how many idle
    connections are kept by default (at least; as many as were in use at once).
    """

    service_idle_timeout: ClassVar[float]
    warm_sockets: ClassVar[int] = 4

    def __init__(
        self, session: ClientSession, *, deadlines: Deadlines | None = None, max_warm_sockets: int | None = None
    ) -> None:
        """Use ``session`` for connections (not closed by the provider)."""
        self._session = session
        self._deadlines = deadlines or Deadlines()
        self._max_warm_sockets = self.warm_sockets if max_warm_sockets is None else max_warm_sockets

    @property
    @abstractmethod
    def service_name(self) -> str:
        """The service (and region) as error messages name it."""

    @abstractmethod
    def _check(self, options: SynthesisOptions) -> Request:
        """Check the options and turn them into a request, or raise InvalidRequestError."""

    @abstractmethod
    def _speak(self, feed: TextFeed, request: Request, log: ReplyLog) -> AsyncGenerator[bytes, None]:
        """Speak the text of ``feed`` as ``request`` says; yield PCM until all of it was spoken."""

    @property
    def _keep_warm(self) -> float:
        """How long an idle connection is kept: the deadline, well inside the service's own limit."""
        return min(self._deadlines.warm_socket, SAFE_SHARE * self.service_idle_timeout)

    def audio_format(self, options: SynthesisOptions | None = None) -> AudioFormat:
        """Check ``options`` without I/O; return the format of a reply with them."""
        return self._check(options or SynthesisOptions()).audio_format

    def synthesize(self, text: TextInput, options: SynthesisOptions | None = None) -> AudioStream:
        """Speak ``text``; the request is checked before anything is sent.

        A language hint that the whole text plainly contradicts is left out.
        """
        options = options or SynthesisOptions()
        hint = hint_for(text, options.language)
        request = self._check(replace(options, language=hint))
        if isinstance(text, str) and not normalize(text).strip():
            raise InvalidRequestError("There is no text to speak")
        log = ReplyLog(_LOGGER, request, text)
        if options.language and not hint:
            log.left_out_hint(options.language)
        return AudioStream(request.audio_format, log.track(self._speak(TextFeed(text), request, log)))
