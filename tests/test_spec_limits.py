"""`generate` refuses specs over its limits with one error line, writing nothing: a page over
8 MiB, a service of more than 2,000 operations (before any page is read), schemas of more than
5,000 types or 1,000 members in a type. `fetch` refuses the same (tests/test_fetch_limits.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SCHEMAS
from wcfgen.cli import app

runner = CliRunner()
PAGE = Path("k2") / "PBX" / "NewCallEvent.txt"
TYPE = '<xs:complexType name="CallEvent">'


def _page_over_8_mib(spec: Path) -> None:
    page = spec / PAGE
    page.write_bytes(page.read_bytes() + b" " * (8 * 1024 * 1024))


def _2001_operations(spec: Path) -> None:
    for number in range(2000):  # never read: the count is checked first
        (spec / PAGE).with_name(f"Op{number}.txt").write_text("not a help page\n")


def _with_types(spec: Path, types: str) -> None:
    page = spec / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(TYPE, types + TYPE, 1), encoding="utf-8")


def _5001_types(spec: Path) -> None:
    element = '<xs:element minOccurs="0" name="A" type="xs:int" />'
    _with_types(
        spec,
        "".join(
            f'<xs:complexType name="T{n}"><xs:sequence>{element}</xs:sequence></xs:complexType>' for n in range(5001)
        ),
    )


def _1001_members(spec: Path) -> None:
    elements = "".join(f'<xs:element minOccurs="0" name="M{n}" type="xs:int" />' for n in range(1001))
    _with_types(spec, f'<xs:complexType name="Wide"><xs:sequence>{elements}</xs:sequence></xs:complexType>')


@pytest.mark.parametrize(
    ("grow", "message"),
    [
        (_page_over_8_mib, f"{PAGE.as_posix()}: page larger than 8388608 bytes"),
        (_2001_operations, "k2/PBX: more than 2000 operations in one service"),
        (_5001_types, f"{PAGE.as_posix()}:29: schemas larger than 5000 types or 1000 members per type"),
        (_1001_members, f"{PAGE.as_posix()}:29: schemas larger than 5000 types or 1000 members per type"),
    ],
    ids=["page", "operations", "types", "members"],
)
def test_a_spec_over_a_limit_is_one_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grow: Callable[[Path], None], message: str
) -> None:
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    grow(tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["generate", "schemas", "-o", "out"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: schemas/{message}\n")
    assert not (tmp_path / "out").exists()


def _types(first: int, last: int) -> str:
    element = '<xs:element minOccurs="0" name="A" type="xs:int" />'
    return "".join(
        f'<xs:complexType name="T{n}"><xs:sequence>{element}</xs:sequence></xs:complexType>' for n in range(first, last)
    )


def _second_page(spec: Path) -> Path:
    """Another operation whose page carries the same schema block, as WCF's pages repeat their types."""
    second = (spec / PAGE).with_name("NewCallEvent2.txt")
    second.write_text((spec / PAGE).read_text(encoding="utf-8").replace("/NewCallEvent", "/NewCallEvent2"), encoding="utf-8")
    return second


def test_the_limits_count_distinct_definitions_not_their_repeats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 types on each of two pages are 3,000 types (the scale corpus repeats closures so)."""
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    _with_types(tmp_path / "schemas", _types(0, 3000))
    _second_page(tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["generate", "schemas", "-o", "out"])
    assert result.exit_code == 0, result.output


def test_many_distinct_types_over_several_pages_are_refused_where_the_limit_is_crossed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3,000 types on one page and 3,000 others on the next: the second page's block crosses 5,000."""
    spec = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, spec)
    second = _second_page(spec)
    _with_types(spec, _types(0, 3000))
    second.write_text(second.read_text(encoding="utf-8").replace(TYPE, _types(3000, 6000) + TYPE, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["generate", "schemas", "-o", "out"])
    where = second.relative_to(tmp_path).as_posix()
    assert (result.exit_code, result.stderr) == (2, f"error: {where}:29: schemas larger than 5000 types or 1000 members per type\n")
    assert not (tmp_path / "out").exists()


def test_a_block_xsdata_refuses_is_named_by_its_page_and_line_after_merging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages' definitions are merged into one schema per namespace; the error still names the block."""
    spec = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, spec)
    second = _second_page(spec)
    bad = '<xs:complexType name="Bad"><xs:sequence><xs:element name="A" type="xs:int" maxOccurs="many"/></xs:sequence></xs:complexType>'
    second.write_text(second.read_text(encoding="utf-8").replace(TYPE, bad + TYPE, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["generate", "schemas", "-o", "out"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {second.relative_to(tmp_path).as_posix()}:29: cannot compile schema: ")
    assert not (tmp_path / "out").exists()


def test_two_different_definitions_of_one_type_name_both_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, spec)
    second = _second_page(spec)
    member = '<xs:element minOccurs="0" name="Direction" nillable="true" type="xs:string" />'
    text = second.read_text(encoding="utf-8")
    assert text.count(member) == 1
    second.write_text(text.replace(member, member.replace("xs:string", "xs:int")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["generate", "schemas", "-o", "out"])
    page, other = (path.relative_to(tmp_path).as_posix() for path in (spec / PAGE, second))
    expected = f"error: {other}:30: complexType 'CallEvent' in 'K2.Data' differs from its definition at {page[len('schemas/'):]}:30\n"
    assert (result.exit_code, result.stderr) == (2, expected)
