"""`wcfgen openapi`: valid OpenAPI 3.1 for every fixture spec, schemas that Mono's real wire and
every page example satisfy, deterministic JSON and YAML, the command line, and `[api] openapi`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from typer.testing import CliRunner

from tests.conftest import SCHEMAS, SPECS
from tests.interop.showcase.harness import fixture_cases
from tests.openapi_support import media, spec_folders, validator
from wcfgen.cli import app
from wcfgen.examples import BASE64_BYTES, parse_json
from wcfgen.ir import Api, Body, BodyKind, Operation, QName, Service, SourceRef, TypeKind, TypeRef, UriVariable
from wcfgen.openapi import export
from wcfgen.openapi.emit import to_yaml
from wcfgen.openapi.schemas import Schemas, is_reference, nullable
from wcfgen.pipeline import check, generate, load

runner = CliRunner()
SHOWCASE_NS = "http://schemas.contoso.com/showcase"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Api, dict[str, Any]]]:
    """Every fixture spec's model and its document, as a reader parses the JSON."""
    found = {}
    for name, folder in spec_folders(tmp_path_factory.mktemp("specs")).items():
        (api,) = load(folder)
        found[name] = (api, json.loads(export(api).text()))
    return found


def test_every_exported_document_is_valid_openapi_3_1(documents: dict[str, tuple[Api, dict[str, Any]]]) -> None:
    assert {"k2", "showcase", "shapes", "shop", "ferries", "orders", "long-names"} <= set(documents)
    for name, (_, document) in documents.items():
        assert document["openapi"] == "3.1.0", name
        validate(document)


def test_every_json_example_of_every_page_validates_against_its_schema(
    documents: dict[str, tuple[Api, dict[str, Any]]],
) -> None:
    checked = 0
    for name, (_, document) in documents.items():
        for where, media_type, content in media(document):
            if media_type != "application/json" or "examples" not in content:
                continue
            errors = [
                e.message
                for e in validator(document, content["schema"]).iter_errors(content["examples"]["helpPage"]["value"])
            ]
            assert not errors, (name, where, errors)
            checked += 1
    bodies = sum(
        body.json_example is not None
        for api, _ in documents.values()
        for service in api.services
        for op in service.operations
        for body in (op.request, op.response)
    )
    assert checked == bodies > 100  # every page's every JSON example is in a document, and was checked


