"""What the commands print, at the verbosity asked for, with paths a terminal can open."""

from __future__ import annotations

import os
import time
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from .errors import WcfgenError, one_line


class Verbosity(IntEnum):
    QUIET = 0  # errors only
    NORMAL = 1
    VERBOSE = 2  # and per-file and timing detail, on stderr


def shown(path: str | Path) -> str:
    """A path as the user can open it: relative to the working directory when inside it, else absolute.

    URLs (a fetch error names the page) are left as they are.
    """
    text = str(path)
    if "://" in text:
        return text
    absolute = Path(os.path.abspath(text))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def error_line(exc: WcfgenError | OSError) -> str:
    """``file:line: message``, the file as :func:`shown` prints it."""
    if isinstance(exc, WcfgenError):
        if exc.file is None:
            return exc.message
        where = shown(exc.file) + (f":{exc.line}" if exc.line is not None else "")
        return f"{where}: {exc.message}"
    if exc.filename is not None:  # a path the user gave, or one wcfgen made of a spec's names
        return one_line(f"{shown(os.fsdecode(exc.filename))}: {exc.strerror or exc}")
    return one_line(str(exc))


class Console:
    """The commands' output: results on stdout, errors and detail on stderr."""

    def __init__(self, verbosity: Verbosity = Verbosity.NORMAL) -> None:
        self.verbosity = verbosity
        self._started = time.perf_counter()

    @property
    def quiet(self) -> bool:
        return self.verbosity is Verbosity.QUIET

    def out(self, text: str = "", *, nl: bool = True) -> None:
        """A result: not shown with ``--quiet``."""
        if not self.quiet:
            typer.echo(text, nl=nl)

    def note(self, text: str) -> None:
        """A warning or a hint on stderr: not shown with ``--quiet``."""
        if not self.quiet:
            typer.echo(text, err=True)

    def detail(self, text: str) -> None:
        """Shown with ``--verbose`` only, on stderr."""
        if self.verbosity is Verbosity.VERBOSE:
            typer.echo(text, err=True)

    def timing(self, what: str) -> None:
        self.detail(f"{what} in {time.perf_counter() - self._started:.3f} s")

    def fail(self, exc: WcfgenError | OSError) -> typer.Exit:
        """Print one ``error:`` line; the caller raises the exit (code 2) it returns."""
        typer.echo(f"error: {error_line(exc)}", err=True)
        return typer.Exit(2)


def _flags_as_flags(params: list[Any]) -> list[Any]:
    """No ``<bool>`` beside a flag in the help (newer typers print every option's type)."""
    for param in params:
        if getattr(param, "is_flag", False) and not getattr(param, "count", False):
            param.metavar = ""
    return params


def _set_verbosity(verbosity: Verbosity) -> Any:
    def callback(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> None:
        if not value:
            return
        console = ctx.find_object(Console)
        if console is None:
            console = ctx.obj = Console()
        if console.verbosity is not Verbosity.NORMAL and console.verbosity is not verbosity:
            raise typer.BadParameter("--quiet and --verbose exclude each other", ctx=ctx, param=param)
        console.verbosity = verbosity

    return callback


def _verbosity_options() -> list[Any]:
    """``-q``/``-v`` after the command name too (``wcfgen generate -q``), as before it. Typer builds
    them from a signature (its option classes' constructors change between releases)."""
    probe = typer.Typer()
    quiet = typer.Option(
        "--quiet", "-q", help="Print errors only.", expose_value=False, callback=_set_verbosity(Verbosity.QUIET)
    )
    verbose = typer.Option(
        "--verbose",
        "-v",
        help="Also print each file and the time taken.",
        expose_value=False,
        callback=_set_verbosity(Verbosity.VERBOSE),
    )

    def options(quiet: bool = False, verbose: bool = False) -> None:
        """Never run: typer reads its signature."""

    # real objects, not the strings this module's annotations are (typer evaluates them)
    options.__annotations__ = {"quiet": Annotated[bool, quiet], "verbose": Annotated[bool, verbose], "return": None}
    probe.command()(options)
    return list(typer.main.get_command(probe).params)


class Command(TyperCommand):
    """A command whose help shows flags as flags, and that takes the global ``-q``/``-v`` too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_verbosity_options())

    def get_params(self, ctx: Any) -> Any:
        return _flags_as_flags(super().get_params(ctx))


class Group(TyperGroup):
    """The command group, likewise."""

    def get_params(self, ctx: Any) -> Any:
        return _flags_as_flags(super().get_params(ctx))


class ReportFormat(StrEnum):  # the CLI's option values (here, so that cli.py stays short)
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Side(StrEnum):
    BOTH = "both"
    CLIENT = "client"
    SERVER = "server"
