"""A corpus of hostile specs: each is refused with a clear message, or generated into code
that compiles, passes the AST check, ruff and mypy --strict, and keeps the wire names exact.

No test here may create the marker file: every payload tries to.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import K2_PAGE
from wcfgen.cli import app
from wcfgen.errors import SpecError
from wcfgen.pipeline import build

MARKER = Path("/tmp/wcfgen-pwned")
PAYLOAD = "__import__('os').system('touch /tmp/wcfgen-pwned')"
BREAKOUTS = [
    f'"; {PAYLOAD}; "',
    f"'; {PAYLOAD}; '",
    f'"""; {PAYLOAD}; """',
    f"\\\"; {PAYLOAD} #",
    f"{{{PAYLOAD}}}",
    f"\n{PAYLOAD}\n",
    f"\r{PAYLOAD}\u2028{PAYLOAD}\x0c",
]
PAGE = K2_PAGE.read_text(encoding="utf-8")


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace("\n", "&#10;").replace("\r", "&#13;")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _spec(root: Path, package: str, page: str = PAGE, *, title: str = "Hostile", name: str | None = None, op: str = "NewCallEvent") -> None:
    api = root / package
    (api / "PBX").mkdir(parents=True)
    toml_str = json.dumps(title)  # a JSON string is a valid TOML basic string
    (api / "wcfgen.toml").write_text(
        f'[api]\nname = {toml_str if name is None else name}\npackage = "{package}"\ntitle = {toml_str}\n\n'
        '[services.PBX]\nbase_url = "https://api.k2ol.cz/PBX"\n',
        encoding="utf-8",
    )
    (api / "PBX" / f"{op}.txt").write_text(page, encoding="utf-8")


def _with_namespace(namespace: str) -> str:
    return PAGE.replace('"K2.Data"', f'"{_xml_attr(namespace)}"')


def _with_members(names: list[str]) -> str:
    """The CallEvent schema and examples with these member names (all strings)."""
    elements = "\n".join(f'<xs:element minOccurs="0" name="{n}" nillable="true" type="xs:string" />' for n in names)
    start, end = PAGE.index("<xs:sequence>") + len("<xs:sequence>"), PAGE.index("</xs:sequence>")
    page = PAGE[:start] + "\n" + elements + "\n" + PAGE[end:]
    xml = "".join(f"<{n}>x</{n}>" for n in names)
    old_xml = PAGE[PAGE.index('<CallEvent xmlns="K2.Data">') : PAGE.index("</CallEvent>") + len("</CallEvent>")]
    page = page.replace(old_xml, f'<CallEvent xmlns="K2.Data">{xml}</CallEvent>')
    old_json = PAGE[PAGE.index('{\n"Direction"') : PAGE.index("1.26743233E+15\n}") + len("1.26743233E+15\n}")]
    return page.replace(old_json, "{\n" + ",\n".join(f'"{n}":"x"' for n in names) + "\n}")


ODD_NAMESPACE = "K2.Data#frag?q='x'&y=(1)+[2]"
HOSTILE_MEMBERS = [
    "class", "match", "id", "ID", "Id", "self", "field", "Meta", "__init__", "Částka", "Množství", "数量", "_",
    "From", "from", "x" * 200, "dataclass", "None_",
]  # fmt: skip
GENERATED_CASES: dict[str, dict[str, Any]] = {
    # the most Python-like namespace a valid XML namespace URI can be: it stays data
    "hostile_ns": {"page": _with_namespace(ODD_NAMESPACE)},
    **{f"hostile_desc{i}": {"page": PAGE.replace("New event to Call Center History", text)} for i, text in enumerate(BREAKOUTS)},
    **{f"hostile_title{i}": {"title": text} for i, text in enumerate(BREAKOUTS)},
    "hostile_members": {"page": _with_members(HOSTILE_MEMBERS)},
    "hostile_example": {"page": PAGE.replace("Obsah řetězce</Direction>", _xml_text(BREAKOUTS[2] + '\\"') + "</Direction>")},
    "hostile_type": {"page": PAGE.replace('name="CallEvent"', 'name="Client"').replace("tns:CallEvent", "tns:Client").replace("<CallEvent xmlns", "<Client xmlns").replace("</CallEvent>", "</Client>")},
    "hostile_path": {"page": PAGE.replace("CallHistory/NewCallEvent", "Call'History/New(Call)Event;x=1")},
    "hostile_op_close": {"op": "close"},
    "hostile_op_class": {"op": "class"},
    "hostile_op_detailed": {"op": "detailed"},  # the clients' view of whole responses
    "hostile_var_timeout": {"page": PAGE.replace("CallHistory/NewCallEvent", "CallHistory/{timeout}")},  # an option
    "hostile_type_view": {"page": PAGE.replace('name="CallEvent"', 'name="DetailedClient"').replace("tns:CallEvent", "tns:DetailedClient").replace("<CallEvent xmlns", "<DetailedClient xmlns").replace("</CallEvent>", "</DetailedClient>")},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    MARKER.unlink(missing_ok=True)
    root = tmp_path_factory.mktemp("hostile")
    for package, case in GENERATED_CASES.items():
        _spec(root / "schemas", package, **case)
    result = CliRunner().invoke(app, ["generate", str(root / "schemas"), "-o", str(root / "out")])
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(root / "out"))
    yield root / "out"
    sys.path.remove(str(root / "out"))
    assert not MARKER.exists()


def test_hostile_specs_generate_code_that_passes_ruff_and_mypy(generated: Path) -> None:
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "E4,E7,E9,F,B", str(generated)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--no-cache", "--check", str(generated)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert formatted.returncode == 0, formatted.stdout  # quotes in every string the formatter would touch
    packages = [arg for package in GENERATED_CASES for arg in ("-p", package)]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(generated.parent / "mypy"), *packages],
        capture_output=True, text=True, check=False, cwd=generated,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout
    assert not MARKER.exists()


def test_odd_namespaces_stay_data_on_the_wire(generated: Path) -> None:
    models = importlib.import_module("hostile_ns.models")
    runtime = importlib.import_module("hostile_ns._runtime")
    codec = runtime.ContractCodec(models.CallEvent)
    event = models.CallEvent(direction="x", unique_id=1.5)
    assert models.CallEvent.Meta.namespace == ODD_NAMESPACE
    for wire_format in ("xml", "json"):
        assert codec.decode(codec.encode(event, wire_format), wire_format) == event
    assert codec.encode(event, "xml").startswith(f'<CallEvent xmlns="{_xml_attr(ODD_NAMESPACE)}"'.encode())


def test_hostile_descriptions_and_titles_become_docstrings(generated: Path) -> None:
    for index, text in enumerate(BREAKOUTS):
        client = importlib.import_module(f"hostile_desc{index}.pbx.client")
        doc = client.Client.new_call_event.__doc__
        assert PAYLOAD in doc  # kept as text, escaped
        assert importlib.import_module(f"hostile_title{index}").__doc__.startswith("Typed binding of the")
    assert not MARKER.exists()


def test_hostile_member_names_get_unique_python_names_and_exact_wire_names(generated: Path) -> None:
    models = importlib.import_module("hostile_members.models")
    runtime = importlib.import_module("hostile_members._runtime")
    fields = models.CallEvent.__dataclass_fields__
    python_names = list(fields)
    assert python_names[:15] == [
        "class_", "match_", "id_", "id_2", "id_3", "self_", "field_", "meta", "init", "castka", "mnozstvi",
        "field_2", "field_3", "from_", "from_2",
    ]  # fmt: skip
    assert len(python_names[15]) == 80
    assert [f.metadata["name"] for f in fields.values()] == HOSTILE_MEMBERS
    event = models.CallEvent(**{name: f"v{i}" for i, name in enumerate(python_names)})
    codec = runtime.ContractCodec(models.CallEvent)
    xml = codec.encode(event, "xml").decode()
    for i, wire in enumerate(HOSTILE_MEMBERS):
        assert f"<{wire}>v{i}</{wire}>" in xml
        assert f'"{wire}":"v{i}"' in codec.encode(event, "json").decode()
    assert codec.decode(xml.encode(), "xml") == event


def test_hostile_type_and_operation_names_do_not_shadow_generated_names(generated: Path) -> None:
    assert importlib.import_module("hostile_type.models").Client_.Meta.name == "Client"
    assert importlib.import_module("hostile_type.pbx").Client.__name__ == "Client"
    assert hasattr(importlib.import_module("hostile_op_close.pbx").Client, "close_")
    assert hasattr(importlib.import_module("hostile_op_class.pbx").Client, "class_")
    detailed = importlib.import_module("hostile_op_detailed.pbx").Client
    assert hasattr(detailed, "detailed_") and isinstance(detailed.__dict__["detailed"], functools.cached_property)
    timeout = importlib.import_module("hostile_var_timeout.pbx").Client.new_call_event
    assert list(inspect.signature(timeout).parameters) == ["self", "timeout_", "call_event", "options"]
    assert importlib.import_module("hostile_type_view.models").DetailedClient_.Meta.name == "DetailedClient"
    operation = importlib.import_module("hostile_path.pbx.client")._NEW_CALL_EVENT
    assert operation.path == "Call'History/New(Call)Event;x=1"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        *[({"page": _with_namespace("K2" + text)}, "is not a valid URI") for text in BREAKOUTS],
        ({"page": _with_members(['a"b'])}, "malformed XML"),
        ({"page": PAGE.replace('name="From"', 'name="a:b"')}, "'a:b' is not a valid XML name"),
        ({"page": PAGE.replace('name="From"', 'name="a&#10;b"')}, "is not a valid XML name"),
        ({"page": _with_members(["1abc"])}, "malformed XML"),
        ({"page": PAGE.replace("CallHistory/NewCallEvent", 'CallHistory/New"Call')}, "unsupported characters in the URI template"),
        ({"page": PAGE.replace("CallHistory/NewCallEvent", "CallHistory/New\\Call")}, "unsupported characters in the URI template"),
        ({"op": "New-Call"}, "a page's file name must be its operation name"),
        ({"page": PAGE.replace("<xs:sequence>", '<xs:sequence><xs:element name="X" type="xs:string"><xs:complexType/></xs:element>')}, "a member must have exactly one type"),
        ({"page": PAGE.replace('targetNamespace="K2.Data"', 'targetNamespace="K2.Data" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd"/><x')}, "malformed XML|not supported|cannot compile"),
        ({"page": PAGE.replace("<xs:sequence>", "<!DOCTYPE x><xs:sequence>")}, "malformed XML"),
        # xsdata only warns about a value it cannot convert, and goes on (the fuzzer found it)
        ({"page": PAGE.replace('nillable="true"', 'nillable="tr e"')}, r"cannot compile schema: ConverterWarning: .* `tr e` is not a valid `bool`$"),
    ],
)
def test_hostile_specs_that_cannot_be_made_safe_are_refused(tmp_path: Path, case: dict[str, Any], message: str) -> None:
    _spec(tmp_path, "refused", **case)
    with pytest.raises(SpecError, match=message):
        build(tmp_path)
    assert not MARKER.exists()