def test_wcf_example_constants_become_what_the_wire_carries(documents: dict[str, tuple[Api, dict[str, Any]]]) -> None:
    """The reconstructed pages show HelpExampleGenerator's constants: byte[] as the char codes of its
    base64 text, an enum as 0 although no member is 0, "__type" with the CLR namespace."""
    api, document = documents["orders"]
    op = {op.name: op for op in api.services[0].operations}
    order = document["paths"]["/OrderService.svc/Orders"]["post"]["responses"]["200"]["content"]["application/json"]
    page = parse_json(op["CreateOrder"].response.json_example or "")
    exported = order["examples"]["helpPage"]["value"]
    assert page["Receipt"] == list(b"QmFzZSA2NCBTdHJlYW0=") and exported["Receipt"] == BASE64_BYTES == list(
        b"Base 64 Stream"
    )
    assert page["Payment"]["__type"] == "BankTransfer:#Contoso.Orders.Contracts"
    assert exported["Payment"]["__type"] == "BankTransfer:http://schemas.contoso.com/orders/2024"
    assert exported["Status"] == page["Status"] == 0  # OrderStatus declares Pending = 0: the page is right there
    customer = document["paths"]["/OrderService.svc/Customers/{ID}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]
    page = parse_json(op["GetCustomer"].response.json_example or "")
    assert (page["Kind"], customer["examples"]["helpPage"]["value"]["Kind"]) == (
        0,
        1,
    )  # CustomerKind: Retail = 1, the XML's
    as_shown = json.loads(json.dumps(page, default=float))
    assert list(validator(document, customer["schema"]).iter_errors(as_shown))  # the page's own value is refused


def _dotnet_types(api: Api) -> dict[str, TypeRef]:
    """The Showcase fixtures' .NET type names, as the model's types."""
    contracts = {c.qname.name: c.qname for c in api.contracts}
    enums = {e.qname.name: e.qname for e in api.enums}
    everything = next(c for c in api.contracts if c.qname.name == "Everything")
    members = {m.wire_name: m.type for m in everything.members}
    primitives = {
        "double": "double", "DateTime": "dateTime", "decimal": "decimal", "string": "string", "TimeSpan": "duration",
        "char": "char", "byte[]": "base64Binary", "Uri": "anyURI", "Guid": "guid", "int": "int", "long": "long",
        "ulong": "unsignedLong", "sbyte": "byte", "byte": "unsignedByte", "bool": "boolean", "DateTimeOffset": "dateTimeOffset",
    }  # fmt: skip
    types = {name: TypeRef.of_primitive(primitive) for name, primitive in primitives.items()}
    types |= {name: TypeRef(TypeKind.CONTRACT, qname=qname) for name, qname in contracts.items()}
    types |= {
        "Color": TypeRef(TypeKind.ENUM, qname=enums["Color"]),
        "Perms": TypeRef(TypeKind.FLAGS, qname=enums["Perms"]),
    }
    shapes = members["Shapes"]
    types |= {
        "List<Tag>": members["Tags"],
        "List<string>": members["Names"],
        "Dictionary<string,int>": members["Counts"],
    }
    types |= {
        "List<Shape>": shapes,
        "List<Everything>": TypeRef(TypeKind.LIST, item=types["Everything"], item_nillable=True),
    }
    return types


def _not_json(name: str) -> Any:
    raise ValueError(name)


# DataContractJsonSerializer writes any number of an enum, named or not; the schema (like the XSD,
# DataContractSerializer and the binding) admits the declared values only.
_UNDECLARED_ENUM_VALUES = {"color-undefined", "color-zero", "perms-undefined"}


def test_mono_data_contract_json_serializer_output_matches_the_exported_schemas(
    documents: dict[str, tuple[Api, dict[str, Any]]],
) -> None:
    """Every JSON fixture Mono's serializer wrote (tests/interop/showcase/fixtures) fits the schema of its type."""
    api, document = documents["showcase"]
    schemas, types = Schemas(api), _dotnet_types(api)
    checked = set()
    for case in fixture_cases():
        if case.json is None or case.name in _UNDECLARED_ENUM_VALUES:
            continue
        try:
            value = json.loads(case.json, parse_constant=_not_json)
        except ValueError:  # Mono writes NaN and INF bare, which is not JSON (and the binding refuses)
            continue
        t = types[case.type]
        schema = nullable(schemas.json(t)) if is_reference(t) else schemas.json(t)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(document, schema).iter_errors(value)]
        assert not errors, (case.name, errors)
        checked.add(case.name)
    assert (
        len(checked) > 100
        and {"anything-bytes", "anything-object", "shape-root-circle", "datetimeoffset-root"} <= checked
    )
    for name in _UNDECLARED_ENUM_VALUES:  # the exclusion above is needed, not a blanket skip
        case = next(c for c in fixture_cases() if c.name == name)
        schema = schemas.json(types[case.type])
        assert list(validator(document, schema).iter_errors(json.loads(case.json or b""))), name


