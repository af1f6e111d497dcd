"""A per-user cache of what wcfgen can always recompute, keyed by content hashes.

Nothing here is ever committed or needed: a missing, unwritable or corrupt cache only
means the work is done again. Entries are JSON values under a namespace and a key, in
``<cache dir>/<generator hash>/<namespace>/``, so a different wcfgen (another version,
or the same one with other libraries) never reads what this one wrote.

The cache folder is ``$WCFGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/wcfgen``, else the
platform's (``~/.cache/wcfgen``, ``~/Library/Caches/wcfgen``,
``%LOCALAPPDATA%\\wcfgen\\Cache``); folders are created private (0700), files are
written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from .sources import generator_hash

CACHE_DIR_VARIABLE = "WCFGEN_CACHE_DIR"


def cache_dir() -> Path:
    """Where the cache lives for this user (see the module's documentation)."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "wcfgen"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "wcfgen" / "Cache" if local else Path.home() / "AppData" / "Local" / "wcfgen" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "wcfgen"
    return Path.home() / ".cache" / "wcfgen"


class Cache:
    """JSON values by namespace and key, for one generator (``version``)."""

    def __init__(self, root: Path | None = None, version: str | None = None) -> None:
        self.base = root or cache_dir()
        self.root = self.base / (version or generator_hash())

    def _path(self, namespace: str, key: str) -> Path:
        if not namespace.isidentifier():
            raise ValueError(f"not a cache namespace: {namespace!r}")
        return self.root / namespace / f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def get(self, namespace: str, key: str) -> Any:
        """The value stored under ``key``, or ``None``."""
        path = self._path(namespace, key)
        try:
            return json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store ``value`` (JSON); a cache that cannot be written is skipped silently."""
        path = self._path(namespace, key)
        try:
            self.base.parent.mkdir(parents=True, exist_ok=True)
            for folder in (self.base, self.root, path.parent):  # private, not only the last one
                folder.mkdir(mode=0o700, exist_ok=True)
            import tempfile  # only where a value is written: check answered from hashes writes none

            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(json.dumps(value).encode())
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
