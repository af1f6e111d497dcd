"""Reading help pages into the intermediate model, in Czech and English, and refusing broken ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import K2_PAGE, SCHEMAS, SPECS
from wcfgen.errors import SpecError
from wcfgen.ir import SER, Body, BodyKind, DataContract, Member, QName, SourceRef, TypeKind, TypeRef
from wcfgen.models import build_models
from wcfgen.read import read_api
from wcfgen.read.page import read_operation
from wcfgen.read.text_page import read_text_page

K2_DATA = "K2.Data"
STRING_MEMBERS = ("Direction", "Email", "EventName", "From", "Line", "Login", "Reason", "To")
PYTHON_NAMES = ("direction", "email", "event_name", "from_", "line", "login", "reason", "to")


def test_k2_page_reads_into_the_expected_operation() -> None:
    api = read_api(SCHEMAS / "k2")
    assert (api.name, api.package, api.auth) == ("k2", "k2", "k2")
    (service,) = api.services
    assert (service.name, service.python_name, service.base_url) == ("PBX", "pbx", "https://api.k2ol.cz/PBX")
    (op,) = service.operations
    assert (op.name, op.python_name, op.method) == ("NewCallEvent", "new_call_event", "POST")
    assert op.uri_template == "CallHistory/NewCallEvent"
    assert op.description == "New event to Call Center History"
    assert op.source == SourceRef("k2/PBX/NewCallEvent.txt", 1)

    request = op.request
    assert (request.kind, request.formats, request.root) == (BodyKind.DATA_CONTRACT, ("xml", "json"), QName(K2_DATA, "CallEvent"))
    assert request.xml_example is not None and request.xml_example.startswith('<CallEvent xmlns="K2.Data"> <Direction>Obsah řetězce')
    assert request.json_example is not None and request.json_example.endswith('"UniqueId":1.26743233E+15\n}')

    assert op.response == Body(
        BodyKind.PRIMITIVE,
        ("xml", "json"),
        QName(SER, "boolean"),
        TypeRef.of_primitive("boolean"),
        f'<boolean xmlns="{SER}">true</boolean>',
        "true",
        xml_line=26,  # where the examples start on the page
        json_line=28,
    )
    # the Serialization schema and the XMLSchema stub are dropped: only K2.Data remains
    assert [(doc.target_namespace, doc.source.line) for doc in api.schemas] == [(K2_DATA, 29)]


def test_k2_schema_compiles_to_plain_typed_members() -> None:
    api = build_models(read_api(SCHEMAS / "k2"))
    strings = tuple(
        Member(wire, python, K2_DATA, TypeRef.of_primitive("string"), nillable=True, required=False)
        for wire, python in zip(STRING_MEMBERS, PYTHON_NAMES, strict=True)
    )
    unique_id = Member("UniqueId", "unique_id", K2_DATA, TypeRef.of_primitive("double"), nillable=False, required=False)
    assert api.contracts == (
        DataContract(QName(K2_DATA, "CallEvent"), "CallEvent", (*strings, unique_id), SourceRef("k2/PBX/NewCallEvent.txt", 29)),
    )
    assert api.services[0].operations[0].request.type == TypeRef(TypeKind.CONTRACT, qname=QName(K2_DATA, "CallEvent"))


def test_english_rendering_reads_into_the_same_model() -> None:
    czech = build_models(read_api(SCHEMAS / "k2"))
    english = build_models(read_api(SPECS / "english"))
    assert english.contracts == tuple(
        DataContract(c.qname, c.python_name, c.members, SourceRef("english/PBX/NewCallEvent.txt", 30)) for c in czech.contracts
    )
    cz_op, en_op = czech.services[0].operations[0], english.services[0].operations[0]
    assert (en_op.method, en_op.uri_template, en_op.description) == (cz_op.method, cz_op.uri_template, cz_op.description)
    assert en_op.request.kind == cz_op.request.kind and en_op.request.type == cz_op.request.type
    assert en_op.response.type == cz_op.response.type


def _page(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines())


GET_PAGE = _page("""
    Reference for  http://host/Svc/Status
    Url: http://host/Svc/Status
    HTTP Method: GET
    | Message direction | Format | Body |
    |---|---|---|
    | Request | N/A | The Request body is empty. |
    | Response | Xml | Example |
    | Response | Json | Example |
    The following is an example response Xml body:
    <string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">String content</string>
    The following is an example response Json body:
    "String content"
