"""The read and models stages' caches: a page's outcome and the models' types, remembered by
everything they depend on; a change of any input is a miss, a broken or foreign entry is a miss,
and a page that fails is read again."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import wcfgen.models.build
import wcfgen.read
from tests.conftest import SCHEMAS, SPECS
from wcfgen.cache import Cache
from wcfgen.errors import SpecError
from wcfgen.ir import Api, BodyKind, QName, SourceRef
from wcfgen.models import MAX_MEMBERS, MAX_TYPES, build_models
from wcfgen.models import cached as models_cache
from wcfgen.read import cache as read_cache
from wcfgen.read import read_api
from wcfgen.read.index_page import IndexEntry

SHOP = "http://wcf.example/Shop.svc"
PARSERS = ("parse_help_html", "read_text_page", "read_index_page", "read_operation")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each page reader (and the models stage's merge) runs, by name; and for which page."""
    counted: Counter[str] = Counter()

    def counting(module: object, name: str) -> None:
        real: Callable[..., object] = getattr(module, name)

        def count(*args: object) -> object:
            counted[name] += 1
            if len(args) > 1 and isinstance(args[1], str):  # the page's file (the operation's name)
                counted[f"{name}:{Path(args[1]).stem}"] += 1
            return real(*args)

        monkeypatch.setattr(module, name, count)

    for name in PARSERS:
        counting(wcfgen.read, name)
    counting(wcfgen.models.build, "merge_schemas")
    return counted


def _spec(tmp_path: Path, name: str) -> Path:
    """A copy of a test spec: ``site`` (XHTML pages and an index), ``ferries`` (an error page),
    ``showcase`` (text pages, a declared template, wrapped bodies), ``world`` (faults, a schema file)."""
    if name == "site":
        api = tmp_path / "demo"
        shutil.copytree(SPECS / "html" / "site", api / "Shop")
        (api / "wcfgen.toml").write_text(
            f'[api]\nname = "demo"\npackage = "demo"\n\n[services.Shop]\nbase_url = "{SHOP}"\n'
        )
        return api
    source = {"ferries": SPECS / "html" / "ferries", "k2": SCHEMAS / "k2"}.get(name, SPECS / name)
    shutil.copytree(source, tmp_path / name)
    return tmp_path / name


def _cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache", "test-generator")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _pages(api_dir: Path) -> int:
    return sum(1 for page in api_dir.glob("*/*") if page.suffix in (".html", ".txt") and page.name != "help.html")


@pytest.mark.parametrize("name", ["site", "ferries", "showcase", "world", "k2"])
def test_a_second_read_of_an_unchanged_api_parses_no_page_and_gives_the_same_model(
    name: str, tmp_path: Path, calls: Counter[str]
) -> None:
    api_dir, cache = _spec(tmp_path, name), _cache(tmp_path)
    clean = build_models(read_api(api_dir))
    first = build_models(read_api(api_dir, cache=cache), cache)
    assert calls["read_operation"] + calls["read_text_page"] > 0 and calls["merge_schemas"] == 2
    calls.clear()
    again = build_models(read_api(api_dir, cache=cache), cache)
    assert not calls, calls  # no page parsed, read, or its schemas merged
    assert first == again == clean


def test_an_error_page_is_remembered_as_one(tmp_path: Path, calls: Counter[str]) -> None:
    api_dir, cache = _spec(tmp_path, "ferries"), _cache(tmp_path)
    first = read_api(api_dir, cache=cache)
    assert any("could not render this operation's help page" in warning for warning in first.warnings)
    calls.clear()
    assert read_api(api_dir, cache=cache) == first and not calls


