"""SECURITY.md proves each guarantee by a test that exists.

Every row of its threat tables names at least one test file, and every named test is a test
function of that file: `tests/x.py::test_name`, a pattern (`tests/x.py::test_2_*`, at least one
match), or, for another test of the file named just before it in the cell, `…::test_name`,
`…name_ending` or `…part…`.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import re

from tests.conftest import ROOT

SECURITY = ROOT / "SECURITY.md"
_SPAN = re.compile(r"`([^`]+)`")
_REFERENCE = re.compile(r"(?P<file>tests/[\w/]+\.py|…)(?:::(?P<test>[A-Za-z_][\w*]*))?")
_SHORT = re.compile(r"…(?P<part>\w+)(?P<open>…)?")  # …name_ending, …part…


def _rows() -> list[tuple[str, str]]:
    """(threat, proof) of every row of the threat tables."""
    rows = []
    for line in SECURITY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 3 and cells[0] not in ("threat", "---"):
            rows.append((cells[0], cells[2]))
    return rows


@functools.cache
def _tests_in(file: str) -> frozenset[str]:
    tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
    scopes = [tree.body, *(node.body for node in tree.body if isinstance(node, ast.ClassDef))]
    return frozenset(
        node.name
        for body in scopes
        for node in body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    )


def _unresolved(proof: str) -> list[str]:
    """The references of a proof cell that name no test."""
    wrong, file = [], None
    for span in _SPAN.findall(proof):
        match = _REFERENCE.fullmatch(span)
        short = _SHORT.fullmatch(span)
        if match is None and short is not None:
            pattern = f"*{short['part']}{'*' if short['open'] else ''}"
            if file is None:
                wrong.append(f"{span}: no file named before it")
            elif not fnmatch.filter(_tests_in(file), pattern):
                wrong.append(f"{span}: no such test in {file}")
            continue
        if match is None:
            if span.startswith(("tests/", "…")):
                wrong.append(f"{span}: not `tests/<file>.py[::test]` or `…::test`")
            continue
        file = file if match["file"] == "…" else match["file"]
        if file is None or not (ROOT / file).is_file():
            wrong.append(f"{span}: no such file")
        elif match["test"] is not None and not fnmatch.filter(_tests_in(file), match["test"]):
            wrong.append(f"{span}: no such test in {file}")
    return wrong


def test_every_threat_is_proved_by_a_test_file() -> None:
    rows = _rows()
    assert len(rows) > 20
    unproved = [threat for threat, proof in rows if not re.search(r"`(tests/[\w/]+\.py)", proof)]
    assert unproved == []


def test_every_test_security_md_names_exists() -> None:
    assert {threat: wrong for threat, proof in _rows() if (wrong := _unresolved(proof))} == {}


def test_a_wrong_name_would_be_caught() -> None:
    assert _unresolved("`tests/test_errors.py::test_nothing_like_it`, `…::test_printable_*`, `tests/nope.py`") == [
        "tests/test_errors.py::test_nothing_like_it: no such test in tests/test_errors.py",
        "tests/nope.py: no such file",
    ]
    assert _unresolved("`tests/test_errors.py`, `…huge_message_is_cut`, `…kept_as_it…`, `…kept_as_it`") == [
        "…kept_as_it: no such test in tests/test_errors.py"
    ]
    assert _unresolved("`…refuses_bad_responses`") == ["…refuses_bad_responses: no file named before it"]
    assert _unresolved("`tests/x.py::a b`") == ["tests/x.py::a b: not `tests/<file>.py[::test]` or `…::test`"]