""")


def test_get_page_with_empty_request_and_primitive_response() -> None:
    op = read_operation(read_text_page(GET_PAGE, "Status.txt"), "Status", "http://host/Svc").operation
    assert op.description == ""
    assert op.request == Body(BodyKind.EMPTY, description="The Request body is empty.")
    assert op.response.type == TypeRef.of_primitive("string")
    assert op.response.json_example == '"String content"'


def test_stream_row_in_czech_is_recognised() -> None:
    page = GET_PAGE.replace("| Response | Xml | Example |\n| Response | Json | Example |", "| Response | Neznámé | Tělo Odpověď představuje proud bajtů. |")
    page = page.split("The following is an example response Xml body:")[0]
    op = read_operation(read_text_page(page, "Status.txt"), "Status", "http://host/Svc").operation
    assert op.response.kind is BodyKind.STREAM


@pytest.mark.parametrize(
    ("page", "message", "line"),
    [
        ("just some text\n", "first line must end with the operation URL", 1),
        (GET_PAGE.replace("HTTP Method: GET", "HTTP Method GET"), "'HTTP Method:' line is missing", None),
        (GET_PAGE.replace("| Response | Json | Example |\n", ""), "sample blocks do not match the message table", 11),
        (GET_PAGE.replace("</string>", "</strin>"), "</string> not found", 10),
        (GET_PAGE.replace('"String content"', '"String content'), "malformed JSON example", 12),
        (GET_PAGE.replace("|---|---|---|", "|---|---|"), "rows of three cells", 4),
        (GET_PAGE.replace("http://host/Svc/Status", "http://other/Status"), "is not under the service base URL", None),
        (GET_PAGE.replace("Svc/Status", "Svc/Status/{ID"), "unsupported characters in the URI template", None),
        (GET_PAGE.replace("Svc/Status", "Svc/Status?x={A}&y={a}"), "a variable appears twice", None),
        (GET_PAGE.replace("Svc/Status", "Svc/Status?x=1"), "unsupported query part 'x=1'", None),
        (GET_PAGE.replace("<string xmlns", "<strung xmlns").replace("</string>", "</strung>"), "unknown primitive root element", 10),
    ],
)
def test_broken_pages_name_the_file_and_line(page: str, message: str, line: int | None) -> None:
    with pytest.raises(SpecError) as info:
        read_operation(read_text_page(page, "Status.txt"), "Status", "http://host/Svc")
    assert message in info.value.message
    assert (info.value.file, info.value.line) == ("Status.txt", line)


def _k2_copy(tmp_path: Path) -> Path:
    shutil.copytree(SCHEMAS / "k2", tmp_path / "k2")
    return tmp_path / "k2"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('type="xs:double"', 'type="xs:gYear"', "the schema type 'gYear' is not supported"),
        ('<xs:element name="CallEvent" nillable="true" type="tns:CallEvent" />', "", "is not declared by the page's schemas"),
        ('name="From"', 'name="Fr om"', "'Fr om' is not a valid XML name"),
        ("<xs:sequence>", "<xs:sequence><!DOCTYPE x>", "malformed XML"),
    ],
)
def test_bad_schemas_are_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    page = _k2_copy(tmp_path) / "PBX" / "NewCallEvent.txt"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SpecError, match=message):
        build_models(read_api(tmp_path / "k2"))


def test_k2_page_is_the_published_one_byte_for_byte() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "specs" / "k2" / "PBX" / "NewCallEvent.txt"
    if not shared.exists():
        pytest.skip("the shared spec folder is not beside this checkout")
    assert K2_PAGE.read_bytes() == shared.read_bytes()
