"""``[tool.wcfgen]`` in a project's ``pyproject.toml``: where its specs and generated code live.

The nearest ``pyproject.toml`` with a ``[tool.wcfgen]`` table, from the working directory
upwards, configures the commands; its paths are relative to that file. Command line
arguments override it, and without one the defaults are ``schemas`` and ``generated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import WcfgenError

PYPROJECT = "pyproject.toml"
DEFAULT_SPEC_DIR = Path("schemas")
DEFAULT_OUTPUT = Path("generated")


class ConfigError(WcfgenError):
    """A ``[tool.wcfgen]`` table wcfgen cannot use."""


@dataclass(frozen=True)
class Settings:
    spec_dir: Path = DEFAULT_SPEC_DIR  # the spec folder: one API (with wcfgen.toml) or a folder of them
    output: Path = DEFAULT_OUTPUT  # where the generated packages are written
    strict: bool = False  # generate: a spec with warnings (a body passed as RawBody) is an error
    source: Path | None = None  # the pyproject.toml they were read from; None for the defaults


_KEYS = ("output", "spec-dir", "strict")


def find_settings(start: Path | None = None) -> Settings:
    """The settings of the project ``start`` (default: the working directory) is in."""
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        path = folder / PYPROJECT
        if path.is_file():
            table = _tool_table(path)
            if table is not None:
                return read_settings(table, path)
    return Settings()


def _tool_table(path: Path) -> dict[str, object] | None:
    import tomllib  # here: a check answered from hashes outside a project never parses TOML

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read it: {exc}", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", file=path) from None
    tool = data.get("tool")
    table = tool.get("wcfgen") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError("tool.wcfgen must be a table", file=path)
    return table


def read_settings(table: dict[str, object], path: Path) -> Settings:
    """``[tool.wcfgen]`` of the file at ``path``; relative paths are taken from its folder."""
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"unknown key tool.wcfgen.{unknown[0]} (known: {', '.join(_KEYS)})", file=path)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError("tool.wcfgen.strict must be true or false", file=path)
    return Settings(
        spec_dir=_path(table, "spec-dir", DEFAULT_SPEC_DIR, path),
        output=_path(table, "output", DEFAULT_OUTPUT, path),
        strict=strict,
        source=path,
    )


def _path(table: dict[str, object], key: str, default: Path, path: Path) -> Path:
    value = table.get(key, str(default))
    if not isinstance(value, str) or not value:
        raise ConfigError(f"tool.wcfgen.{key} must be a path (a non-empty string)", file=path)
    return path.parent / value
