"""The commands that open an API to other tools: ``openapi`` (a document) and ``mock`` (a server)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import pipeline
from .cli import SpecDir, _console, _settings, command
from .console import Command, shown
from .errors import WcfgenError


@command(cls=Command)
def openapi(
    ctx: typer.Context,
    spec_dir: SpecDir = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="A .json, .yaml or .yml file (one API), or a folder for <api>.openapi.json each. Default: print it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export each API as an OpenAPI 3.1 document of the real wire: its JSON and its XML bodies."""
    from .openapi import export, targets, write_text

    console = _console(ctx)
    spec = spec_dir or _settings(console).spec_dir
    try:
        apis = pipeline.load(spec)
        if output is None and len(apis) != 1:
            raise WcfgenError(f"{len(apis)} APIs give {len(apis)} documents: name a folder with -o", file=spec)
        for api, path, yaml in targets(apis, output) if output is not None else [(apis[0], None, False)]:
            document = export(api)
            for warning in document.warnings:
                console.note(f"warning: {warning}")
            if path is None:  # the result itself, so even --quiet prints it
                typer.echo(document.text(), nl=False)
            else:
                written = write_text(path, document.text(yaml))
                console.out(f"{api.name}: {'wrote' if written else 'up to date'} {shown(path)}")
    except (WcfgenError, OSError) as exc:
        raise console.fail(exc) from None
    console.timing("openapi")


@command(cls=Command)
def mock(
    ctx: typer.Context,
    spec_dir: SpecDir = None,
    port: Annotated[int, typer.Option(min=0, max=65535, help="The port (0: a free one).")] = 8000,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    responses: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Answer from files in DIR: <Service>/<Operation>.json, .xml or .bin; <Operation>.404.json sets a status.",
            show_default=False,
        ),
    ] = None,
    delay: Annotated[float, typer.Option(min=0, metavar="S", help="Seconds to wait before every answer.")] = 0.0,
    fail_rate: Annotated[
        float, typer.Option(min=0, max=1, metavar="R", help="The share of answers that are a 503 fault instead.")
    ] = 0.0,
    seed: Annotated[int, typer.Option(metavar="N", help="Seeds the choice of the failing answers.")] = 0,
) -> None:
    """Serve every operation of every service, answering with the help pages' examples (needs the server extra)."""
    console = _console(ctx)
    try:
        import uvicorn  # noqa: F401 -- the server extra: fastapi and uvicorn

        from .mock import MockOptions, mock_app
        from .mock.serve import bind, origin, serve_forever
    except ImportError as exc:
        missing = f"{exc.name} is missing" if exc.name else str(exc)
        raise console.fail(
            WcfgenError(f"wcfgen mock needs the server extra ({missing}): pip install 'wcfgen[server]'")
        ) from None
    spec = spec_dir or _settings(console).spec_dir
    try:
        with mock_app(spec, MockOptions(responses, delay, fail_rate, seed)) as served:
            sock = bind(host, port)
            for mounted in served.services:
                count = f"{mounted.operations} operation{'s' * (mounted.operations != 1)}"
                console.out(f"{mounted.api}: {mounted.service} at {origin(sock)}{mounted.prefix} ({count})")
            console.out("serving until interrupted (Ctrl+C)")
            sys.stdout.flush()
            serve_forever(served.app, sock)
    except (WcfgenError, OSError) as exc:
        raise console.fail(exc) from None
