"""How ``wcfgen fetch`` shows its progress: a bar on a terminal, one plain line per page in CI logs."""

from __future__ import annotations

from typing import TextIO

_BAR_WIDTH = 30


class TerminalProgress:
    """Redraws one line: ``[#########-----]  9/15 GetCustomer``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._width = 0

    def __call__(self, done: int, total: int, what: str) -> None:
        filled = _BAR_WIDTH * done // max(total, 1)
        line = f"[{'#' * filled}{'-' * (_BAR_WIDTH - filled)}] {done:>{len(str(total))}}/{total} {what}"
        self._stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self._stream.flush()

    def end(self) -> None:
        """Leave the bar's line, so what follows starts on a fresh one."""
        if self._width:
            self._stream.write("\n")
            self._width = 0


class PlainProgress:
    """``fetched 9/15 GetCustomer``: readable in a log that does not understand ``\\r``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, done: int, total: int, what: str) -> None:
        self._stream.write(f"fetched {done}/{total} {what}\n")
        self._stream.flush()

    def end(self) -> None:
        """Nothing to close: every line is complete."""