def test_each_input_of_a_page_key_is_in_it() -> None:
    entry = IndexEntry("Ping", "GET", "Ping", f"{SHOP}/Ping", "Checks.", 40)
    base = (b"<html/>", "demo/Shop/Ping.html", entry, None, SHOP)
    variants = [
        base,
        (b"<html />", *base[1:]),  # the page's bytes
        (base[0], "demo/Shop/Pong.html", *base[2:]),  # its file name
        (base[0], "other/Shop/Ping.html", *base[2:]),  # its API folder's (messages name it)
        (*base[:2], dataclasses.replace(entry, method="POST"), *base[3:]),  # what the index says of it
        (*base[:2], dataclasses.replace(entry, path="ping"), *base[3:]),
        (*base[:2], "no index", *base[3:]),
        (*base[:2], "unlisted", *base[3:]),
        (*base[:3], "Ping/{*rest}", base[4]),  # the manifest's declared template
        (*base[:4], "http://wcf.example/Other.svc"),  # the service's address
    ]
    keys = [read_cache.page_key(*variant) for variant in variants]
    assert len(set(keys)) == len(keys)
    # what the reading does not take: the entry's line (a row added above moves it), its text and URL
    unread = dataclasses.replace(entry, line=41, description="", url=None)
    assert read_cache.page_key(*base[:2], unread, *base[3:]) == keys[0]
    assert read_cache.index_key(b"<html/>", "demo/Shop/help.html") != read_cache.index_key(
        b"<html/>", "x/Shop/help.html"
    )


@pytest.mark.parametrize(
    ("what", "edit", "again", "index_again"),
    [
        ("a page's bytes", lambda d: _edit(d / "Shop/Ping.html", "Ověří", "Ověřuje"), {"Ping"}, False),
        ("a page's file name", lambda d: _rename(d, "Ping", "Pong"), {"Pong"}, True),
        (
            "its index entry",
            lambda d: _edit(d / "Shop/help.html", "<td>Orders/Cancel</td>", "<td>orders/Cancel</td>"),
            {"CancelOrder"},
            True,
        ),
        ("the index's texts only", lambda d: _edit(d / "Shop/help.html", "Places an order.", "Orders."), set(), True),
        (
            "the page base URL",
            lambda d: _edit(
                d / "Shop/help.html",
                '"heading1">Operations at http://wcf.example/',
                '"heading1">Operations at http://localhost/',
            ),
            {"CancelOrder", "CreateOrder", "LatestOrder", "Ping", "Status"},
            True,
        ),
        (
            "a manifest's text",
            lambda d: _edit(d / "wcfgen.toml", 'package = "demo"', 'package = "demo"\ntitle = "t"'),
            set(),
            False,
        ),
    ],
)
def test_a_change_of_a_pages_input_reads_that_page_again(
    what: str, edit: Callable[[Path], None], again: set[str], index_again: bool, tmp_path: Path, calls: Counter[str]
) -> None:
    api_dir, cache = _spec(tmp_path, "site"), _cache(tmp_path)
    read_api(api_dir, cache=cache)
    edit(api_dir)
    calls.clear()
    api = read_api(api_dir, cache=cache)
    assert {key.split(":")[1] for key in calls if key.startswith("read_operation:")} == again, what
    assert calls["read_index_page"] == index_again, what
    assert api == read_api(api_dir), what


def _rename(api_dir: Path, old: str, new: str) -> None:
    (api_dir / f"Shop/{old}.html").rename(api_dir / f"Shop/{new}.html")
    _edit(api_dir / "Shop/help.html", f'href="help/operations/{old}"', f'href="help/operations/{new}"')


@pytest.mark.parametrize(
    ("what", "old", "new", "again"),
    [
        ("the declared template", 'uri_template = "Files/{*path}"', 'uri_template = "Files/{*rest}"', 1),
        ("the service's address", 'base_url = "http://127.0.0.1:8080/', 'base_url = "http://localhost:8080/', "all"),
        (
            "a wrapped body's parameters (read after the page)",
            'request = { x = "int", y = "int" }',
            'request = { x = "int", z = "int" }',
            0,
        ),
    ],
)
def test_a_change_of_the_manifest_reads_again_the_pages_it_touches(
    what: str, old: str, new: str, again: int | str, tmp_path: Path, calls: Counter[str]
) -> None:
    api_dir, cache = _spec(tmp_path, "showcase"), _cache(tmp_path)
    read_api(api_dir, cache=cache)
    _edit(api_dir / "wcfgen.toml", old, new)
    calls.clear()
    api = read_api(api_dir, cache=cache)
    assert calls["read_operation"] == (_pages(api_dir) if again == "all" else again), what
    assert api == read_api(api_dir), what


