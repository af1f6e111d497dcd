"""A spec folder as it was at a git revision, read from the local repository (no network)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WcfgenError


@contextmanager
def spec_at_revision(spec_dir: Path, revision: str) -> Iterator[Path]:
    """``spec_dir`` as committed at ``revision``, extracted into a temporary folder for the block."""
    if not spec_dir.is_dir():
        raise WcfgenError("spec folder not found", file=spec_dir)
    if revision.startswith("-") or not revision.strip():
        raise WcfgenError(f"{revision!r} is not a git revision")
    top, prefix = _git(spec_dir, "rev-parse", "--show-toplevel", "--show-prefix").decode().splitlines()
    prefix = prefix.rstrip("/")
    commit = _git(spec_dir, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", what=f"unknown revision {revision!r}")
    tree = f"{commit.decode().strip()}:{prefix}"
    # from the top: in a sub-folder, git archive would look for that sub-folder inside the tree
    archive = _git(Path(top), "archive", "--format=tar", tree, what=f"{prefix or '.'} does not exist at {revision}")
    with tempfile.TemporaryDirectory(prefix="wcfgen-spec-") as temp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temp, filter="data")  # refuses links and paths that leave the folder
        yield Path(temp)


def _git(cwd: Path, *args: str, what: str | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise WcfgenError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        message = what or (done.stderr.decode(errors="replace").strip().splitlines() or ["git failed"])[-1]
        raise WcfgenError(message.removeprefix("fatal: "), file=cwd if what is None else None)
    return done.stdout
