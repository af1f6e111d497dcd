"""wcfgen.background: work done in a forked child beside this process, else here.

The suite's own servers run in threads, and a process with threads is never forked (a fork copies
only the calling thread), so what must fork runs in a fresh interpreter of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.conftest import SPECS
from wcfgen import background, pipeline
from wcfgen.background import Background

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
        from wcfgen.background import Background

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
        from wcfgen import background

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


@forks
def test_in_halves_gives_the_values_in_order_and_the_first_halfs_error_first(tmp_path: Path) -> None:
    printed = _run(
        """
        import os
        from wcfgen.background import in_halves
        from wcfgen.errors import SpecError

        parent = os.getpid()

        def pids(part):
            return [(item, os.getpid() == parent) for item in part]

        print(in_halves(pids, range(5)))
        print(in_halves(pids, [7]), in_halves(pids, []))

        def fails_at(*bad):
            def work(part):
                for item in part:
                    if item in bad:
                        raise SpecError(f"page {item} is broken", file=f"Svc/{item}.html")
                return list(part)
            return work

        for bad in [(1, 4), (4,)]:
            try:
                in_halves(fails_at(*bad), range(6))
            except SpecError as error:
                print(error)
        """,
        tmp_path,
    )
    assert printed.splitlines() == [
        "[(0, True), (1, True), (2, True), (3, False), (4, False)]",
        "[(7, True)] []",
        "Svc/1.html: page 1 is broken",
        "Svc/4.html: page 4 is broken",
    ]


@forks
def test_a_cancelled_child_is_stopped_and_reaped(tmp_path: Path) -> None:
    printed = _run(
        """
        import os, time
        from wcfgen.background import Background

        work = Background(lambda: time.sleep(60))
        pid = work._child[0]
        started = time.monotonic()
        work.cancel()
        work.cancel()  # nothing left to stop
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            print("reaped", time.monotonic() - started < 5)
        """,
        tmp_path,
    )
    assert printed.splitlines() == ["reaped True"]


FORKED_BUILD = """
    import json, sys, traceback
    from pathlib import Path
    from wcfgen import background, example_check, pipeline, read, write
    from wcfgen.models import merge
    from wcfgen.render import cached

    forks, fork = [], background.Background._fork

    def counted(self):
        stack = reversed(traceback.extract_stack()[:-1])
        forks.append(next(frame.name for frame in stack if not frame.filename.endswith("background.py")))
        return fork(self)

    background.Background._fork = counted
    read.FORK_BYTES = merge.FORK_DEFINITIONS = cached.FORK_OPERATIONS = example_check.FORK_OPERATIONS = 0
    write.FORK_BYTES = 0
    spec, out = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        warnings = list(pipeline.generate(spec, out).warnings)
    except Exception as error:
        warnings = [f"{type(error).__name__}: {error}"]
    print(json.dumps({"forks": forks, "warnings": warnings}))
"""
SPLIT = ["_outcomes", "merge_schemas", "operations", "prepare_output", "_decode"]  # who forked, in order


def _forked_build(spec: Path, out: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    """``generate`` in a fresh interpreter, every stage that can split its work splitting it: the
    functions that forked, and the warnings."""
    env = {**os.environ, "WCFGEN_CACHE_DIR": str(tmp_path / "forked-cache")}
    code = textwrap.dedent(FORKED_BUILD)
    done = subprocess.run(
        [sys.executable, "-c", code, str(spec), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    return printed["forks"], printed["warnings"]


def _in_process_build(spec: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(background, "_PARALLEL", False)
    monkeypatch.setenv("WCFGEN_CACHE_DIR", str(tmp_path / "cache"))
    try:
        return list(pipeline.generate(spec, out).warnings)
    except Exception as error:  # noqa: BLE001 -- the same error is expected from the forked build
        return [f"{type(error).__name__}: {error}"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@forks
@pytest.mark.parametrize("name", ["world", "showcase", "html", "conventions"])
def test_a_build_split_over_two_processes_writes_what_one_process_writes(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages read, schemas parsed, operations laid out, examples decoded and modules verified half in a child: the
    same files, byte for byte, and the same warnings, in the same order."""
    spec = SPECS / name
    forks, warnings = _forked_build(spec, tmp_path / "forked", tmp_path)
    assert forks == [stage for stage in SPLIT if stage != "merge_schemas" or name != "html"]  # html: one schema group
    assert _in_process_build(spec, tmp_path / "here", tmp_path, monkeypatch) == warnings
    assert _tree(tmp_path / "forked") == _tree(tmp_path / "here")


@forks
@pytest.mark.parametrize(
    "broken", [["EchoBase"], ["GetSettings"], ["EchoBase", "GetSettings"]], ids=["first half", "second half", "both"]
)
def test_a_broken_page_read_in_a_child_stops_the_build_as_it_does_here(
    broken: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPECS / "world", spec)
    for name in broken:
        page = spec / "World" / f"{name}.txt"
        page.write_text(
            page.read_text(encoding="utf-8").replace("HTTP Method: ", "HTTP Method: BREW", 1), encoding="utf-8"
        )
    forks, forked = _forked_build(spec, tmp_path / "forked", tmp_path)
    assert forks == ["_outcomes"] and len(forked) == 1 and forked[0].startswith("SpecError: ")
    assert _in_process_build(spec, tmp_path / "here", tmp_path, monkeypatch) == forked
    assert not (tmp_path / "forked").exists() and not (tmp_path / "here").exists()