def test_a_page_that_fails_is_not_remembered(tmp_path: Path, calls: Counter[str]) -> None:
    api_dir, cache = _spec(tmp_path, "site"), _cache(tmp_path)
    read_api(api_dir, cache=cache)
    _edit(api_dir / "Shop/Ping.html", '<span class="method">GET</span>', '<span class="method">BREW</span>')
    calls.clear()
    errors = []
    for _ in range(2):
        with pytest.raises(SpecError) as caught:
            read_api(api_dir, cache=cache)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert calls["parse_help_html:Ping"] == 2  # read again, failing the same way
    assert calls["parse_help_html"] == 2  # the other pages: remembered
    shutil.copy(SPECS / "html" / "site" / "Ping.html", api_dir / "Shop/Ping.html")
    calls.clear()
    fixed = read_api(api_dir, cache=cache)
    assert not calls  # the page as it was: still remembered
    assert fixed == read_api(api_dir)


def _blob(cache: Cache, api_dir: Path) -> Path:
    (path,) = (cache.root / read_cache.NAMESPACE).glob("*.json")
    return path


def test_a_corrupt_read_entry_is_a_miss(tmp_path: Path, calls: Counter[str]) -> None:
    api_dir, cache = _spec(tmp_path, "site"), _cache(tmp_path)
    clean = read_api(api_dir, cache=cache)
    _blob(cache, api_dir).write_text("{not json")
    calls.clear()
    assert read_api(api_dir, cache=cache) == clean
    assert calls["read_operation"] == 5 and calls["read_index_page"] == 1
    _blob(cache, api_dir).write_text('["a list"]')
    assert read_api(api_dir, cache=cache) == clean


def _wrongly_typed(entry: dict[str, object], texts: int) -> list[tuple[str, object]]:
    """Entries a wcfgen could not have written, each breaking one of its types."""
    operation = entry["operation"]
    assert isinstance(operation, dict)
    schemas = entry["schemas"]
    assert isinstance(schemas, list) and schemas
    first = schemas[0]
    return [
        ("a string for an int", {**entry, "operation": {**operation, "source": {"file": "f", "line": "1"}}}),
        ("a bool for an int", {**entry, "operation": {**operation, "source": {"file": "f", "line": True}}}),
        ("an unknown enum value", {**entry, "operation": {**operation, "request": {"kind": "telepathy"}}}),
        ("a required field missing", {**entry, "operation": {k: v for k, v in operation.items() if k != "method"}}),
        ("an object for a list", {**entry, "operation": {**operation, "variables": {}}}),
        ("a text index out of range", {**entry, "schemas": [[texts + 5, *first[1:]]]}),
        ("a negative text index", {**entry, "schemas": [[-1, *first[1:]]]}),
        ("a schema's line as text", {**entry, "schemas": [[first[0], first[1], first[2], "1"]]}),
        ("a short schema", {**entry, "schemas": [first[:2]]}),
        ("schemas not a list", {**entry, "schemas": "x"}),
        ("no operation", {"schemas": schemas}),
        ("an error page's message as a number", {"error": ["Request Error", 5]}),
        ("an error page's three texts", {"error": ["a", "b", "c"]}),
        ("not an object", ["operation"]),
    ]


def test_a_wrongly_typed_read_entry_is_a_miss(tmp_path: Path, calls: Counter[str]) -> None:
    api_dir, cache = _spec(tmp_path, "site"), _cache(tmp_path)
    clean = read_api(api_dir, cache=cache)
    path = _blob(cache, api_dir)
    good = json.loads(path.read_bytes())
    key, entry = next((k, e) for k, e in good["pages"].items() if e.get("schemas"))
    for what, broken in _wrongly_typed(entry, len(good["texts"])):
        path.write_text(json.dumps({**good, "pages": {**good["pages"], key: broken}}))
        calls.clear()
        assert read_api(api_dir, cache=cache) == clean, what
        assert calls["read_operation"] == 1, what  # that page only
    path.write_text(json.dumps({**good, "indexes": {k: {"file": 5} for k in good["indexes"]}}))
    calls.clear()
    assert read_api(api_dir, cache=cache) == clean and calls["read_index_page"] == 1
    path.write_text(json.dumps({**good, "texts": [5] * len(good["texts"])}))
    assert read_api(api_dir, cache=cache) == clean


