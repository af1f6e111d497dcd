"""The ``wcfgen`` command line: a thin layer over :mod:`wcfgen.pipeline`."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__, pipeline
from .diff import Change, Level, diff_apis
from .diff.report import fails, json_report, markdown_report, summary, text_report
from .diff.revision import spec_at_revision
from .errors import WcfgenError
from .ir import Api

if TYPE_CHECKING:  # httpx and asyncio are imported by the fetch command only: check should start fast
    from .fetch import Credentials, Fetched

app = typer.Typer(
    name="wcfgen",
    help="Generate typed Python clients and FastAPI server stubs from .NET WCF WebHttp help pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SpecDir = Annotated[
    Path, typer.Argument(help="A spec folder (with wcfgen.toml) or a folder of them.", show_default=True)
]
OutDir = Annotated[Path, typer.Option("--output", "-o", help="Where the generated packages live.")]


def _fail(exc: WcfgenError | OSError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


def _color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def generate(spec_dir: SpecDir = Path("schemas"), output: OutDir = Path("generated")) -> None:
    """Generate (or update) the binding packages from the specs."""
    try:
        result = pipeline.generate(spec_dir, output)
    except (WcfgenError, OSError) as exc:
        raise _fail(exc) from None
    for api in result.apis:
        for warning in api.warnings:
            typer.echo(f"warning: {warning}", err=True)
    names = ", ".join(api.package for api in result.apis)
    files = result.files
    if not files.written and not files.removed:
        typer.echo(f"{names}: up to date ({files.unchanged} files) in {output}")
        return
    typer.echo(
        f"{names}: {_what_changed(result.changes)}; {len(files.written)} file(s) written, {len(files.removed)} removed, "
        f"{files.unchanged} unchanged in {output}"
    )
    for path in files.written:
        typer.echo(f"  wrote   {path}")
    for path in files.removed:
        typer.echo(f"  removed {path}")


def _what_changed(changes: list[Change] | None) -> str:
    if changes is None:
        return "API changes unknown (the manifest recorded no model)"
    if changes and all(change.kind == "api-added" for change in changes):
        return "new binding"
    return summary(changes)


@app.command()
def check(spec_dir: SpecDir = Path("schemas"), output: OutDir = Path("generated")) -> None:
    """Exit 0 if the generated code matches the specs, 1 (with what changed) if it is stale, 2 on error."""
    try:
        checked = pipeline.check(spec_dir, output)
    except (WcfgenError, OSError) as exc:
        raise _fail(exc) from None
    if not checked.files:
        typer.echo(f"{output} is up to date with {spec_dir}")
        return
    if checked.changes is None:
        typer.echo("API changes unknown: the manifest records no model (an older wcfgen wrote it)")
    elif checked.changes:
        typer.echo(text_report(checked.changes, color=_color()), nl=False)
    else:
        typer.echo("no API changes: the files differ from what this wcfgen makes of the same API")
    typer.echo(f"\n{len(checked.files)} generated file(s) differ:")
    for drifted in checked.files:
        typer.echo(f"  {drifted.state:<8} {drifted.path}")
    typer.echo("")
    typer.echo("".join(drifted.diff for drifted in checked.files), nl=False)
    typer.echo(f"{output} is out of date with {spec_dir}: run 'wcfgen generate'", err=True)
    raise typer.Exit(1)


class ReportFormat(StrEnum):
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


@app.command()
def diff(
    specs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="OLD NEW | SPEC_DIR",
            help="Two spec folders; with --since, one (default: schemas).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="REV", help="Compare the spec folder as committed at git revision REV with the working tree.")
    ] = None,
    report_format: Annotated[ReportFormat, typer.Option("--format", help="Text, Markdown (for a changelog) or JSON.")] = ReportFormat.TEXT,
    fail_on: Annotated[FailOn | None, typer.Option(help="Exit 1 if a change is at least this severe.")] = None,
    side: Annotated[Side, typer.Option(help="Whose breakage --fail-on counts: client code, server stubs, or both.")] = Side.BOTH,
) -> None:
    """Report the API changes from OLD to NEW, judged for client code and for server stubs."""
    try:
        old, new = _versions(specs or [], since)
    except (WcfgenError, OSError) as exc:
        raise _fail(exc) from None
    changes = diff_apis(old, new)
    if report_format is ReportFormat.JSON:
        typer.echo(json_report(changes), nl=False)
    elif report_format is ReportFormat.MARKDOWN:
        typer.echo(markdown_report(changes), nl=False)
    else:
        typer.echo(text_report(changes, color=_color()), nl=False)
    if fail_on is not None and _fails(changes, Level(fail_on), side):
        raise typer.Exit(1)


def _versions(specs: list[Path], since: str | None) -> tuple[list[Api], list[Api]]:
    if since is None:
        if len(specs) != 2:
            raise WcfgenError("give two spec folders, OLD and NEW (or one spec folder and --since REV)")
        return pipeline.load(specs[0]), pipeline.load(specs[1])
    if len(specs) > 1:
        raise WcfgenError("--since compares one spec folder with its committed version: give at most one")
    spec_dir = specs[0] if specs else Path("schemas")
    with spec_at_revision(spec_dir, since) as old_dir:
        try:
            old = pipeline.load(old_dir)
        except WcfgenError as exc:  # its paths are in a temporary folder: name the revision instead
            raise WcfgenError(f"{spec_dir} at {since}: {exc}") from None
    return old, pipeline.load(spec_dir)


def _fails(changes: list[Change], threshold: Level, side: Side) -> bool:
    return fails(changes, threshold, client=side is not Side.SERVER, server=side is not Side.CLIENT)


class AuthScheme(StrEnum):
    K2 = "k2"
    BASIC = "basic"


PASSWORD_VARIABLE = "WCFGEN_PASSWORD"


@app.command()
def fetch(
    service_url: Annotated[str, typer.Argument(help="The service address, e.g. https://host/Service.svc.")],
    api: Annotated[str | None, typer.Option(help="API folder and package (default: from the service name).")] = None,
    service: Annotated[
        str | None, typer.Option(help="Service name (default: the URL's last segment, minus .svc).")
    ] = None,
    spec_dir: Annotated[Path, typer.Option("--spec-dir", "-s", help="The spec folder.")] = Path("schemas"),
    auth: Annotated[
        AuthScheme | None,
        typer.Option(help=f"Sign requests for --user; the password is read from ${PASSWORD_VARIABLE}."),
    ] = None,
    user: Annotated[str | None, typer.Option(help="The user name for --auth.")] = None,
    header: Annotated[
        list[str] | None, typer.Option("--header", "-H", help="Extra header 'Name: value' (repeatable).")
    ] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a connection or data.")] = 30.0,
    retries: Annotated[int, typer.Option(min=0, max=10, help="Retries after a timeout or a 5xx.")] = 3,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Pages downloaded at once.")] = 4,
    allow_other_hosts: Annotated[
        bool, typer.Option("--allow-other-hosts", help="Follow redirects to other hosts (no credentials sent there).")
    ] = False,
    skip_broken_pages: Annotated[
        bool,
        typer.Option(
            "--skip-broken-pages",
            help="Keep the operations whose help page the service cannot render out of the binding (recorded, warned about).",
        ),
    ] = False,
) -> None:
    """Download a service's help pages into SPEC_DIR/<api>/<service>/; then run 'wcfgen generate'."""
    import asyncio

    from .fetch import FetchOptions, Limits, fetch_service
    from .fetch.progress import PlainProgress, TerminalProgress

    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else PlainProgress(sys.stderr)
    try:
        options = FetchOptions(
            service_url,
            spec_dir,
            api,
            service,
            _credentials(auth, user, header or []),
            Limits(timeout=timeout, retries=retries, concurrency=concurrency),
            allow_other_hosts,
            skip_broken_pages,
        )
        fetched = asyncio.run(fetch_service(options, progress))
    except (WcfgenError, OSError) as exc:
        progress.end()
        raise _fail(exc) from None
    progress.end()
    _print_fetched(fetched)


