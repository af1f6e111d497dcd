"""The errors wcfgen reports to its users.

Every failure caused by input (a page, an XSD, a manifest, an output folder) is a
:class:`WcfgenError` carrying the file and position, so the CLI can print one line
and exit 2 instead of a traceback. The message and the file name are made one line of
printable characters when the error is made, whatever they quote (a namespace with a
newline, a terminal escape from a page, a parser's message about them), so no call site
has to remember to.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Self

MAX_MESSAGE = 1000  # characters; a longer message is cut, saying how much is left out


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` as one line of printable characters: any other is escaped as Python writes it
    (``\\n``, ``\\x1b``, ``\\u2028``); past ``limit`` characters, cut."""
    line = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    if limit is not None and len(line) > limit:
        return f"{line[:limit]}… ({len(line) - limit} more characters)"
    return line


class WcfgenError(Exception):
    """A user-facing error: bad input, or an output folder wcfgen may not touch."""

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None) -> None:
        message = one_line(message, MAX_MESSAGE)
        super().__init__(message)
        self.message = message
        self.file = one_line(str(file)) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def under(self, root: Path) -> Self:
        """The same error with its file, named relative to ``root``, as a path from ``root``'s base."""
        if self.file is None or Path(self.file).is_absolute():
            return self
        moved = copy.copy(self)
        moved.file = one_line(str(root / self.file))
        return moved


class SpecError(WcfgenError):
    """A help page, schema or spec manifest that wcfgen cannot read.

    Raised while reading one API, its file is relative to the folder that holds the API's
    folder (``k2/PBX/NewCallEvent.txt``), as the model records sources; :func:`wcfgen.pipeline.load`
    turns it into a path from the working directory.
    """


class OutputError(WcfgenError):
    """The output folder cannot be written safely (e.g. a user's file is in the way)."""


class UnsafeOutputError(WcfgenError):
    """Generated code failed verification; it is never written or imported."""


class WarningsAreErrors(SpecError):
    """``strict``: the generation warned, and a warning is an error; nothing was written.

    The command line prints each warning and exits 1 (bad input exits 2)."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(f"{len(warnings)} warning(s), and with --strict a warning is an error; nothing written")
        self.warnings = tuple(warnings)
