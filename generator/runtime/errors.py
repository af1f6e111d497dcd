"""The errors a binding raises.

Everything derives from :class:`Error`, so one ``except Error`` catches all of them:
transport failures too, as :class:`TransportError` (the ``httpx`` error is its ``__cause__``).
"""

from __future__ import annotations

import re

MAX_CODE_CHARS = 200
MAX_REASON_CHARS = 500
MAX_DETAIL_CHARS = 500
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+"
)
_SPACES = re.compile(r"\s+")


def one_line(text: str, limit: int) -> str:
    """``text`` as one line of printable characters, at most ``limit`` of them: control
    characters (CR, LF, terminal escapes), line separators and bidi overrides become
    spaces, runs of spaces one space; a longer text is cut and ends with ``…``."""
    line = _SPACES.sub(" ", _UNPRINTABLE.sub(" ", text[: limit * 4])).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


class Error(Exception):
    """Base class of every error this package raises."""


class EncodeError(Error, ValueError):
    """A value cannot be written to the wire (wrong type, a character XML cannot carry, …)."""


class DecodeError(Error, ValueError):
    """A body is not what the contract says: malformed, wrong root, wrong type, too large, …"""


class TransportError(Error):
    """No answer: the connection failed, timed out (or the call's deadline passed), or the
    peer broke the HTTP protocol. The ``httpx`` error, if any, is ``__cause__``."""


class ApiError(Error):
    """The service answered with a non-2xx status.

    ``code`` and ``reason`` come from a WCF fault body when there is one, as one printable
    line each (capped); ``detail`` is the typed fault detail when the operation declares
    one for this status (the generated subclasses type it); ``body`` is always the raw
    answer, at most the client's ``max_response_bytes``.
    """

    detail: object = None

    def __init__(
        self,
        status_code: int,
        *,
        code: str | None = None,
        reason: str | None = None,
        body: bytes = b"",
        content_type: str | None = None,
        detail: object = None,
    ) -> None:
        self.status_code = status_code
        self.code = None if code is None else one_line(code, MAX_CODE_CHARS)
        self.reason = None if reason is None else one_line(reason, MAX_REASON_CHARS)
        self.body = body
        self.content_type = content_type
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        if self.detail is not None:
            return f"HTTP {self.status_code}: {one_line(repr(self.detail), MAX_DETAIL_CHARS)}"
        detail = ": ".join(part for part in (self.code, self.reason) if part)
        return f"HTTP {self.status_code}" + (f" ({detail})" if detail else "")
