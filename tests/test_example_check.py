"""``wcfgen generate`` decodes every operation's own examples through the binding it built and
warns, one line per operation, when they do not decode or disagree beyond WCF's example
conventions (wcfgen.example_check); ``--strict`` makes that exit 1.

tests/specs/conventions is a service whose pages carry exactly the examples WCF's
HelpExampleGenerator writes (make_pages.py there): every convention, and no warning.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import SCHEMAS, SPECS
from tests.runtime.models import Color, Node
from wcfgen.cli import app
from wcfgen.conventions import UsableExamples
from wcfgen.errors import WarningsAreErrors
from wcfgen.example_check import disagreement
from wcfgen.inmemory import imported
from wcfgen.pipeline import build, check_examples, generate

CONVENTIONS = SPECS / "conventions"
runner = CliRunner()


def _examples(spec: Path, operation: str, direction: str = "response") -> tuple[Any, Any]:
    """An operation's XML and JSON examples, decoded through the generated client's codec."""
    apis, files = build(spec)
    (api,) = apis
    (op,) = [op for op in api.services[0].operations if op.name == operation]
    xml, json = UsableExamples(api).of(getattr(op, direction))  # as the check decodes them
    assert xml is not None and json is not None
    with imported(files, api.package) as package:
        client = import_module(f"{package.__name__}.{api.services[0].python_name}.client")
        const = "_" + op.python_name.upper()
        codec = getattr(client, f"{const}_REQUEST") if direction == "request" else getattr(client, const).response
        return codec.decode(xml.encode(), "xml"), codec.decode(json.encode(), "json")


def test_the_conventions_spec_decodes_and_agrees_without_a_warning(tmp_path: Path) -> None:
    assert generate(CONVENTIONS, tmp_path).warnings == ()


def test_xml_repeats_items_twice_and_json_shows_enums_as_0() -> None:
    xml, json = _examples(CONVENTIONS, "GetFareTotals")
    assert len(xml) == 2 and len(json) == 1 and xml[0] == xml[1]
    assert xml[0].total_type.name == "DEPART" and json[0].total_type.number == 0 and not json[0].total_type.declared
    assert xml[0].amount == json[0].amount == Decimal("12678967.543233")
    assert disagreement(xml, json, "ArrayOfFareTotal") is None


def test_a_known_subtype_in_xml_local_dates_bytes_as_char_codes_and_flags_as_0() -> None:
    xml, json = _examples(CONVENTIONS, "GetTraveler")
    assert type(xml.profile).__name__ == "FrequentTraveler" and type(json.profile).__name__ == "Traveler"
    assert xml.registered == datetime(1999, 5, 31, 11, 20) and xml.registered.tzinfo is None
    assert json.registered.isoformat() == "1999-05-31T11:20:00-07:00"
    assert xml.photo == b"Base 64 Stream" and json.photo == b"QmFzZSA2NCBTdHJlYW0="
    assert len(xml.rights) == 1 and json.rights == frozenset()
    assert (xml.nicknames, json.nicknames) == (["String content"] * 2, ["String content"])
    # OffsetMinutes is short's 32767 on both: no DateTimeOffset has it; both read as 11:20 at offset 0
    assert xml.boarding == json.boarding == datetime(1999, 5, 31, 11, 20, tzinfo=UTC)
    assert disagreement(xml, json, "TravelerResponse") is None


def test_dictionaries_and_lists_of_lists_repeated_in_xml_in_a_request() -> None:
    xml, json = _examples(CONVENTIONS, "SaveNotes", "request")
    assert xml.by_day == json.by_day == {"String content": "String content"}  # the same key twice in XML
    assert xml.seats == [[2147483647] * 2] * 2 and json.seats == [[2147483647]]
    assert disagreement(xml, json, "Notes") is None


@dataclass
class _Box:
    value: Any = None
    items: Any = None


@pytest.mark.parametrize(
    ("xml", "json", "found"),
    [
        (_Box(value=1), _Box(value=2), "Box.value: 1 in XML, 2 in JSON"),
        (_Box(items=[1, 2, 3]), _Box(items=[1]), "Box.items: 3 items in XML, 1 in JSON"),
        (_Box(items=[_Box(value="a")] * 2), _Box(items=[_Box(value="b")]), "Box.items[0].value: 'a' in XML, 'b' in JSON"),
        (_Box(items={"a": 1}), _Box(items={"b": 1}), "Box.items: keys ['a'] in XML, ['b'] in JSON"),
        (_Box(value=Color.RED), _Box(value=Color.GREEN), "Box.value: <Color.RED: 'Red'> in XML, <Color.GREEN: 'Grün'> in JSON"),
        (_Box(value=_Box()), _Box(value=Node()), "Box.value: _Box in XML, Node in JSON"),
        (_Box(value=datetime(2000, 1, 1, 1)), _Box(value=datetime(2000, 1, 1)), "Box.value: datetime.datetime(2000, 1, 1, 1, 0) in XML"),
    ],
)
def test_a_disagreement_names_where_and_what(xml: Any, json: Any, found: str) -> None:
    assert (disagreement(xml, json, "Box") or "").startswith(found)


def test_cyclic_values_compare_without_recursion() -> None:
    one, other = Node(name="x"), Node(name="x")
    one.parent, other.parent = one, other
    assert disagreement(one, other, "Node") is None
    other.name = "y"
    assert disagreement(one, other, "Node") == "Node.name: 'x' in XML, 'y' in JSON"


def _broken(tmp_path: Path) -> Path:
    """The conventions spec with a JSON example that disagrees and one that does not decode."""
    spec = tmp_path / "trips"
    shutil.copytree(CONVENTIONS, spec)
    fares = spec / "Trips" / "GetFareTotals.html"
    fares.write_text(fares.read_text("utf-8").replace('"Amount":12678967.543233', '"Amount":1'), "utf-8")
    traveler = spec / "Trips" / "GetTraveler.html"
    traveler.write_text(traveler.read_text("utf-8").replace('"Trips":2147483647', '"Trips":"many"'), "utf-8")
    return spec


def test_each_operation_gets_one_warning_naming_the_page_and_the_example(tmp_path: Path) -> None:
    spec = _broken(tmp_path)
    warnings = generate(spec, tmp_path / "out").warnings
    assert warnings == (
        (
            f"{spec}/Trips/GetFareTotals.html:46: Trips/GetFareTotals: the response XML and JSON examples disagree at "
            "ArrayOfFareTotal[0].amount: Decimal('12678967.543233') in XML, Decimal('1') in JSON"
        ),
        (
            f"{spec}/Trips/GetTraveler.html:68: Trips/GetTraveler: the response JSON example does not decode "
            "(Traveler.Trips: not an integer: 'many')"
        ),
    )
    assert (tmp_path / "out" / "trips" / "models.py").is_file()  # warnings write the binding


def test_strict_turns_the_warnings_into_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    spec = _broken(tmp_path)
    with pytest.raises(WarningsAreErrors) as error:
        generate(spec, tmp_path / "strict", strict=True)
    assert len(error.value.warnings) == 2 and not (tmp_path / "strict").exists()
    result = runner.invoke(app, ["generate", "--strict", str(spec), "-o", str(tmp_path / "cli")])
    assert result.exit_code == 1 and not (tmp_path / "cli").exists()
    assert result.stderr.splitlines()[:2] == [f"warning: {w}" for w in error.value.warnings]
    assert result.stderr.splitlines()[2] == "error: 2 warning(s), and with --strict a warning is an error; nothing written"
    lenient = runner.invoke(app, ["generate", str(spec), "-o", str(tmp_path / "lenient")])
    assert lenient.exit_code == 0 and lenient.stderr.count("warning: ") == 2
    broken = runner.invoke(app, ["generate", "--strict", str(tmp_path / "missing"), "-o", str(tmp_path / "x")])
    assert broken.exit_code == 2  # bad input stays 2


def test_json_examples_of_isreference_bodies_are_not_decoded(tmp_path: Path) -> None:
    """WCF's generator shows JSON for them, which DataContractJsonSerializer refuses (World's pages)."""
    apis, files = build(SPECS / "world")
    assert check_examples(apis, SPECS / "world", files) == []


def test_the_k2_examples_agree() -> None:
    apis, files = build(SCHEMAS)
    assert check_examples(apis, SCHEMAS, files) == []


def test_the_generators_placeholder_references_are_removed_and_json_left_out() -> None:
    """HelpExampleGenerator gives every IsReference object z:Id and z:Ref = "NCNameString"
    (tests.helpsite's rendering of World's Node), which DataContractSerializer cannot resolve."""
    (api,), _ = build(SPECS / "world")
    (op,) = [op for service in api.services for op in service.operations if op.name == "EchoNode"]
    ser = "http://schemas.microsoft.com/2003/10/Serialization/"
    xml = (
        f'<Node p1:Id="NCNameString" p1:Ref="NCNameString" xmlns:p1="{ser}" xmlns="http://schemas.contoso.com/world">'
        '<Name>String content</Name><Parent p1:Id="NCNameString" p1:Ref="NCNameString"><Name>x</Name></Parent></Node>'
    )
    body = dataclasses.replace(op.request, xml_example=xml, json_example='{"Name":"String content"}')
    cleaned, json = UsableExamples(api).of(body)
    assert json is None and cleaned is not None and "NCNameString" not in cleaned and "<Parent><Name>x</Name>" in cleaned
    real_ids = dataclasses.replace(body, xml_example=xml.replace("NCNameString", "i1"))
    assert UsableExamples(api).of(real_ids)[0] == real_ids.xml_example  # a serializer's ids are left as they are


def test_an_unprefixed_subtype_of_a_prefixed_member_is_read_in_the_members_namespace() -> None:
    """HelpExampleGenerator prefixes ``i:type`` only for a type of another namespace than the
    element's, so a prefixed member holding a subtype of its own namespace reads as the default
    namespace's (the scale corpus's Budget37, issue 11): qualified where only that names a type."""
    from wcfgen.conventions import _types_in_their_elements_namespace as qualify

    ns0, ns5 = "http://schemas.datacontract.org/2004/07/Scale.Ns0", "http://schemas.example.com/scale/ns5"
    xml = (
        f'<Budget37 xmlns:d1="{ns0}" i:type="d1:Account40" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns="{ns5}"><d1:Amount i:type="Account0"><d1:Key>127</d1:Key></d1:Amount><Rate>1</Rate></Budget37>'
    )
    known = {f"{{{ns0}}}Account0", f"{{{ns0}}}Account40", f"{{{ns5}}}Budget37"}

    def types(text: str | None) -> list[str]:
        assert text is not None
        return re.findall(r'i:type="([^"]*)"', text)

    assert types(qualify(xml, known)) == ["d1:Account40", "d1:Account0"]
    assert types(qualify(xml, known | {f"{{{ns5}}}Account0"})) == ["d1:Account40", "Account0"]  # the default names one
    assert types(qualify(xml, {f"{{{ns5}}}Budget37"})) == ["d1:Account40", "Account0"]  # unknown: the codec says so


def test_results_are_remembered_in_one_entry_per_binding_and_a_text_edit_decodes_one_operation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's text edited: only that operation's examples are decoded again; a corrupt entry means all."""
    from wcfgen import example_check
    from wcfgen.cache import Cache

    spec, cache = _broken(tmp_path), Cache(tmp_path / "cache", "this-generator")
    decoded: list[set[tuple[str, str]]] = []
    decode = example_check._decode
    monkeypatch.setattr(example_check, "_decode", lambda api, files, todo: decoded.append(set(todo)) or decode(api, files, todo))

    def warnings() -> list[str]:
        apis, files = build(spec)
        return example_check.check_examples(apis, [spec], files, cache)

    first = warnings()
    assert len(first) == 2 and len(decoded[0]) == 3
    entries = list((cache.root / example_check.CACHE_NAMESPACE).iterdir())
    assert len(entries) == 1  # one entry for the binding, not one per operation
    assert warnings() == first and len(decoded) == 1  # nothing decoded
    traveler = spec / "Trips" / "GetTraveler.html"
    original = traveler.read_text("utf-8")
    traveler.write_text(original.replace("A traveler: a known subtype", "A traveler, edited: a known subtype"), "utf-8")
    assert warnings() == first and len(decoded) == 1  # a description decides nothing
    traveler.write_text(original.replace('"Trips":"many"', '"Trips":2147483647'), "utf-8")
    assert warnings() == first[:1] and decoded[1] == {("Trips", "GetTraveler")}
    traveler.write_text(original, "utf-8")
    assert warnings() == first and len(decoded) == 2  # the reverted page is still remembered
    entries[0].write_text('{"not": ["a", "result"]}')
    assert warnings() == first and len(decoded[2]) == 3


