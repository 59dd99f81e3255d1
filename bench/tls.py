"""A throwaway certificate authority for the latency proxy's TLS, and how each client is made to trust it.

trustme makes a CA and a certificate for 127.0.0.1; the proxy serves the
certificate, and every client in the run trusts the CA: in-process aiohttp
sessions through an SSL context, child processes (the Wyoming server,
``wyoming-openai``) and the official SDK's websocket-client through the
environment, Home Assistant through its own cached client contexts.
"""

from __future__ import annotations

import contextlib
import ssl
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class Trust:
    """The CA's certificate and the proxy's certificate (with its key), as PEM files."""

    ca_file: Path
    server_file: Path

    def context(self) -> ssl.SSLContext:
        """A client SSL context that trusts the CA (and verifies host names as usual)."""
        return ssl.create_default_context(cafile=self.ca_file)

    def env(self) -> dict[str, str]:
        """The environment that makes a child's TLS trust the CA (OpenSSL's default, httpx's, websocket-client's)."""
        return {"SSL_CERT_FILE": str(self.ca_file), "WEBSOCKET_CLIENT_CA_BUNDLE": str(self.ca_file)}

    def proxy_flags(self) -> list[str]:
        """The latency proxy's flags to be the TLS end with the certificate."""
        return ["--certificate", str(self.server_file), "--key", str(self.server_file)]


@contextlib.contextmanager
def throwaway() -> Iterator[Trust]:
    """A new CA and a certificate for 127.0.0.1, in files removed afterwards."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    with tempfile.TemporaryDirectory(prefix="bench-tls-") as directory:
        trust = Trust(Path(directory) / "ca.pem", Path(directory) / "server.pem")
        authority.cert_pem.write_to_path(str(trust.ca_file))
        certificate.private_key_and_cert_chain_pem.write_to_path(str(trust.server_file))
        yield trust