# --- the models stage -------------------------------------------------------------


def _key(api: Api, limits: tuple[int, int] = (MAX_TYPES, MAX_MEMBERS)) -> str:
    return models_cache.models_key(api, limits)


def _op(api: Api, op_name: str, **changes: object) -> Api:
    """``api`` with one operation changed (``request``/``response`` as dicts of Body changes)."""
    (service,) = api.services
    ops = []
    for op in service.operations:
        if op.name == op_name:
            for direction in ("request", "response"):
                if direction in changes:
                    changes[direction] = dataclasses.replace(getattr(op, direction), **changes[direction])  # type: ignore[arg-type]
            op = dataclasses.replace(op, **changes)
        ops.append(op)
    return dataclasses.replace(api, services=(dataclasses.replace(service, operations=tuple(ops)),))


def test_each_input_of_the_models_key_is_in_it_and_texts_are_not() -> None:
    world = read_api(SPECS / "world")
    showcase = read_api(SPECS / "showcase")
    sum_op = next(op for op in showcase.services[0].operations if op.name == "Sum")
    doc = world.schemas[0]
    (service,) = world.services
    op = next(op for op in service.operations if op.faults)
    moved = [
        (
            "a schema's text",
            dataclasses.replace(world, schemas=(dataclasses.replace(doc, text=doc.text + " "), *world.schemas[1:])),
        ),
        (
            "a schema's line",
            dataclasses.replace(
                world, schemas=(dataclasses.replace(doc, source=SourceRef(doc.source.file, 99)), *world.schemas[1:])
            ),
        ),
        (
            "a schema's page",
            dataclasses.replace(
                world, schemas=(dataclasses.replace(doc, source=SourceRef("x.txt", 1)), *world.schemas[1:])
            ),
        ),
        (
            "a schema's namespace",
            dataclasses.replace(
                world, schemas=(dataclasses.replace(doc, target_namespace="urn:x"), *world.schemas[1:])
            ),
        ),
        ("a schema less", dataclasses.replace(world, schemas=world.schemas[1:])),
        ("the schemas' order", dataclasses.replace(world, schemas=world.schemas[::-1])),
        ("the service's name", dataclasses.replace(world, services=(dataclasses.replace(service, name="Other"),))),
        ("an operation's name", _op(world, op.name, name="Renamed")),
        ("an operation's page", _op(world, op.name, source=SourceRef("x.txt", 1))),
        ("a body's kind", _op(world, op.name, response={"kind": BodyKind.STREAM})),
        ("a body's root", _op(world, op.name, response={"root": QName("urn:x", "Y")})),
        ("a fault's type", _op(world, op.name, faults=(dataclasses.replace(op.faults[0], type_name="NotFoundInfo"),))),
        ("a fault's place", _op(world, op.name, faults=(dataclasses.replace(op.faults[0], declared="x"),))),
        (
            "an operation less",
            dataclasses.replace(world, services=(dataclasses.replace(service, operations=service.operations[1:]),)),
        ),
    ]
    keys = {what: _key(api) for what, api in moved}
    assert len(set(keys.values())) == len(keys) and _key(world) not in keys.values()
    assert _key(world, (MAX_TYPES - 1, MAX_MEMBERS)) != _key(world) != _key(world, (MAX_TYPES, MAX_MEMBERS - 1))
    part = sum_op.request.parts[0]
    renamed_part = _op(
        showcase, "Sum", request={"parts": (dataclasses.replace(part, type_name="long"), *sum_op.request.parts[1:])}
    )
    assert _key(renamed_part) != _key(showcase)
    unread = [
        _op(world, op.name, description="Another text."),
        _op(world, op.name, python_name="other", uri_template="x", method="PUT"),
        _op(
            world,
            op.name,
            response={"xml_example": "<x/>", "json_example": "{}", "xml_line": 3, "json_line": 9, "description": "d"},
        ),
        dataclasses.replace(world, title="T", package="p", name="n", spec_hash="s", warnings=("w",)),
    ]
    assert {_key(api) for api in unread} == {_key(world)}


