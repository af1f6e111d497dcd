"""wcfgen diff: semantic changes between spec versions, their classification, reports, and --since."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMAS, SPECS
from wcfgen import cli
from wcfgen.cli import app
from wcfgen.diff import RULES, ByRole, BySide, Change, Level, diff_apis
from wcfgen.diff.report import json_report, markdown_report, summary, text_report
from wcfgen.diff.snapshot import dump_api, load_api
from wcfgen.ir import (
    Api,
    Body,
    BodyKind,
    DataContract,
    Direction,
    EnumMember,
    EnumType,
    Member,
    Operation,
    QName,
    Service,
    SourceRef,
    TypeKind,
    TypeRef,
    WrappedPart,
)
from wcfgen.pipeline import load

runner = CliRunner()
EVOLUTION = SPECS / "evolution"
SCENARIOS = sorted(path.name for path in EVOLUTION.iterdir() if path.is_dir())
NS = "http://schemas.datacontract.org/2004/07/Contoso.Orders"


def _as_expected(changes: list[Change]) -> list[dict[str, object]]:
    """Changes as the scenarios' expected.json lists them (the JSON report's entries, without the API)."""
    entries = json.loads(json_report(changes))["changes"]
    for entry in entries:
        assert entry.pop("api") == "orders"
    return entries  # type: ignore[no-any-return]


def _pair(scenario: str) -> tuple[list[Api], list[Api]]:
    return load(EVOLUTION / scenario / "old"), load(EVOLUTION / scenario / "new")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_scenario_is_classified_as_expected(scenario: str) -> None:
    old, new = _pair(scenario)
    expected = json.loads((EVOLUTION / scenario / "expected.json").read_text())
    assert _as_expected(diff_apis(old, new)) == expected


def test_the_scenarios_are_the_ones_the_issue_asks_for() -> None:
    assert SCENARIOS == [
        "enum-value-added",
        "enum-value-removed",
        "known-type-added",
        "member-added",
        "member-constraints",
        "member-removed",
        "namespace-changed",
        "operation-renamed",
        "operation-replaced",
        "template-changed",
        "type-widened",
    ]


def _kinds(changes: list[Change]) -> list[tuple[str, str, Level, Level]]:
    return [(c.subject, c.kind, c.client, c.server) for c in changes]


E, W, I = Level.ERROR, Level.WARNING, Level.INFO


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        # each scenario backwards is the opposite evolution, judged by the same rules
        ("known-type-added", [("BankTransfer", "known-type-removed", E, W)]),
        ("type-widened", [("Orders/CreateOrder", "root-element-changed", E, E), ("NewOrder.Quantity", "type-narrowed", W, I), ("Order.Id", "type-narrowed", I, W)]),
        ("member-constraints", [("Order", "member-order-changed", E, E), ("NewOrder.Payment", "no-longer-required", I, W), ("Order.Total", "no-longer-nillable", I, W)]),
        ("member-removed", [("NewOrder.Customer", "required-member-added", E, I), ("Order.Total", "member-added", I, I)]),
        ("enum-value-added", [("OrderStatus.Returned", "enum-value-removed", W, E), ("Priority.Urgent", "enum-value-removed", E, W)]),
    ],
)  # fmt: skip
def test_scenarios_backwards(scenario: str, expected: list[tuple[str, str, Level, Level]]) -> None:
    old, new = _pair(scenario)
    assert _kinds(diff_apis(new, old)) == expected


# --- rules the scenarios do not reach, on the scenarios' model


@pytest.fixture(scope="module")
def orders() -> Api:
    (api,) = load(EVOLUTION / "member-added" / "old")
    return api


def _service(api: Api) -> Service:
    (service,) = api.services
    return service


def _with_operation(api: Api, name: str, /, **changes: object) -> Api:
    service = _service(api)
    ops = tuple(dataclasses.replace(op, **changes) if op.name == name else op for op in service.operations)  # type: ignore[arg-type]
    return dataclasses.replace(api, services=(dataclasses.replace(service, operations=ops),))


def _op(api: Api, name: str) -> Operation:
    return next(op for op in _service(api).operations if op.name == name)


def _with_contract(api: Api, name: str, /, **changes: object) -> Api:
    contracts = tuple(dataclasses.replace(c, **changes) if c.qname.name == name else c for c in api.contracts)  # type: ignore[arg-type]
    return dataclasses.replace(api, contracts=contracts)


def _contract(api: Api, name: str) -> DataContract:
    return next(c for c in api.contracts if c.qname.name == name)


def _with_member(api: Api, contract: str, member: str, /, **changes: object) -> Api:
    members = tuple(dataclasses.replace(m, **changes) if m.wire_name == member else m for m in _contract(api, contract).members)  # type: ignore[arg-type]
    return _with_contract(api, contract, members=members)


def _with_enum(api: Api, name: str, /, **changes: object) -> Api:
    enums = tuple(dataclasses.replace(e, **changes) if e.qname.name == name else e for e in api.enums)  # type: ignore[arg-type]
    return dataclasses.replace(api, enums=enums)


def _enum(api: Api, name: str) -> EnumType:
    return next(e for e in api.enums if e.qname.name == name)


STRING = TypeRef.of_primitive("string")
INT = TypeRef.of_primitive("int")
WRAPPED = Body(BodyKind.WRAPPED, ("xml",), QName("http://tempuri.org/", "Ship"), parts=(WrappedPart("id", "id_", "int", INT),))


def _edits(api: Api) -> dict[str, tuple[Api, Api, list[tuple[str, str, Level, Level]]]]:
    """Per rule: an old and a new model, and the changes expected between them."""
    create = _op(api, "CreateOrder")
    extra_service = Service("Billing", "billing", "http://localhost:8080/Billing.svc", (create,))
    tag = DataContract(QName(NS, "Tag"), "Tag", (Member("Key", "key", NS, STRING, True, False),), SourceRef("x", 1))
    wrapped = _with_operation(api, "CreateOrder", request=WRAPPED)
    two_parts = dataclasses.replace(WRAPPED, parts=(*WRAPPED.parts, WrappedPart("note", "note", "string", STRING)))
    priority = _enum(api, "Priority")
    priority_contract = DataContract(priority.qname, "Priority", (), priority.source)
    anything = _with_member(api, "Payment", "Amount", type=TypeRef(TypeKind.ANY))
    int_list = TypeRef(TypeKind.LIST, qname=QName(NS, "ArrayOfint"), item=INT, item_name=QName(NS, "int"))
    long_list = dataclasses.replace(int_list, qname=QName(NS, "ArrayOflong"), item=TypeRef.of_primitive("long"), item_name=QName(NS, "long"))
    return {
        "api-added": ([], [api], [("orders", "api-added", I, I)]),
        "api-removed": ([api], [], [("orders", "api-removed", E, E)]),
        "service-added": ([api], [dataclasses.replace(api, services=(*api.services, extra_service))], [("Billing", "service-added", I, E)]),
        "service-removed": ([dataclasses.replace(api, services=(*api.services, extra_service))], [api], [("Billing", "service-removed", E, I)]),
        "base-url-changed": ([api], [dataclasses.replace(api, services=(dataclasses.replace(_service(api), base_url="https://orders.contoso.com/Orders.svc"),))], [("Orders", "base-url-changed", W, W)]),
        "method-changed": ([api], [_with_operation(api, "CancelOrder", method="POST")], [("Orders/CancelOrder", "method-changed", E, E)]),
        "body-kind-changed": ([api], [_with_operation(api, "CancelOrder", response=Body(BodyKind.STREAM))], [("Orders/CancelOrder", "body-kind-changed", E, E)]),
        "format-added": ([_with_operation(api, "CreateOrder", request=dataclasses.replace(create.request, formats=("xml",)))], [api], [("Orders/CreateOrder", "format-added", I, I)]),
        "format-removed": ([api], [_with_operation(api, "CreateOrder", request=dataclasses.replace(create.request, formats=("xml",)))], [("Orders/CreateOrder", "format-removed", E, I)]),
        "wrapped-part-added": ([wrapped], [_with_operation(api, "CreateOrder", request=two_parts)], [("Orders/CreateOrder", "wrapped-part-added", W, W)]),
        "wrapped-part-removed": ([_with_operation(api, "CreateOrder", request=two_parts)], [wrapped], [("Orders/CreateOrder", "wrapped-part-removed", W, W)]),
        "wrapped-part type": ([wrapped], [_with_operation(api, "CreateOrder", request=dataclasses.replace(WRAPPED, parts=(WrappedPart("id", "id_", "long", TypeRef.of_primitive("long")),)))], [("Orders/CreateOrder", "type-widened", I, W)]),
        "type-added": ([api], [dataclasses.replace(api, contracts=(*api.contracts, tag))], [("Tag", "type-added", I, I)]),
        "type-removed": ([dataclasses.replace(api, contracts=(*api.contracts, tag))], [api], [("Tag", "type-removed", W, W)]),
        "type-changed": ([api], [_with_member(api, "Order", "Total", type=STRING)], [("Order.Total", "type-changed", E, E)]),
        "base-changed": ([api], [_with_contract(api, "CardPayment", base=None)], [("CardPayment", "base-changed", E, E)]),
        "type-kind-changed": ([api], [dataclasses.replace(api, enums=tuple(e for e in api.enums if e is not priority), contracts=(*api.contracts, priority_contract))], [("Priority", "type-kind-changed", E, E)]),
        "enum-now-flags": ([api], [_with_enum(api, "OrderStatus", flags=True)], [("OrderStatus", "enum-now-flags", W, I)]),
        "enum-no-longer-flags": ([_with_enum(api, "Priority", flags=True)], [api], [("Priority", "enum-no-longer-flags", W, I)]),
        "object reaches every type": ([anything], [_with_enum(anything, "OrderStatus", members=(*_enum(api, "OrderStatus").members, EnumMember("Lost", "LOST", 3)))], [("OrderStatus.Lost", "enum-value-added", W, W)]),
        "list items": ([_with_member(api, "Order", "Total", type=int_list)], [_with_member(api, "Order", "Total", type=long_list)], [("Order.Total", "type-changed", E, E)]),
        "item nillable": ([_with_member(api, "Order", "Total", type=int_list)], [_with_member(api, "Order", "Total", type=dataclasses.replace(int_list, item_nillable=True))], [("Order.Total", "type-widened", W, I)]),
        "renamed, but a new URI too": ([api], [_with_operation(api, "GetOrder", name="ReadOrder", uri_template="Order/{ID}")], [("Orders/GetOrder", "operation-removed", E, I), ("Orders/ReadOrder", "operation-added", I, E)]),
    }  # fmt: skip


EDITS = [
    "api-added", "api-removed", "service-added", "service-removed", "base-url-changed", "method-changed",
    "body-kind-changed", "format-added", "format-removed", "wrapped-part-added", "wrapped-part-removed",
    "wrapped-part type", "type-added", "type-removed", "type-changed", "base-changed", "type-kind-changed",
    "enum-now-flags", "enum-no-longer-flags", "object reaches every type", "list items", "item nillable",
    "renamed, but a new URI too",
]  # fmt: skip


@pytest.mark.parametrize("edit", EDITS)
def test_rules_on_model_edits(orders: Api, edit: str) -> None:
    old, new, expected = _edits(orders)[edit]
    assert _kinds(diff_apis(old, new)) == expected


def test_a_type_no_operation_reaches_is_judged_both_ways(orders: Api) -> None:
    tag = DataContract(QName(NS, "Tag"), "Tag", (), SourceRef("x", 1))
    tagged = dataclasses.replace(tag, members=(Member("Key", "key", NS, STRING, True, True),))
    changes = diff_apis([dataclasses.replace(orders, contracts=(*orders.contracts, tag))], [dataclasses.replace(orders, contracts=(*orders.contracts, tagged))])
    assert [(c.kind, c.client, c.server, c.directions) for c in changes] == [("required-member-added", E, E, (Direction.REQUEST, Direction.RESPONSE))]


def test_every_rule_is_exercised(orders: Api) -> None:
    seen = {c.kind for s in SCENARIOS for c in diff_apis(*_pair(s))}
    seen |= {c.kind for s in SCENARIOS for c in diff_apis(*reversed(_pair(s)))}
    seen |= {c.kind for old, new, _ in _edits(orders).values() for c in diff_apis(old, new)}
    assert seen == set(RULES)


def test_the_readme_tables_are_the_rules() -> None:
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \| (error|warning|info) \|", readme, re.MULTILINE)
    tabled = {kind: (Level(a), Level(b)) for kind, a, b in rows}
    assert len(rows) == len(tabled)
    expected = {
        kind: (rule.client, rule.server) if isinstance(rule, BySide) else (rule.sender, rule.receiver)
        for kind, rule in RULES.items()
    }
    assert tabled == expected
    assert all(isinstance(rule, (BySide, ByRole)) for rule in RULES.values())


def test_identical_specs_have_no_changes() -> None:
    assert diff_apis(load(SCHEMAS), load(SCHEMAS)) == []


# --- the recorded model


@pytest.mark.parametrize("spec", [SCHEMAS, SPECS / "shapes", SPECS / "showcase", EVOLUTION / "member-added" / "new"])
def test_the_recorded_model_diffs_like_the_model(spec: Path) -> None:
    apis = load(spec)
    recorded = [load_api(json.loads(json.dumps(dump_api(api)))) for api in apis]
    assert diff_apis(apis, recorded) == []
    assert [dump_api(api) for api in recorded] == [dump_api(api) for api in apis]


def test_the_recorded_model_leaves_out_texts_and_python_names(orders: Api) -> None:
    text = json.dumps(dump_api(orders))
    for absent in ("python_name", "description", "Places an order", "xml_example", "source", "xs:schema"):
        assert absent not in text
    assert load_api(dump_api(orders)).services[0].operations[0].python_name == ""


@pytest.mark.parametrize(
    "data",
    [[], {"name": 1}, {"name": "x", "services": {}}, {"name": "x", "enums": [{"qname": {"namespace": "a", "name": "b"}, "members": [], "flags": "yes"}]}],
)
def test_a_damaged_recorded_model_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        load_api(data)


# --- reports and the command line


def test_text_report() -> None:
    changes = diff_apis(*_pair("enum-value-added"))
    assert text_report(changes) == (
        "orders: 2 API changes (client: 1 warning; server: 1 warning)\n"
        "  client   server\n"
        "  warning  info     OrderStatus.Returned  value added (number 3) (in responses)\n"
        "  info     warning  Priority.Urgent       value added (number 3) (in requests)\n"
    )
    colored = text_report(changes, color=True)
    assert "\x1b[1morders: 2 API changes" in colored and "\x1b[33mwarning \x1b[0m \x1b[2minfo    \x1b[0m" in colored
    assert text_report([]) == "no API changes\n"


def test_markdown_report() -> None:
    changes = diff_apis(*_pair("member-removed"))
    assert markdown_report(changes) == (
        "**orders**: 2 API changes (client: 2 warnings; server: 1 error, 1 warning)\n"
        "\n"
        "| Client | Server | Where | Change |\n"
        "|---|---|---|---|\n"
        "| warning | **error** | `NewOrder.Customer` | member removed (was required, string) (in requests) |\n"
        "| warning | warning | `Order.Total` | member removed (was optional, decimal) (in responses) |\n"
    )
    assert markdown_report([]) == "No API changes.\n"


def test_summary() -> None:
    assert summary([]) == "no API changes"
    assert summary(diff_apis(*_pair("known-type-added"))) == "1 API change (client: compatible; server: 1 warning)"


def test_cli_json_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", str(EVOLUTION / "known-type-added" / "old"), str(EVOLUTION / "known-type-added" / "new"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "{\n"
        '  "summary": {\n'
        '    "client": {\n      "error": 0,\n      "warning": 0,\n      "info": 1\n    },\n'
        '    "server": {\n      "error": 0,\n      "warning": 1,\n      "info": 0\n    }\n'
        "  },\n"
        '  "changes": [\n'
        "    {\n"
        '      "api": "orders",\n'
        '      "subject": "BankTransfer",\n'
        '      "kind": "known-type-added",\n'
        '      "client": "info",\n'
        '      "server": "warning",\n'
        '      "directions": [\n        "request"\n      ],\n'
        '      "message": "new known type of Payment"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 0),
        (["--fail-on", "error"], 0),
        (["--fail-on", "warning"], 1),
        (["--fail-on", "warning", "--side", "client"], 0),
        (["--fail-on", "warning", "--side", "server"], 1),
    ],
)
def test_cli_fail_on(args: list[str], code: int) -> None:
    pair = [str(EVOLUTION / "known-type-added" / v) for v in ("old", "new")]
    result = runner.invoke(app, ["diff", *pair, *args])
    assert result.exit_code == code, result.output
    assert "BankTransfer" in result.stdout


def test_cli_markdown_and_an_error_threshold() -> None:
    pair = [str(EVOLUTION / "operation-replaced" / v) for v in ("old", "new")]
    result = runner.invoke(app, ["diff", *pair, "--format", "markdown", "--fail-on", "error", "--side", "client"])
    assert result.exit_code == 1
    assert result.stdout.startswith("**orders**: 2 API changes (client: 1 error; server: 1 error)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["schemas"], "error: give two spec folders, OLD and NEW (or one spec folder and --since REV)"),
        (["a", "b", "--since", "HEAD"], "error: --since compares one spec folder with its committed version: give at most one"),
        (["nowhere", str(SCHEMAS)], "error: OLD: nowhere: spec folder not found"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["diff", *args])
    assert (result.exit_code, result.stdout, result.stderr.strip()) == (2, "", message)


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert not cli._color()
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert cli._color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._color()


# --- --since: the spec folder at a git revision


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose committed schemas/ is a scenario's old spec; the working tree has the new one."""
    shutil.copytree(EVOLUTION / "member-removed" / "old", tmp_path / "schemas" / "orders")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    shutil.rmtree(tmp_path / "schemas" / "orders")
    shutil.copytree(EVOLUTION / "member-removed" / "new", tmp_path / "schemas" / "orders")
    return tmp_path


