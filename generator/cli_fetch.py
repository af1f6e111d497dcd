"""``wcfgen fetch``: download a service's help pages into the spec folder."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import _console, _settings, command
from .console import Command, Console, shown
from .errors import WcfgenError

if TYPE_CHECKING:  # httpx and asyncio are imported where used: the other commands should start fast
    from .fetch import Credentials, Fetched


class AuthScheme(StrEnum):
    K2 = "k2"
    BASIC = "basic"


PASSWORD_VARIABLE = "WCFGEN_PASSWORD"


@command(cls=Command)
def fetch(
    ctx: typer.Context,
    service_url: Annotated[
        str,
        typer.Argument(
            metavar="SERVICE_URL", help="The service address, e.g. https://host/Service.svc.", show_default=False
        ),
    ],
    api: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="API folder and package (default: from the service name).", show_default=False
        ),
    ] = None,
    service: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="Service name (default: the URL's last segment, minus .svc).", show_default=False
        ),
    ] = None,
    spec_dir: Annotated[
        Path | None,
        typer.Option(
            "--spec-dir",
            "-s",
            metavar="SPEC_DIR",
            help="The spec folder (default: tool.wcfgen spec-dir, else schemas).",
            show_default=False,
        ),
    ] = None,
    auth: Annotated[
        AuthScheme | None,
        typer.Option(
            help=f"Sign requests for --user; the password is read from ${PASSWORD_VARIABLE}.", show_default=False
        ),
    ] = None,
    user: Annotated[
        str | None, typer.Option(metavar="NAME", help="The user name for --auth.", show_default=False)
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option("--header", "-H", metavar="'NAME: VALUE'", help="Extra header (repeatable).", show_default=False),
    ] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a connection or data.")] = 30.0,
    retries: Annotated[int, typer.Option(min=0, max=10, help="Retries after a timeout or a 5xx.")] = 3,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Pages downloaded at once.")] = 4,
    max_total_mib: Annotated[
        int, typer.Option(min=1, help="Stop when the pages add up to more MiB (each page: at most 8 MiB).")
    ] = 256,
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

    console = _console(ctx)
    progress = (
        None if console.quiet else TerminalProgress(sys.stderr) if sys.stderr.isatty() else PlainProgress(sys.stderr)
    )
    try:
        options = FetchOptions(
            service_url,
            spec_dir or _settings(console).spec_dir,
            api,
            service,
            _credentials(auth, user, header or []),
            Limits(timeout=timeout, retries=retries, concurrency=concurrency, max_total_bytes=max_total_mib * 2**20),
            allow_other_hosts,
            skip_broken_pages,
        )
        fetched = asyncio.run(fetch_service(options, progress))
    except (WcfgenError, OSError) as exc:
        if progress is not None:
            progress.end()
        raise console.fail(exc) from None
    if progress is not None:
        progress.end()
    _print_fetched(fetched, console)
    console.timing("fetch")


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


def _print_fetched(fetched: Fetched, console: Console) -> None:
    stored, changes = fetched.stored, fetched.stored.changes
    broken = [
        f"  broken  {name}: the service could not render its help page ({error}); left out"
        for name, error in fetched.broken.items()
    ]
    if not stored.pages_written and not stored.manifest_written:
        console.out(f"{fetched.service}: up to date ({changes.operations} operations), nothing written")
        for line in broken:
            console.out(line)
        return
    console.out(f"{fetched.service}: {changes.operations} operations at {fetched.base_url}")
    if fetched.index_names is not None:
        console.out(f"  note: the index names the service {fetched.index_names}; base_url is the address fetched")
    for verb, names in (("added", changes.added), ("removed", changes.removed), ("changed", changes.changed)):
        for name in names:
            console.out(f"  {verb:<8}{name}")
    for line in broken:
        console.out(line)
    if changes.index_changed:
        console.out("  changed the index (help.html)")
    if stored.manifest_written:
        console.out(
            f"  set [services.{fetched.service}] base_url in {shown(stored.service_dir.parent / 'wcfgen.toml')}"
        )
    console.out(f"wrote {shown(stored.service_dir)}; run 'wcfgen generate' to update the binding")
