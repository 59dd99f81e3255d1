"""A Model Studio account: an API key of one region, and the hosts it speaks to."""

from __future__ import annotations

from dataclasses import dataclass, field

from yarl import URL

from ..endpoints import check_endpoint
from ..errors import AuthenticationError, InvalidRequestError
from ..version import USER_AGENT
from .catalog import BEIJING, REGION_NAMES, SINGAPORE

HOSTS = {
    BEIJING: "wss://dashscope.aliyuncs.com",
    SINGAPORE: "wss://dashscope-intl.aliyuncs.com",
}


@dataclass(frozen=True)
class DashScopeAccount:
    """A Model Studio API key in one region (keys only work in their own region).

    ``endpoint`` replaces the scheme and host of the region's service (for a
    proxy, a private deployment or tests); paths stay the service's own.
    """

    api_key: str = field(repr=False)
    region: str = BEIJING
    workspace: str | None = None
    endpoint: str | None = None

    def __post_init__(self) -> None:
        """Reject an unknown region or an empty key."""
        if self.region not in HOSTS:
            raise InvalidRequestError(f"Unknown Model Studio region '{self.region}'; use one of: {', '.join(HOSTS)}")
        if not self.api_key.strip():
            raise AuthenticationError("No Model Studio API key was given")
        if self.endpoint:
            check_endpoint(self.endpoint, "endpoint", "ws://127.0.0.1:8080")

    @property
    def region_name(self) -> str:
        """The region as people call it."""
        return REGION_NAMES[self.region]

    @property
    def service_name(self) -> str:
        """The service and region, as error messages name them."""
        return f"Model Studio in {self.region_name}"

    def url(self, path: str) -> URL:
        """Return the full WebSocket URL of ``path`` for this account."""
        base = URL(self.endpoint or HOSTS[self.region])
        return base.with_path(path)

    def headers(self) -> dict[str, str]:
        """Handshake headers: the key, the workspace if any, who we are."""
        headers = {"Authorization": f"Bearer {self.api_key}", "User-Agent": USER_AGENT}
        if self.workspace:
            headers["X-DashScope-WorkSpace"] = self.workspace
        return headers