def test_decoding_imports_the_clients_descriptors_not_its_classes() -> None:
    from wcfgen.example_check import _codecs_only

    apis, files = build(CONVENTIONS)
    (api,) = apis
    client = f"{api.package}/{api.services[0].python_name}/client.py"
    reduced = _codecs_only(api, files)
    assert files[client].startswith(reduced[client]) and b"\nclass " not in reduced[client]
    assert b"_client.Operation(" in reduced[client]
    # a cut that is no statement boundary (inside a string) does not compile: the whole module is kept
    note = b"\nNOTE = '''\n\n\nclass X:\n'''\nDEFAULT_BASE_URL"  # the first cut falls in a string
    opened = files[client].replace(b"\nDEFAULT_BASE_URL", note, 1)
    assert opened != files[client]
    assert _codecs_only(api, {**files, client: opened})[client] == opened


def test_the_binding_digest_changes_with_a_member_type_not_with_texts_and_places() -> None:
    """The results are remembered by the types decoding depends on: an edit to a member's type (also one
    nested in a list) decodes again; a moved contract, or an operation's description, does not."""
    from wcfgen.example_check import _binding_digest, _package_files, _plain
    from wcfgen.ir import SourceRef, TypeKind, TypeRef

    apis, files = build(CONVENTIONS)
    (api,) = apis
    package_files = _package_files(api, files)
    before = _binding_digest(api, package_files)

    def digest_with(index: int, **changes: Any) -> str:
        contracts = list(api.contracts)
        contracts[index] = dataclasses.replace(contracts[index], **changes)
        return _binding_digest(dataclasses.replace(api, contracts=tuple(contracts)), package_files)

    def member_typed(index: int, name: str, new: TypeRef) -> str:
        old = api.contracts[index].members
        members = tuple(dataclasses.replace(m, type=new) if m.wire_name == name else m for m in old)
        assert members != old
        return digest_with(index, members=members)

    (traveler,) = [i for i, c in enumerate(api.contracts) if c.qname.name == "Traveler"]
    assert member_typed(traveler, "Trips", TypeRef.of_primitive("long")) != before
    lists = [(i, m) for i, c in enumerate(api.contracts) for m in c.members if m.type.kind is TypeKind.LIST]
    (index, member), *_ = lists
    assert member.type.item is not None
    item = dataclasses.replace(member.type.item, primitive="int")
    assert member_typed(index, member.wire_name, dataclasses.replace(member.type, item=item)) != before
    assert digest_with(traveler, is_reference=True) != before
    assert digest_with(traveler, source=SourceRef("moved.xsd", 99)) == before  # a place decides nothing
    enum = api.enums[0]
    renumbered = dataclasses.replace(enum, members=(dataclasses.replace(enum.members[0], number=7), *enum.members[1:]))
    assert _binding_digest(dataclasses.replace(api, enums=(renumbered, *api.enums[1:])), package_files) != before

    op = api.services[0].operations[0]
    described = dataclasses.replace(op, description="edited", request=dataclasses.replace(op.request, description="e"))
    assert _plain(described) == _plain(op) != _plain(dataclasses.replace(op, method="PUT"))
    retyped = dataclasses.replace(op.response, type=TypeRef.of_primitive("int"))
    assert _plain(dataclasses.replace(op, response=retyped)) != _plain(op)
