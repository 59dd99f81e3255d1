"""A Huawei Cloud account: who signs in (an IAM user or an access key), in which region, through which hosts."""

from __future__ import annotations

from dataclasses import dataclass, field

from yarl import URL

from ..endpoints import check_endpoint
from ..errors import AuthenticationError, InvalidRequestError
from . import catalog


@dataclass(frozen=True)
class IamUser:
    """An IAM user of a Huawei Cloud account (a HUAWEI ID itself cannot get tokens)."""

    domain: str
    """The account (domain) name."""
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class AccessKey:
    """An access key pair (AK/SK); the project ID must be given with it."""

    access_key: str
    secret_key: str = field(repr=False)


@dataclass(frozen=True)
class HuaweiAccount:
    """Credentials for SIS in one region.

    ``endpoint`` and ``iam_endpoint`` replace the scheme and host of the SIS
    and IAM services (for a proxy, a private deployment or tests).
    """

    credentials: IamUser | AccessKey
    region: str = catalog.BEIJING4
    project_id: str | None = None
    endpoint: str | None = None
    iam_endpoint: str | None = None

    def __post_init__(self) -> None:
        """Reject an unknown region and incomplete credentials."""
        if self.region not in catalog.REGION_NAMES:
            regions = ", ".join(catalog.REGION_NAMES)
            raise InvalidRequestError(f"Unknown Huawei Cloud SIS region '{self.region}'; use one of: {regions}")
        credentials = self.credentials
        if isinstance(credentials, AccessKey):
            if not (credentials.access_key.strip() and credentials.secret_key.strip()):
                raise AuthenticationError("Give both the access key (AK) and the secret key (SK)")
            if not self.project_id:
                raise AuthenticationError("An access key needs the project ID of the region (console: My Credentials)")
        elif not (credentials.domain.strip() and credentials.user.strip() and credentials.password):
            raise AuthenticationError("Give the account (domain) name, the IAM user name and its password")
        if self.endpoint:
            check_endpoint(self.endpoint, "endpoint", "ws://127.0.0.1:8080")
        if self.iam_endpoint:
            check_endpoint(self.iam_endpoint, "IAM endpoint", "http://127.0.0.1:8080")

    @property
    def service_name(self) -> str:
        """SIS and the region, as error messages name them."""
        return f"Huawei Cloud SIS in {catalog.REGION_NAMES[self.region]}"

    def sis_url(self, path: str) -> URL:
        """Return the WebSocket URL of ``path`` (which includes the project ID)."""
        return URL(self.endpoint or f"wss://sis-ext.{self.region}.myhuaweicloud.com").with_path(path)

    def iam_url(self) -> URL:
        """Return the IAM token URL of the region."""
        base = URL(self.iam_endpoint or f"https://iam.{self.region}.myhuaweicloud.com")
        return base.with_path("/v3/auth/tokens")
