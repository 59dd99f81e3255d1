"""What failures mean for an account: reauthentication, repair issues, log lines; and their clearing."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, LOGGER
from .engine import (
    AuthenticationError,
    QuotaExceededError,
    RateLimitedError,
    RegionMismatchError,
    ServiceUnavailableError,
    TtsError,
)

QUOTA_EXCEEDED = "quota_exceeded"
REGION_MISMATCH = "region_mismatch"
REPAIRS = (QUOTA_EXCEEDED, REGION_MISMATCH)


def issue_id(kind: str, entry: ConfigEntry) -> str:
    """Return the ID of the repair issue of ``kind`` for ``entry``."""
    return f"{kind}_{entry.entry_id}"


class ServiceHealth:
    """Follows one account's replies: raises what a failure calls for, clears it when speech works again."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Watch ``entry``'s service."""
        self._hass = hass
        self._entry = entry
        registry = ir.async_get(hass)
        self._issues = {kind for kind in REPAIRS if registry.async_get_issue(DOMAIN, issue_id(kind, entry))}
        """Raised before a restart, too: they stay until a reply is spoken."""
        self._unavailable = False

    @property
    def open_issues(self) -> list[str]:
        """The repair issues raised and not cleared yet."""
        return sorted(self._issues)

    @property
    def unavailable(self) -> bool:
        """Whether the last reply failed because the service could not be reached or failed."""
        return self._unavailable

    def failed(self, err: TtsError) -> None:
        """React to a failed reply (or setup): reauth, a repair issue or a log line, as ``err`` calls for."""
        if isinstance(err, RegionMismatchError):
            self._raise_issue(REGION_MISMATCH, err)
        elif isinstance(err, AuthenticationError):
            self._entry.async_start_reauth(self._hass)
        elif isinstance(err, RateLimitedError):  # passes by itself: the reply's error says so, no repair issue
            LOGGER.info("%s is being rate limited: %s", self._entry.title, err)
        elif isinstance(err, QuotaExceededError):  # the owner must top up or raise the quota
            self._raise_issue(QUOTA_EXCEEDED, err)
        elif isinstance(err, ServiceUnavailableError) and not self._unavailable:
            self._unavailable = True
            LOGGER.warning("%s is unavailable: %s", self._entry.title, err)

    def credentials_accepted(self) -> None:
        """Clear a region mismatch and a pending sign-in request: the service accepted the credentials."""
        self._dismiss_reauth()
        if REGION_MISMATCH in self._issues:
            self._issues.discard(REGION_MISMATCH)
            ir.async_delete_issue(self._hass, DOMAIN, issue_id(REGION_MISMATCH, self._entry))

    def forget(self) -> None:
        """Remove the account's repair issues (the account is being removed)."""
        self._issues.update(REPAIRS)
        self.succeeded()

    def succeeded(self) -> None:
        """Clear what earlier failures raised: a reply was spoken."""
        self._dismiss_reauth()
        if self._unavailable:
            self._unavailable = False
            LOGGER.info("%s is available again", self._entry.title)
        for kind in self._issues:
            ir.async_delete_issue(self._hass, DOMAIN, issue_id(kind, self._entry))
        self._issues.clear()

    def _dismiss_reauth(self) -> None:
        """Withdraw the request to sign in again: the credentials work (a refusal was passing)."""
        for flow in list(self._entry.async_get_active_flows(self._hass, {SOURCE_REAUTH})):
            LOGGER.info("%s signs in again; the request to reauthenticate is withdrawn", self._entry.title)
            self._hass.config_entries.flow.async_abort(flow["flow_id"])

    def _raise_issue(self, kind: str, err: TtsError) -> None:
        self._issues.add(kind)
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            issue_id(kind, self._entry),
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=kind,
            translation_placeholders={"account": self._entry.title, "error": err.message},  # (the code: in the log)
        )
