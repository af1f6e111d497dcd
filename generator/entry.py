"""The ``wcfgen`` console script: ``check`` and a no-op ``generate`` answered from hashes, before typer.

Only the simple forms (``[-q|-v] check|generate [SPEC_DIR] [-o OUT] [-q|-v]``) on a tree whose hashes
say nothing moved are answered here, printing what :mod:`wcfgen.cli` prints for them; everything else
(other commands and options, help, errors, drift) goes to the typer app with the same arguments.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()
_FLAGS = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose"}


def shown(path: Path) -> str:
    """As :func:`wcfgen.console.shown` prints a path (that module imports typer)."""
    if "://" in str(path):
        return str(path)
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _echo(text: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{text}\n")
    stream.flush()


def parse(argv: list[str]) -> tuple[str, str, Path | None, Path | None] | None:
    """``(command, verbosity, spec_dir, output)`` of a simple ``check`` or ``generate``, else None."""
    flags: list[str] = []
    command: str | None = None
    spec: Path | None = None
    output: Path | None = None
    args = iter(argv)
    for arg in args:
        value: str | None = None
        if arg in _FLAGS:
            flags.append(_FLAGS[arg])
        elif command is None:
            if arg not in ("check", "generate"):
                return None
            command = arg
        elif arg in ("-o", "--output"):
            value = next(args, None)
        elif arg.startswith("--output="):
            value = arg.removeprefix("--output=")
        elif arg.startswith("-") or not arg or spec is not None:
            return None
        else:
            spec = Path(arg)
        if value is not None or arg in ("-o", "--output"):
            if not value or value.startswith("-") or output is not None:
                return None
            output = Path(value)
    if command is None or len(flags) > len(set(flags)) or len(set(flags)) > 1:
        return None
    return command, flags[0] if flags else "normal", spec, output


def answer(command: str, verbosity: str, spec: Path | None, output: Path | None) -> bool:
    """Print the answer from hashes and return True, or False (having printed nothing) if there is none."""
    from .config import find_settings
    from .spec_files import find_api_dirs, spec_hash

    try:
        settings = find_settings()
        spec_dir, out = spec or settings.spec_dir, output or settings.output
        if not out.is_dir():
            return False
        from .cache import Cache
        from .write import interrupted, read_record, unchanged_since_record

        api_dirs = find_api_dirs(spec_dir)
        cache = Cache()
        warnings: tuple[str, ...] = ()
        if command == "check":
            record = unchanged_since_record(out, [spec_hash(api_dir, cache) for api_dir in api_dirs], cache)
            if record is None:
                return False
            line = f"{shown(out)} is up to date with {shown(spec_dir)}"
        else:
            from .pipeline import _unchanged
            from .write.journal import recover

            if interrupted(out):  # typer's generate finishes it and says so
                return False
            recover(out)  # what generate does first: forget staged files of a generation that did not commit
            result = _unchanged(out, api_dirs, True, cache)
            if result is None or (settings.strict and result.warnings):
                return False
            warnings = result.warnings
            names = ", ".join(api.package for api in result.apis)
            line = f"{names}: up to date ({result.files.unchanged} files) in {shown(out)}"
            record = read_record(out) if verbosity == "verbose" else None
    except Exception:  # noqa: BLE001 -- whatever it is, the typer app meets it again and reports it as it does
        return False
    verbose = verbosity == "verbose"
    if verbose and settings.source is not None:
        _echo(f"settings from [tool.wcfgen] in {shown(settings.source)}", err=True)
    same = sorted(record.files) if verbose and record is not None else []
    if command == "check":  # in the typer app's order, each line flushed as click.echo does
        for path in same:
            _echo(f"  same     {path}", err=True)
        if verbose:
            _echo(f"answered from the manifest's hashes in {time.perf_counter() - _STARTED:.3f} s", err=True)
    for warning in warnings if verbosity != "quiet" else ():
        _echo(f"warning: {warning}", err=True)
    if verbosity != "quiet":
        _echo(line)
    if command == "generate":
        for path in same:
            _echo(f"  same    {path}", err=True)
        if verbose:
            _echo(f"generate in {time.perf_counter() - _STARTED:.3f} s", err=True)
    return True


def main() -> None:
    """The ``wcfgen`` command: the answer from hashes when there is one, else the typer app."""
    simple = None if "_WCFGEN_COMPLETE" in os.environ else parse(sys.argv[1:])
    if simple is not None:
        gc.disable()  # a short run that frees nothing: the collector would only walk the manifest's objects
        try:
            if answer(*simple):
                sys.exit(0)
        finally:
            gc.enable()
    from .cli import app

    app(prog_name="wcfgen")


if __name__ == "__main__":
    main()