def _credentials(auth: AuthScheme | None, user: str | None, headers: list[str]) -> Credentials:
    from .fetch import Credentials, parse_header

    parsed = tuple(parse_header(text) for text in headers)
    if auth is None:
        if user is not None:
            raise WcfgenError("--user needs --auth (k2 or basic)")
        return Credentials(headers=parsed)
    if not user or ":" in user:
        raise WcfgenError(f"--auth {auth} needs --user, a name without ':'")
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            raise WcfgenError(f"--auth {auth}: set the password in ${PASSWORD_VARIABLE}")
        password = typer.prompt(f"Password for {user}", hide_input=True)
    return Credentials(auth.value, user, password, parsed)


def _print_fetched(fetched: Fetched) -> None:
    stored, changes = fetched.stored, fetched.stored.changes
    broken = [f"  broken  {name}: the service could not render its help page ({error}); left out" for name, error in fetched.broken.items()]
    if not stored.pages_written and not stored.manifest_written:
        typer.echo(f"{fetched.service}: up to date ({changes.operations} operations), nothing written")
        for line in broken:
            typer.echo(line)
        return
    typer.echo(f"{fetched.service}: {changes.operations} operations at {fetched.base_url}")
    if fetched.index_names is not None:
        typer.echo(f"  note: the index names the service {fetched.index_names}; base_url is the address fetched")
    for verb, names in (("added", changes.added), ("removed", changes.removed), ("changed", changes.changed)):
        for name in names:
            typer.echo(f"  {verb:<8}{name}")
    for line in broken:
        typer.echo(line)
    if changes.index_changed:
        typer.echo("  changed the index (help.html)")
    if stored.manifest_written:
        typer.echo(f"  set [services.{fetched.service}] base_url in {stored.service_dir.parent / 'wcfgen.toml'}")
    typer.echo(f"wrote {stored.service_dir}; run 'wcfgen generate' to update the binding")


@app.command()
def version() -> None:
    """Print wcfgen's version."""
    typer.echo(__version__)
