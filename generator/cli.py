"""The ``wcfgen`` command line: a thin layer over :mod:`wcfgen.pipeline`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__, pipeline
from .config import Settings, find_settings
from .console import Command, Console, FailOn, Group, ReportFormat, Side, Verbosity, error_line, shown
from .errors import WarningsAreErrors, WcfgenError
from .write import read_record

if TYPE_CHECKING:  # the diff and the models are imported where used: check should start fast
    from .diff import Change, Level
    from .ir import Api


app = typer.Typer(
    name="wcfgen",
    no_args_is_help=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
command = app.command


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"wcfgen {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print each file and the time taken.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print wcfgen's version and exit.")
    ] = False,
) -> None:
    """Generate typed Python clients and FastAPI server stubs from .NET WCF WebHttp help pages.

    The default folders come from the tool.wcfgen table of the nearest pyproject.toml, else they are schemas and generated.
    """
    if quiet and verbose:
        raise typer.BadParameter("--quiet and --verbose exclude each other", param_hint="'--quiet'")
    ctx.obj = Console(Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL)


def _color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _console(ctx: typer.Context) -> Console:
    return ctx.obj if isinstance(ctx.obj, Console) else Console()


def _settings(console: Console) -> Settings:
    try:
        settings = find_settings()
    except WcfgenError as exc:
        raise console.fail(exc) from None
    if settings.source is not None:
        console.detail(f"settings from [tool.wcfgen] in {shown(settings.source)}")
    return settings


SpecDir = Annotated[
    Path | None,
    typer.Argument(
        metavar="SPEC_DIR",
        help="A spec folder (with wcfgen.toml) or a folder of them. Default: tool.wcfgen spec-dir, else schemas.",
        show_default=False,
    ),
]
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="Where the generated packages live. Default: tool.wcfgen output, else generated.",
        show_default=False,
    ),
]


@command(cls=Command)
def generate(
    ctx: typer.Context,
    spec_dir: SpecDir = None,
    output: OutDir = None,
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            help="A warning is an error. Default: tool.wcfgen strict, else off.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Generate (or update) the binding packages from the specs."""
    console = _console(ctx)
    settings = _settings(console)
    spec, out = spec_dir or settings.spec_dir, output or settings.output
    try:
        result = pipeline.generate(spec, out, strict=settings.strict if strict is None else strict, fast=True)
    except WarningsAreErrors as exc:  # --strict: exit 1, as a check that fails does; bad input stays 2
        for warning in exc.warnings:
            console.note(f"warning: {warning}")
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    except (WcfgenError, OSError) as exc:
        raise console.fail(exc) from None
    if result.finished:
        console.note(f"note: finished the generation into {shown(out)} that was interrupted")
    for warning in result.warnings:
        console.note(f"warning: {warning}")
    names = ", ".join(api.package for api in result.apis)
    files = result.files
    if not files.written and not files.removed:
        console.out(f"{names}: up to date ({files.unchanged} files) in {shown(out)}")
    else:
        console.out(
            f"{names}: {_what_changed(result.changes)}; {len(files.written)} file(s) written, {len(files.removed)} removed, "
            f"{files.unchanged} unchanged in {shown(out)}"
        )
        for path in files.written:
            console.out(f"  wrote   {path}")
        for path in files.removed:
            console.out(f"  removed {path}")
    if console.verbosity is Verbosity.VERBOSE and (record := read_record(out)) is not None:
        for path in sorted(set(record.files) - set(files.written)):
            console.detail(f"  same    {path}")
    console.timing("generate")


def _what_changed(changes: list[Change] | None) -> str:
    if changes is None:
        return "API changes unknown (the manifest recorded no model)"
    if changes and all(change.kind == "api-added" for change in changes):
        return "new binding"
    from .diff.report import summary

    return summary(changes)


@command(cls=Command)
def check(ctx: typer.Context, spec_dir: SpecDir = None, output: OutDir = None) -> None:
    """Exit 0 if the generated code matches the specs, 1 (with what changed) if it is stale, 2 on error."""
    console = _console(ctx)
    settings = _settings(console)
    spec, out = spec_dir or settings.spec_dir, output or settings.output
    try:
        checked = pipeline.check(spec, out)
    except (WcfgenError, OSError) as exc:
        raise console.fail(exc) from None
    _check_detail(console, checked, out)
    if not checked.files:
        console.out(f"{shown(out)} is up to date with {shown(spec)}")
        return
    if checked.changes is None:
        console.out("API changes unknown: the manifest records no model (an older wcfgen wrote it)")
    elif checked.changes:
        from .diff.report import text_report

        console.out(text_report(checked.changes, color=_color()), nl=False)
    else:
        console.out("no API changes: the files differ from what this wcfgen makes of the same API")
    console.out(f"\n{len(checked.files)} generated file(s) differ:")
    for drifted in checked.files:
        console.out(f"  {drifted.state:<8} {drifted.path}")
    console.out("")
    console.out("".join(drifted.diff for drifted in checked.files), nl=False)
    if checked.interrupted:
        typer.echo(f"a generation into {shown(out)} was interrupted halfway; 'wcfgen generate' finishes it", err=True)
    typer.echo(f"{shown(out)} is out of date with {shown(spec)}: run 'wcfgen generate'", err=True)
    raise typer.Exit(1)


