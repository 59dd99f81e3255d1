"""What a fake service does wrong, on purpose: the knobs every fake shares."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Faults:
    """What the fake does wrong, on purpose. Every task sees the current values."""

    handshake_delay: float = 0.0
    handshake_status: int | None = None
    task_start_delay: float = 0.0
    first_audio_delay: float = 0.0
    pace: float | None = None
    """Audio is sent at this multiple of real time (None: as fast as possible)."""
    fail_after_frames: int | None = None
    fail_code: str = "InternalError"
    fail_message: str = "An internal error has occured, please try again later."
    drop_after_frames: int | None = None
    stall_after_frames: int | None = None
    run_task_failure: tuple[str, str] | None = None
    max_concurrent_tasks: int | None = None
    idle_timeout: float = 60.0
    text_timeout: float = 23.0
    close_after_task: bool = False
    response_status: str | None = None
    """Realtime: end each response with this status (failed, incomplete) instead of completed."""
    refused_text: str | None = None
    """Realtime: refuse an append whose text holds this, as a client-side error (the session goes on without it)."""
    drop_unanswered: int = 0
    """Realtime: this many connections (counted down) drop when text arrives before any answer to the client."""


class ServiceFailure(Exception):
    """A failure the fake reports to the client the way its service does (a code and a message)."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code and message to report."""
        super().__init__(message)
        self.code = code
        self.message = message