def test_since_compares_a_revision_with_the_working_tree(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json.loads((EVOLUTION / "member-removed" / "expected.json").read_text())
    for cwd, args in [(repo, []), (repo / "schemas" / "orders", ["."]), (ROOT, [str(repo / "schemas")])]:
        monkeypatch.chdir(cwd)
        result = runner.invoke(app, ["diff", "--since", "HEAD", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert [{k: v for k, v in c.items() if k != "api"} for c in json.loads(result.stdout)["changes"]] == expected


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("v9", "error: unknown revision 'v9'"),
        ("-p", "error: '-p' is not a git revision"),
        ("HEAD~1", "error: unknown revision 'HEAD~1'"),
    ],
)
def test_since_errors_exit_2_with_one_message(repo: Path, since: str, message: str) -> None:
    result = runner.invoke(app, ["diff", f"--since={since}", str(repo / "schemas")])
    assert (result.exit_code, result.stderr.strip()) == (2, message)


def test_since_a_revision_without_the_folder(repo: Path) -> None:
    (repo / "specs").mkdir()
    shutil.copytree(repo / "schemas" / "orders", repo / "specs" / "orders")
    result = runner.invoke(app, ["diff", "--since", "HEAD", str(repo / "specs")])
    assert (result.exit_code, result.stderr.strip()) == (2, "error: specs does not exist at HEAD")


def test_since_outside_a_repository(tmp_path: Path) -> None:
    shutil.copytree(EVOLUTION / "member-removed" / "old", tmp_path / "orders")
    result = runner.invoke(app, ["diff", "--since", "HEAD", str(tmp_path / "orders")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'orders'}: not a git repository")
    assert len(result.stderr.strip().splitlines()) == 1


def test_since_a_broken_committed_spec_names_the_revision(repo: Path) -> None:
    page = repo / "schemas" / "orders" / "Orders" / "GetOrder.txt"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"HTTP Method: GET", b"HTTP Method: BREW"))
    _git(repo, "commit", "-q", "-am", "broken")
    page.write_bytes(good)
    result = runner.invoke(app, ["diff", "--since", "HEAD", str(repo / "schemas")])
    assert (result.exit_code, result.stderr.strip()) == (2, f"error: {repo / 'schemas'} at HEAD: orders/Orders/GetOrder.txt: unsupported HTTP method 'BREW'")