@pytest.mark.parametrize("name", ["world", "showcase", "k2", "conventions"])
def test_a_description_edit_is_a_models_hit_and_a_schema_edit_a_miss(
    name: str, tmp_path: Path, calls: Counter[str]
) -> None:
    source = SCHEMAS / "k2" if name == "k2" else SPECS / name
    api, cache = read_api(source), _cache(tmp_path)
    built = build_models(api, cache)
    assert built == build_models(api)
    (service, *_) = api.services
    op = service.operations[0]
    described = _op(api, op.name, description=op.description + " More.") if len(api.services) == 1 else api
    calls.clear()
    assert build_models(described, cache) == build_models(described) and calls["merge_schemas"] == 1  # the one without
    doc = api.schemas[-1]
    edited = dataclasses.replace(api, schemas=(*api.schemas[:-1], dataclasses.replace(doc, text=doc.text + "\n")))
    calls.clear()
    assert build_models(edited, cache) == build_models(edited) and calls["merge_schemas"] == 2


def test_a_corrupt_or_foreign_models_entry_is_a_miss(tmp_path: Path, calls: Counter[str]) -> None:
    api, cache = read_api(SPECS / "world"), _cache(tmp_path)
    built = build_models(api, cache)
    key = _key(api)
    good = cache.get(models_cache.NAMESPACE, key)
    assert isinstance(good, dict)
    contracts = good["contracts"]
    ops = good["operations"]
    broken = [
        None,
        [],
        {"contracts": contracts},
        {**good, "contracts": [{**contracts[0], "qname": "x"}]},
        {**good, "contracts": [{**contracts[0], "members": [{"wire_name": 1}]}]},
        {**good, "enums": {"x": 1}},
        {**good, "operations": ops[:-1]},  # fewer operations than the API's
        {**good, "operations": [*ops, ops[0]]},  # more
        {**good, "operations": [[*ops[0][:4], [None, None, None]], *ops[1:]]},  # more fault types than faults
        {**good, "operations": [[{"kind": "contract", "qname": 5}, *ops[0][1:]], *ops[1:]]},
        {**good, "operations": [ops[0][:3], *ops[1:]]},
    ]
    for value in broken:
        cache.put(models_cache.NAMESPACE, key, value)
        calls.clear()
        assert build_models(api, cache) == built, value
        assert calls["merge_schemas"] == 1, value
    assert build_models(api, cache) == built  # and remembered again
    calls.clear()
    assert build_models(api, cache) == built and not calls


def test_a_models_stage_that_fails_is_not_remembered(tmp_path: Path, calls: Counter[str]) -> None:
    api, cache = read_api(SPECS / "world"), _cache(tmp_path)
    op = next(op for op in api.services[0].operations if op.faults)
    broken = _op(api, op.name, faults=(dataclasses.replace(op.faults[0], type_name="Missing"),))
    for _ in range(2):
        with pytest.raises(SpecError, match="Missing"):
            build_models(broken, cache)
    assert calls["merge_schemas"] == 2
    assert not (cache.root / models_cache.NAMESPACE).exists()


def test_a_description_edit_generates_without_importing_xsdata(tmp_path: Path) -> None:
    """The models remembered, the stage's xsdata-bound module is not even imported; nor, for an
    API that writes no OpenAPI document, is the document's writer."""
    import subprocess
    import sys

    spec = _spec(tmp_path, "conventions")
    page = spec / "Trips" / "GetTraveler.html"
    script = (
        "import sys; from pathlib import Path; from wcfgen.pipeline import generate; "
        f"generate(Path({str(spec)!r}), Path({str(tmp_path / 'out')!r})); "
        "print(sorted(m for m in ('xsdata', 'wcfgen.models.build', 'wcfgen.openapi') if m in sys.modules))"
    )
    env = {**__import__("os").environ, "WCFGEN_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        return done.stdout.strip()

    assert run() == "['wcfgen.models.build', 'xsdata']"
    _edit(page, "A traveler:", "A traveler, edited:")
    assert run() == "[]"