def test_showcase_schemas_describe_both_wires(documents: dict[str, tuple[Api, dict[str, Any]]]) -> None:
    _, document = documents["showcase"]
    components = document["components"]["schemas"]
    everything = components["Everything"]["properties"]
    assert components["Color"] == {
        "description": f"The enum 'Color' in '{SHOWCASE_NS}'.",
        "type": "integer",
        "enum": [1, 5, 10],
        "x-enum-varnames": ["Red", "DarkGreen", "Blue"],
    }
    assert components["Color.xml"]["enum"] == ["Red", "DarkGreen", "Blue"]
    perms = components["Perms"]
    assert (perms["minimum"], perms["maximum"], perms["x-flags"]) == (
        0,
        7,
        {"None": 0, "Read": 1, "Write": 2, "Execute": 4},
    )
    assert components["Perms.xml"]["pattern"] == "^(?:(?:None|Read|Write|Execute)(?: (?:None|Read|Write|Execute))*)?$"
    assert everything["When"]["pattern"] == r"^/Date\(-?\d{1,15}([+-]([01]\d|2[0-3])[0-5]\d)?\)/$"
    assert everything["When"]["format"] == "wcf-date"
    assert everything["MaybeWhen"]["type"] == ["string", "null"]
    assert components["Everything.xml"]["properties"]["When"]["pattern"].startswith(r"^(?!0000)\d{4}-(0[1-9]|1[0-2])-")
    for name, low, high, fmt in (
        ("I8", -128, 127, "int8"),
        ("U16", 0, 65535, "uint16"),
        ("U64", 0, 2**64 - 1, "uint64"),
    ):
        assert (everything[name]["minimum"], everything[name]["maximum"], everything[name]["format"]) == (
            low,
            high,
            fmt,
        )
    assert everything["Money"]["maximum"] == 79228162514264337593543950335 == -everything["Money"]["minimum"]
    assert (
        everything["Letter"]["maxLength"] == 1
        and components["Everything.xml"]["properties"]["Letter"]["maximum"] == 65535
    )
    assert everything["Blob"]["items"]["maximum"] == 255
    assert components["Everything.xml"]["properties"]["Blob"]["contentEncoding"] == "base64"
    assert everything["Id"]["format"] == "uuid"
    assert everything["Counts"]["type"] == ["array", "null"]
    assert everything["Counts"]["items"]["required"] == ["Key", "Value"]
    assert everything["WhenOffset"]["required"] == ["DateTime", "OffsetMinutes"]
    shape = everything["Shape"]["anyOf"][0]
    assert shape["discriminator"] == {
        "propertyName": "__type",
        "mapping": {
            f"Shape:{SHOWCASE_NS}": "#/components/schemas/Shape",
            f"Circle:{SHOWCASE_NS}": "#/components/schemas/Circle",
            f"Square:{SHOWCASE_NS}": "#/components/schemas/Square",
        },
    }
    circle = components["Circle"]["properties"]
    assert list(circle) == ["__type", "Color", "Name", "Radius"]  # base members first, as on the wire
    assert circle["__type"] == {"type": "string", "const": f"Circle:{SHOWCASE_NS}"}
    names = components["Everything.xml"]["properties"]["Names"]
    assert names["xml"] == {"name": "Names", "namespace": SHOWCASE_NS, "wrapped": True}
    assert names["items"]["xml"] == {"name": "string", "namespace": ARRAYS}
    nested = components["Everything.xml"]["properties"]["Nested"]
    assert nested["xml"] == {"name": "Nested", "namespace": SHOWCASE_NS}
    assert components["Tag.xml"]["properties"]["Key"]["xml"] == {"name": "Key", "namespace": f"{SHOWCASE_NS}/extra"}


def test_operations_follow_the_stub_routes(documents: dict[str, tuple[Api, dict[str, Any]]]) -> None:
    _, document = documents["showcase"]
    paths = document["paths"]
    assert document["servers"] == [{"url": "http://127.0.0.1:8080"}]
    get_item = paths["/Showcase.svc/Items/{ID}"]["get"]
    assert [(p["name"], p["in"], p["required"]) for p in get_item["parameters"]] == [
        ("ID", "path", True), ("filter", "query", False), ("top", "query", False)
    ]  # fmt: skip
    assert set(paths["/Showcase.svc/Items/{ID}"]) == {"get", "put", "delete"}
    assert paths["/Showcase.svc/Files/{path}"]["get"]["parameters"][0]["x-wcf-wildcard"] is True
    assert get_item["operationId"] == "Showcase.GetItem" and get_item["tags"] == ["Showcase"]
    assert get_item["summary"] == "Returns the bound values as id|filter|top."
    concat = paths["/Showcase.svc/Concat"]["post"]
    xml = concat["requestBody"]["content"]["application/xml"]["schema"]
    assert xml["xml"] == {"name": "Concat", "namespace": "http://tempuri.org/"} and list(xml["properties"]) == [
        "a",
        "b",
    ]
    assert concat["requestBody"]["content"]["application/json"]["schema"]["required"] == ["b"]  # an int; a is a string
    assert concat["responses"]["200"]["content"]["application/json"]["schema"]["properties"] == {
        "ConcatResult": {"type": ["string", "null"]}
    }
    assert set(paths["/Showcase.svc/Ping"]["get"]["responses"]) == {"200", "500"}
    assert set(concat["responses"]) == {"200", "400", "413", "415", "500"}
    upload = paths["/Showcase.svc/Upload"]["post"]
    assert list(upload["requestBody"]["content"]) == ["application/octet-stream"] and "415" not in upload["responses"]
    greet = documents["shapes"][1]["paths"]["/Shapes.svc/Greeting/{NAME}/{PUNCT}"]["get"]["parameters"][0]
    assert greet["schema"] == {"type": "string", "default": "world"}
    ferries = documents["ferries"][1]["paths"]
    assert set(ferries["/Ferries.svc/"]) == {"get", "post"}  # the query-only template and the empty one


