"""The errors a binding raises.

Everything derives from :class:`Error`, so ``except Error`` catches all of them;
transport failures are ``httpx`` errors and pass through unchanged.
"""

from __future__ import annotations


class Error(Exception):
    """Base class of every error this package raises."""


class EncodeError(Error, ValueError):
    """A value cannot be written to the wire (wrong type, a character XML cannot carry, …)."""


class DecodeError(Error, ValueError):
    """A body is not what the contract says: malformed, wrong root, wrong type, too large, …"""


class ApiError(Error):
    """The service answered with a non-2xx status.

    ``code`` and ``reason`` come from a WCF fault body when there is one; ``body`` is
    always the raw answer.
    """

    def __init__(
        self,
        status_code: int,
        *,
        code: str | None = None,
        reason: str | None = None,
        body: bytes = b"",
        content_type: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.reason = reason
        self.body = body
        self.content_type = content_type
        detail = ": ".join(part for part in (code, reason) if part)
        super().__init__(f"HTTP {status_code}" + (f" ({detail})" if detail else ""))
