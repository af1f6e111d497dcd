"""wcfgen: typed Python bindings from .NET WCF WebHttp help pages.

For build scripts: :func:`generate`, :func:`check` and :func:`diff_specs` (see :mod:`wcfgen.api`),
imported on first use so that ``import wcfgen`` stays light. Errors are :class:`WcfgenError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import OutputError, SpecError, UnsafeOutputError, WcfgenError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import check, diff_specs, generate
    from .diff import Change
    from .pipeline import Checked, Generated

__all__ = [
    "Change",
    "Checked",
    "Generated",
    "OutputError",
    "SpecError",
    "UnsafeOutputError",
    "WcfgenError",
    "__version__",
    "check",
    "diff_specs",
    "generate",
]

_LAZY = {"check": "api", "diff_specs": "api", "generate": "api", "Checked": "pipeline", "Generated": "pipeline"}


def __getattr__(name: str) -> Any:
    if name == "Change":
        from .diff import Change

        return Change
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