def test_the_document_is_deterministic_and_sorted(tmp_path: Path) -> None:
    texts = []
    for seed in ("1", "2"):
        out = tmp_path / f"showcase{seed}.json"
        subprocess.run(
            [sys.executable, "-m", "wcfgen", "openapi", str(SPECS / "showcase"), "-o", str(out)],
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}, cwd=tmp_path,
        )  # fmt: skip
        texts.append(out.read_bytes())
    assert texts[0] == texts[1]
    document = json.loads(texts[0])
    assert list(document["paths"]) == sorted(document["paths"])
    assert list(document["components"]["schemas"]) == sorted(document["components"]["schemas"])


def test_yaml_reads_back_as_the_json(documents: dict[str, tuple[Api, dict[str, Any]]]) -> None:
    for name in ("showcase", "orders", "k2"):
        api, document = documents[name]
        assert yaml.safe_load(export(api).text(yaml=True)) == document, name


@pytest.mark.parametrize(
    "value",
    ["yes", "No", "null", "1.5", "- a", "a: b", "#x", "", "é\u0085\u2028", "\x00\x7f\x9f\ufffe", "'\"\\", "{}", "[x]"],
)
def test_yaml_strings_and_keys_read_back_exactly(value: str) -> None:
    data = {value: [value, {"k": value}], "list": [], "map": {}, "n": [1, -0, True, None]}
    assert yaml.safe_load(to_yaml(data)) == data


def test_yaml_numbers_read_back_as_numbers() -> None:
    from decimal import Decimal

    values = [
        Decimal("1E+15"),
        Decimal("1.26743233E+15"),
        Decimal("12678967.543233"),
        Decimal("1E-7"),
        18446744073709551615,
    ]
    loaded = yaml.safe_load(to_yaml({"v": values}))["v"]
    assert loaded == [1e15, 1.26743233e15, 12678967.543233, 1e-7, 18446744073709551615]


def test_cli_prints_writes_json_or_yaml_and_refuses_ambiguity(tmp_path: Path) -> None:
    printed = runner.invoke(app, ["-q", "openapi", str(SCHEMAS)])
    assert printed.exit_code == 0 and json.loads(printed.stdout)["info"]["title"] == "K2 ERP REST API"
    done = runner.invoke(app, ["openapi", str(SPECS / "showcase"), "-o", str(tmp_path / "sc.yml")])
    assert done.exit_code == 0 and done.stdout.startswith("showcase: wrote ")
    assert yaml.safe_load((tmp_path / "sc.yml").read_text())["openapi"] == "3.1.0"
    again = runner.invoke(app, ["openapi", str(SPECS / "showcase"), "-o", str(tmp_path / "sc.yml")])
    assert "showcase: up to date" in again.stdout
    specs = tmp_path / "specs"
    for name in ("english", "shapes", "showcase"):
        shutil.copytree(SPECS / name, specs / name)
    folder = runner.invoke(app, ["openapi", str(specs), "-o", str(tmp_path / "docs")])
    assert folder.exit_code == 0, folder.output
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == [
        "k2-english.openapi.json", "shapes.openapi.json", "showcase.openapi.json"
    ]  # fmt: skip
    several = runner.invoke(app, ["openapi", str(specs)])
    assert several.exit_code == 2 and "3 APIs give 3 documents: name a folder with -o" in several.stderr
    one_file = runner.invoke(app, ["openapi", str(specs), "-o", str(tmp_path / "all.json")])
    assert one_file.exit_code == 2 and "name a folder" in one_file.stderr and not (tmp_path / "all.json").exists()
    broken = runner.invoke(app, ["openapi", str(tmp_path / "none")])
    assert broken.exit_code == 2 and broken.stderr.startswith("error: ") and "spec folder not found" in broken.stderr


