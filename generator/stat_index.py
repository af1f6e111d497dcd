"""Files remembered by their stat, as git's index remembers them: what was computed from a file's bytes
is answered again while its stat row (device, inode, size, mtime, ctime, path) is the same.

A write changes the ctime, which no tool can set back (``touch`` and ``os.utime`` set only the mtime and
the atime), so a file edited and given its old mtime again is still seen. A row is trusted only once both
times are ``SETTLED_SECONDS`` old: another write within the same timestamp tick would leave the row as it
was. Imports nothing heavy: ``check`` answers from these rows.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

SETTLED_SECONDS = 2.0  # coarser than any filesystem's timestamp tick (FAT's is 2 s)

Row = list[object]  # [path, dev, ino, size, mtime_ns, ctime_ns], JSON as it is


def row(relative: str, stat: os.stat_result) -> Row:
    return [relative, stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def settled_before() -> int:
    """Rows whose times are all before this (ns since the epoch) may be trusted."""
    return time.time_ns() - int(SETTLED_SECONDS * 1e9)


def is_settled(stat: os.stat_result, before: int) -> bool:
    return max(stat.st_mtime_ns, stat.st_ctime_ns) <= before


def settled_rows(listed: list[tuple[str, os.DirEntry[str]]]) -> list[Row] | None:
    """The row of each file (path, its entry), or None if one cannot be read or is too fresh to be trusted."""
    before = settled_before()
    rows = []
    for relative, entry in listed:
        try:
            stat = entry.stat()
        except OSError:
            return None
        if not is_settled(stat, before):
            return None
        rows.append(row(relative, stat))
    return rows


def stat_or_none(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def walk(root: Path, suffix: str = "") -> list[tuple[str, os.DirEntry[str]]]:
    """The files under ``root`` whose names end with ``suffix``, as ``root.rglob(f"*{suffix}")`` filtered
    by ``is_file()`` finds them (symlinks to files included, folders not entered through symlinks), with
    their paths from ``root`` ('/'-separated), in no particular order."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:  # gone, or not ours to read: rglob skips it too
            continue
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(suffix) and entry.is_file():
                found.append((f"{prefix}{entry.name}", entry))
    return found