def _check_detail(console: Console, checked: pipeline.Checked, out: Path) -> None:
    if console.verbosity is not Verbosity.VERBOSE:
        return
    record = read_record(out)
    states = {drifted.path: drifted.state for drifted in checked.files}
    for path in sorted(set(record.files if record is not None else ()) | set(states)):
        console.detail(f"  {states.get(path, 'same'):<8} {path}")
    console.timing("answered from the manifest's hashes" if checked.fast else "rendered and compared")


@command(cls=Command)
def diff(
    ctx: typer.Context,
    specs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="OLD NEW | SPEC_DIR",
            help="Two spec folders; with --since, one (default: tool.wcfgen spec-dir, else schemas).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="REV",
            help="Compare the spec folder as committed at git revision REV with the working tree.",
            show_default=False,
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", help="Text, Markdown (for a changelog) or JSON.")
    ] = ReportFormat.TEXT,
    fail_on: Annotated[
        FailOn | None, typer.Option(help="Exit 1 if a change is at least this severe.", show_default=False)
    ] = None,
    side: Annotated[
        Side, typer.Option(help="Whose breakage --fail-on counts: client code, server stubs, or both.")
    ] = Side.BOTH,
) -> None:
    """Report the API changes from OLD to NEW, judged for client code and for server stubs."""
    console = _console(ctx)
    try:
        old, new = _versions(specs or [], since, console)
    except (WcfgenError, OSError) as exc:
        raise console.fail(exc) from None
    from .diff import Level, diff_apis
    from .diff.report import json_report, markdown_report, text_report

    changes = diff_apis(old, new)
    if report_format is ReportFormat.JSON:
        console.out(json_report(changes), nl=False)
    elif report_format is ReportFormat.MARKDOWN:
        console.out(markdown_report(changes), nl=False)
    else:
        console.out(text_report(changes, color=_color()), nl=False)
    console.timing("diff")
    if fail_on is not None and _fails(changes, Level(fail_on), side):
        raise typer.Exit(1)


def _versions(specs: list[Path], since: str | None, console: Console) -> tuple[list[Api], list[Api]]:
    if since is None:
        if len(specs) != 2:
            raise WcfgenError("give two spec folders, OLD and NEW (or one spec folder and --since REV)")
        return _load(specs[0], "OLD"), _load(specs[1], "NEW")
    if len(specs) > 1:
        raise WcfgenError("--since compares one spec folder with its committed version: give at most one")
    from .diff.revision import spec_at_revision

    spec_dir = specs[0] if specs else _settings(console).spec_dir
    with spec_at_revision(spec_dir, since) as old_dir:
        try:
            old = pipeline.load(old_dir)
        except WcfgenError as exc:  # its paths are in a temporary folder: name the revision instead
            where = Path(exc.file).relative_to(old_dir).as_posix() if exc.file else None
            line = f":{exc.line}" if where and exc.line is not None else ""
            raise WcfgenError(
                f"{shown(spec_dir)} at {since}: {f'{where}{line}: ' if where else ''}{exc.message}"
            ) from None
    return old, _load(spec_dir, "working tree")


def _load(spec_dir: Path, side: str) -> list[Api]:
    """One side of a diff; an error says which."""
    try:
        return pipeline.load(spec_dir)
    except WcfgenError as exc:
        raise WcfgenError(f"{side}: {error_line(exc)}") from None


def _fails(changes: list[Change], threshold: Level, side: Side) -> bool:
    from .diff.report import fails

    return fails(changes, threshold, client=side is not Side.SERVER, server=side is not Side.CLIENT)


@command(cls=Command, hidden=True)
def version() -> None:
    """Print wcfgen's version (kept for scripts; use --version)."""
    typer.echo(__version__)


from . import cli_fetch, cli_tools  # noqa: F401 -- register the fetch, openapi and mock commands