def _spec_with_openapi(tmp_path: Path, value: str) -> Path:
    spec = tmp_path / "spec"
    if not spec.exists():
        shutil.copytree(SCHEMAS / "k2", spec)
    manifest = re.sub(r"(?m)^openapi = .*\n", "", (SCHEMAS / "k2" / "wcfgen.toml").read_text())
    (spec / "wcfgen.toml").write_text(manifest.replace("[api]\n", f"[api]\nopenapi = {value}\n", 1))
    return spec


def test_api_openapi_writes_the_document_with_the_package_and_check_keeps_it_in_sync(tmp_path: Path) -> None:
    spec, out = _spec_with_openapi(tmp_path, '"yaml"'), tmp_path / "out"
    result = generate(spec, out)
    assert "k2.openapi.yaml" in result.files.written
    manifest = json.loads((out / ".wcfgen-manifest.json").read_text())
    assert "k2.openapi.yaml" in manifest["files"]
    (api,) = load(spec)
    assert (out / "k2.openapi.yaml").read_text() == export(api).text(yaml=True)
    assert check(spec, out).fast
    document = out / "k2.openapi.yaml"
    document.write_text(document.read_text().replace("New event", "Old event"))
    checked = check(spec, out)
    assert not checked.fast and [(d.path, d.state) for d in checked.files] == [("k2.openapi.yaml", "changed")]
    _spec_with_openapi(tmp_path, '"json"')  # switching the format: the spec changes, so check renders
    assert {(d.path, d.state) for d in check(spec, out).files} >= {
        ("k2.openapi.yaml", "stale"),
        ("k2.openapi.json", "missing"),
    }
    generate(spec, out)
    assert not document.exists() and (out / "k2.openapi.json").is_file() and check(spec, out).fast


def test_api_openapi_must_name_a_format(tmp_path: Path) -> None:
    spec = _spec_with_openapi(tmp_path, "true")
    done = runner.invoke(app, ["generate", str(spec), "-o", str(tmp_path / "out")])
    assert done.exit_code == 2 and "api.openapi must be one of 'json', 'yaml'" in done.stderr


def test_the_exported_k2_document_names_the_real_wire() -> None:
    (api,) = load(SCHEMAS)
    document = export(api).data
    operation = document["paths"]["/PBX/CallHistory/NewCallEvent"]["post"]
    assert operation["operationId"] == "PBX.NewCallEvent"
    assert document["servers"] == [{"url": "https://api.k2ol.cz"}]
    assert document["components"]["schemas"]["CallEvent.xml"]["xml"] == {"name": "CallEvent", "namespace": "K2.Data"}
    assert QName("K2.Data", "CallEvent") in {c.qname for c in api.contracts}


def test_templates_wcf_treats_as_one_route_share_one_path() -> None:
    """``Items/{id}`` and ``Items/{key}`` are one route to WCF and to OpenAPI: the second takes the first's names."""
    empty = Body(BodyKind.EMPTY)

    def op(name: str, method: str, template: str, variable: str) -> Operation:
        return Operation(
            name,
            name.lower(),
            method,
            template,
            "",
            empty,
            empty,
            SourceRef("x", 1),
            (UriVariable(variable, variable),),
        )

    service = Service("S", "s", "http://h/S.svc", (op("Get", "GET", "Items/{id}", "id"), op("Put", "PUT", "items/{key}", "key"), op("Del", "DELETE", "Items/{key}", "key")))  # fmt: skip
    api = Api("a", "a", "A", "0" * 64, (service,))
    paths = export(api).data["paths"]
    assert sorted(paths) == ["/S.svc/Items/{id}", "/S.svc/items/{key}"]  # a path's literal case is its own
    assert set(paths["/S.svc/Items/{id}"]) == {"get", "delete"}
    assert paths["/S.svc/Items/{id}"]["delete"]["parameters"][0]["name"] == "id"
    validate(export(api).data)
