"""Replace the generated files all or nothing, even when the process is killed halfway.

The output folder may hold the user's own files beside the generated ones (an implementation
module inside a generated package, say) and may be a sub-folder of a git checkout, so a
generation cannot be swapped in as one folder: its files are replaced one by one, and a
journal makes those replacements one step:

1. every new or changed file is written under ``.wcfgen-staging/`` in the output folder;
2. the journal ``.wcfgen-journal.json`` (the files to move into place, the manifest last,
   and the files to delete) is written atomically: from then on the new tree is the one
   committed;
3. the files are moved into place, a rename each, and the stale ones deleted;
4. the journal is deleted, then the staging folder.

An interrupted generation leaves either no journal (the old tree untouched, and perhaps a
staging folder) or a journal, which the next ``generate`` carries out before anything else
(:func:`recover`); until then ``check`` counts the journal's files as drift. Every step of 3
can be repeated, so an interrupted recovery is recovered in turn. This guards against the
process dying (``kill -9``, a crash, Ctrl-C), not against power loss: nothing is fsynced.
Names starting with ``.wcfgen-`` in the output folder are wcfgen's.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import OutputError
from ..pausepoint import pause_point

JOURNAL_NAME = ".wcfgen-journal.json"
STAGING_NAME = ".wcfgen-staging"
_OLD_STAGING = re.compile(r"\.wcfgen-[a-z0-9_]{8}")  # what wcfgen staged in before it kept a journal


@dataclass(frozen=True)
class Journal:
    replace: tuple[str, ...]  # staged files, moved into place in this order (the manifest last)
    remove: tuple[str, ...]  # files the previous generation wrote and this one does not


def commit(out_dir: Path, files: Mapping[str, bytes], journal: Journal) -> None:
    """Write ``files`` (the ``journal.replace`` ones) and delete ``journal.remove``, all or nothing."""
    staging = out_dir / STAGING_NAME
    for path in journal.replace:
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(files[path])
    pause_point("staged")
    record = {"replace": list(journal.replace), "remove": list(journal.remove)}
    (staging / JOURNAL_NAME).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(staging / JOURNAL_NAME, out_dir / JOURNAL_NAME)  # the commit
    pause_point("journaled")
    _carry_out(out_dir, journal)


def pending(out_dir: Path) -> Journal | None:
    """The journal of a generation that was interrupted after it committed, if there is one."""
    path = out_dir / JOURNAL_NAME
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_bytes())
        journal = Journal(tuple(record["replace"]), tuple(record["remove"]))
        if not all(isinstance(name, str) and _inside(name) for name in journal.replace + journal.remove):
            raise ValueError("a path that leaves the output folder")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(
            f"unreadable journal of an interrupted generation ({exc}); delete it and {STAGING_NAME}, then generate",
            file=path,
        ) from None
    return journal


def recover(out_dir: Path) -> bool:
    """Finish a generation that committed (then ``True``), or forget one that did not (its staged files)."""
    import shutil  # here: check answered from hashes recovers nothing

    journal = pending(out_dir)
    if journal is not None:
        _carry_out(out_dir, journal)
    shutil.rmtree(out_dir / STAGING_NAME, ignore_errors=True)
    for path in out_dir.glob(".wcfgen-*"):
        if _OLD_STAGING.fullmatch(path.name) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    return journal is not None


def _carry_out(out_dir: Path, journal: Journal) -> None:
    import shutil

    staging = out_dir / STAGING_NAME
    for path in journal.replace:
        if (staging / path).is_file():  # else moved already, before an interruption
            (out_dir / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, out_dir / path)
        pause_point(f"replaced {path}")
    for path in journal.remove:
        (out_dir / path).unlink(missing_ok=True)
        _remove_empty_parents(out_dir, out_dir / path)
        pause_point(f"removed {path}")
    (out_dir / JOURNAL_NAME).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _inside(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path


def _remove_empty_parents(root: Path, path: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
