"""The ``wcfgen`` command line: a thin layer over :mod:`generator.pipeline`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import generator
from generator import pipeline
from generator.errors import WcfgenError

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


@app.command()
def version() -> None:
    """Print wcfgen's version."""
    typer.echo(generator.__version__)
