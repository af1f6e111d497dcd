"""wcfgen for build scripts: generate, check and compare specs without the command line.

``import wcfgen`` stays light; these functions import the pipeline on their first call::

    import wcfgen

    result = wcfgen.generate("schemas", "src/myapp/_bindings")
    print(result.files.written)

Every failure caused by input (a page, a schema, a manifest, an output folder) raises a
:class:`wcfgen.WcfgenError` subclass naming the file, as the command line prints it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .diff import Change, diff_apis
from .errors import WcfgenError
from .pipeline import Checked, Generated, load
from .pipeline import check as _check
from .pipeline import generate as _generate

StrPath = str | os.PathLike[str]
T = TypeVar("T")


def generate(spec_dir: StrPath, out_dir: StrPath, *, strict: bool = False) -> Generated:
    """Write (or update) the packages of every API in ``spec_dir`` into ``out_dir``, as ``wcfgen generate`` does.

    Returns the APIs read, the files written, removed and left unchanged, the API changes since
    the previous generation, and the warnings (``result.warnings``: the specs', and each operation
    whose own examples do not decode or disagree). With ``strict``, warnings raise
    :class:`wcfgen.errors.WarningsAreErrors` (a :class:`wcfgen.SpecError`) and nothing is written.

    Raises :class:`wcfgen.SpecError` (a spec that cannot be read), :class:`wcfgen.OutputError` (an
    output folder that cannot be written safely) or :class:`wcfgen.UnsafeOutputError`; nothing is
    written then.
    """
    return _os_errors(lambda: _generate(Path(spec_dir), Path(out_dir), strict=strict))


def check(spec_dir: StrPath, out_dir: StrPath) -> Checked:
    """Compare ``out_dir`` with what ``spec_dir`` generates, as ``wcfgen check`` does; nothing is written.

    ``result.files`` lists the files that differ (empty when in sync) and ``result.changes`` the API
    changes since the recorded generation. Raises like :func:`generate`.
    """
    return _os_errors(lambda: _check(Path(spec_dir), Path(out_dir)))


def diff_specs(old: StrPath, new: StrPath) -> list[Change]:
    """The API changes from spec folder ``old`` to ``new``, judged for clients and server stubs (``wcfgen diff``)."""
    return _os_errors(lambda: diff_apis(load(Path(old)), load(Path(new))))


def _os_errors(call: Callable[[], T]) -> T:
    try:
        return call()
    except OSError as exc:  # an unreadable file or folder: a WcfgenError like every input failure
        filename = os.fsdecode(exc.filename) if exc.filename is not None else None
        raise WcfgenError(exc.strerror or str(exc), file=filename) from exc
