"""wcfgen.write.background: work done in a forked child beside this process, else here."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SPECS
from wcfgen.errors import UnsafeOutputError
from wcfgen.write.background import Background

forks = pytest.mark.skipif(sys.platform != "linux", reason="the child is forked on Linux only")


@forks
def test_the_work_runs_in_a_child_and_its_value_comes_back() -> None:
    parent = os.getpid()
    work = Background(lambda: (os.getpid(), [1, "two"]))
    child, value = work.result()
    assert child != parent and value == [1, "two"]


@forks
def test_the_childs_error_is_raised_here_with_its_place() -> None:
    def fail() -> None:
        raise UnsafeOutputError("generated code has a reference to eval", file="pkg/client.py", line=7)

    with pytest.raises(UnsafeOutputError) as error:
        Background(fail).result()
    assert str(error.value) == "pkg/client.py:7: generated code has a reference to eval"


@forks
def test_a_child_that_dies_or_cannot_send_its_value_is_done_again_here() -> None:
    parent = os.getpid()

    def dies() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return 42

    assert Background(dies).result() == 42
    assert Background(lambda: (os.getpid(), lambda: None)).result()[0] == parent  # a lambda does not pickle


def test_without_parallel_the_work_is_done_here_when_asked() -> None:
    ran: list[int] = []
    work = Background(lambda: ran.append(os.getpid()) or len(ran), parallel=False)
    assert ran == []
    assert work.result() == 1 and ran == [os.getpid()]


@pytest.mark.parametrize("fork_bytes", [0, 1 << 40], ids=["forked", "here"])
def test_a_service_module_verified_beside_the_example_check_still_stops_the_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork_bytes: int
) -> None:
    """The clients' classes are verified while the examples decode; a failure there writes nothing."""
    from wcfgen import render, write
    from wcfgen.pipeline import generate

    render_api = render.render_api

    def tampered(api: Any) -> dict[str, str]:
        files = render_api(api)
        client = next(path for path in files if path.endswith("/client.py") and "_runtime" not in path)
        files[client] += '\n\nclass Late:\n    def run(self) -> object:\n        return eval("1")\n'
        return files

    monkeypatch.setattr(render, "render_api", tampered)
    monkeypatch.setattr(write, "FORK_BYTES", fork_bytes)
    monkeypatch.setenv("WCFGEN_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(UnsafeOutputError, match="a reference to eval"):
        generate(SPECS / "conventions", tmp_path / "out")
    assert not (tmp_path / "out").exists()
