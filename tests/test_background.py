"""wcfgen.write.background: work done in a forked child beside this process, else here.

The suite's own servers run in threads, and a process with threads is never forked (a fork copies
only the calling thread), so what must fork runs in a fresh interpreter of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.conftest import SPECS
from wcfgen.write.background import Background

forks = pytest.mark.skipif(sys.platform != "linux", reason="the child is forked on Linux only")


def _run(code: str, tmp_path: Path) -> str:
    """``code`` run in a fresh, single-threaded interpreter; what it printed."""
    env = {**os.environ, "WCFGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@forks
def test_the_work_runs_in_a_child_and_its_value_or_error_comes_back(tmp_path: Path) -> None:
    printed = _run(
        """
        import os, signal
        from wcfgen.errors import UnsafeOutputError
        from wcfgen.write.background import Background

        parent = os.getpid()
        child, value = Background(lambda: (os.getpid(), [1, "two"])).result()
        print(child != parent, value)

        def fail():
            raise UnsafeOutputError("generated code has a reference to eval", file="pkg/client.py", line=7)

        try:
            Background(fail).result()
        except UnsafeOutputError as error:
            print(error)

        def dies():
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return 42

        print(Background(dies).result())  # done again here
        print(Background(lambda: (os.getpid(), lambda: None)).result()[0] == parent)  # a lambda does not pickle
        """,
        tmp_path,
    )
    assert printed.splitlines() == [
        "True [1, 'two']",
        "pkg/client.py:7: generated code has a reference to eval",
        "42",
        "True",
    ]


def test_a_process_with_another_thread_is_not_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert Background(os.getpid).result() == os.getpid()
    finally:
        stop.set()
        other.join()


def test_without_parallel_the_work_is_done_here_when_asked() -> None:
    ran: list[int] = []
    work = Background(lambda: ran.append(os.getpid()) or len(ran), parallel=False)
    assert ran == []
    assert work.result() == 1 and ran == [os.getpid()]


@forks
@pytest.mark.parametrize("fork_bytes", [0, 1 << 40], ids=["forked", "here"])
def test_a_service_module_verified_beside_the_example_check_still_stops_the_generation(
    tmp_path: Path, fork_bytes: int
) -> None:
    """The clients' classes are verified while the examples decode; a failure there writes nothing."""
    printed = _run(
        f"""
        import os
        from pathlib import Path
        from wcfgen import render, write
        from wcfgen.errors import UnsafeOutputError
        from wcfgen.pipeline import generate
        from wcfgen.write import background

        render_api, fork, forked = render.render_api, background.Background._fork, []

        def tampered(api, cache=None):
            files = render_api(api, cache)
            client = next(p for p in files if p.endswith("/client.py") and "_runtime" not in p)
            files[client] += '\\n\\nclass Late:\\n    def run(self) -> object:\\n        return eval("1")\\n'
            return files

        def spy(self):
            forked.append(True)
            return fork(self)

        render.render_api, write.FORK_BYTES, background.Background._fork = tampered, {fork_bytes}, spy
        out = Path({str(tmp_path / "out")!r})
        try:
            generate(Path({str(SPECS / "conventions")!r}), out)
        except UnsafeOutputError as error:
            print("refused:", error.message)
        print("forked:", forked == [True], "written:", out.exists())
        """,
        tmp_path,
    )
    assert printed.splitlines() == [
        "refused: generated code has a reference to eval",
        f"forked: {fork_bytes == 0} written: False",
    ]
