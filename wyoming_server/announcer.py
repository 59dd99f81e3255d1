"""Announcing the server over mDNS (``_wyoming._tcp``), as Home Assistant's Wyoming integration discovers it."""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import AsyncIterator

from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

_LOGGER = logging.getLogger(__name__)

SERVICE_TYPE = "_wyoming._tcp.local."
_MDNS_GROUP = "224.0.0.251"


@contextlib.asynccontextmanager
async def announced(name: str, port: int, host: str | None = None) -> AsyncIterator[None]:
    """Announce ``name`` at ``host`` (default: the address mDNS goes out from) and ``port``; withdraw it after.

    Raises OSError when the network allows no announcement.
    """
    address = host or _outgoing_address()
    info = AsyncServiceInfo(SERVICE_TYPE, f"{name}.{SERVICE_TYPE}", addresses=[socket.inet_aton(address)], port=port)
    zeroconf = AsyncZeroconf()
    try:
        await zeroconf.async_register_service(info)
        _LOGGER.info("Announced over zeroconf as %s (%s:%d)", name, address, port)
        yield
    finally:
        await zeroconf.async_close()  # withdraws what it announced


def _outgoing_address() -> str:
    """Return this machine's address on the network mDNS goes out to (nothing is sent to find it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((_MDNS_GROUP, 1))
        address: str = probe.getsockname()[0]
        return address
