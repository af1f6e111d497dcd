"""The ``wcfgen`` command line: a thin layer over :mod:`generator.pipeline`."""

from __future__ import annotations

import asyncio
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import generator
from generator import pipeline
from generator.errors import WcfgenError
from generator.fetch import Credentials, Fetched, FetchOptions, Limits, fetch_service, parse_header
from generator.fetch.progress import PlainProgress, TerminalProgress

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


@app.command()
def generate(spec_dir: SpecDir = Path("schemas"), output: OutDir = Path("generated")) -> None:
    """Generate (or update) the binding packages from the specs."""
    try:
        apis, changes = pipeline.generate(spec_dir, output)
    except (WcfgenError, OSError) as exc:
        raise _fail(exc) from None
    for api in apis:
        for warning in api.warnings:
            typer.echo(f"warning: {warning}", err=True)
    names = ", ".join(api.package for api in apis)
    if not changes.written and not changes.removed:
        typer.echo(f"{names}: up to date ({changes.unchanged} files) in {output}")
        return
    typer.echo(
        f"{names}: {len(changes.written)} file(s) written, {len(changes.removed)} removed, "
        f"{changes.unchanged} unchanged in {output}"
    )
    for path in changes.written:
        typer.echo(f"  wrote   {path}")
    for path in changes.removed:
        typer.echo(f"  removed {path}")


@app.command()
def check(spec_dir: SpecDir = Path("schemas"), output: OutDir = Path("generated")) -> None:
    """Exit 0 if the generated code matches the specs, 1 (with a diff) if it is stale, 2 on error."""
    try:
        diffs = pipeline.check(spec_dir, output)
    except (WcfgenError, OSError) as exc:
        raise _fail(exc) from None
    if diffs:
        typer.echo("".join(diffs), nl=False)
        typer.echo(f"{output} is out of date with {spec_dir}: run 'wcfgen generate'", err=True)
        raise typer.Exit(1)
    typer.echo(f"{output} is up to date with {spec_dir}")


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
) -> None:
    """Download a service's help pages into SPEC_DIR/<api>/<service>/; then run 'wcfgen generate'."""
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
        )
        fetched = asyncio.run(fetch_service(options, progress))
    except (WcfgenError, OSError) as exc:
        progress.end()
        raise _fail(exc) from None
    progress.end()
    _print_fetched(fetched)


def _credentials(auth: AuthScheme | None, user: str | None, headers: list[str]) -> Credentials:
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
    if not stored.pages_written and not stored.manifest_written:
        typer.echo(f"{fetched.service}: up to date ({changes.operations} operations), nothing written")
        return
    typer.echo(f"{fetched.service}: {changes.operations} operations at {fetched.base_url}")
    for verb, names in (("added", changes.added), ("removed", changes.removed), ("changed", changes.changed)):
        for name in names:
            typer.echo(f"  {verb:<8}{name}")
    if changes.index_changed:
        typer.echo("  changed the index (help.html)")
    if stored.manifest_written:
        typer.echo(f"  set [services.{fetched.service}] base_url in {stored.service_dir.parent / 'wcfgen.toml'}")
    typer.echo(f"wrote {stored.service_dir}; run 'wcfgen generate' to update the binding")


@app.command()
def version() -> None:
    """Print wcfgen's version."""
    typer.echo(generator.__version__)
