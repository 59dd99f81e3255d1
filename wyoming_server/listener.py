"""Accepting clients at a tcp:// or unix:// URI: one handler per connection, all stopped with the listener."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol


class ConnectionHandler(Protocol):
    """Serves one connection until the client leaves (or is sent away)."""

    async def run(self) -> None:
        """Serve the connection to its end."""


HandlerFactory = Callable[[asyncio.StreamReader, asyncio.StreamWriter], ConnectionHandler]


class Listener:
    """Listens at one URI; ``stop`` closes it and ends every connection it accepted."""

    def __init__(self, handler_factory: HandlerFactory) -> None:
        """Serve each connection with a handler made by ``handler_factory``."""
        self._handler_factory = handler_factory
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self, uri: str) -> str:
        """Listen at ``uri`` (``tcp://HOST:PORT`` or ``unix://PATH``); return the URI listened at (port 0 made real).

        Raises OSError when the address cannot be listened at.
        """
        scheme, _, rest = uri.partition("://")
        if scheme == "unix":
            self._server = await asyncio.start_unix_server(self._serve, path=rest)
            return uri
        host, _, port = rest.rpartition(":")
        self._server = await asyncio.start_server(self._serve, host=host, port=int(port))
        bound_host, bound_port = self._server.sockets[0].getsockname()[:2]
        return f"tcp://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening, and end every connection still served."""
        if self._server is not None:
            self._server.close()
        for connection in self._connections:
            connection.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            await self._handler_factory(reader, writer).run()
        finally:
            self._connections.discard(task)
