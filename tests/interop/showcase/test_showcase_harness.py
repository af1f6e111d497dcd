"""Proves the Showcase WCF peer works, with plain httpx (no generated code), and pins down what
Mono's WCF WebHttp stack (Mono 6.8, Debian 12) really sends and accepts, per operation shape
and per data-contract type. README.md in this folder summarizes the findings.

Two sources of truth are checked against each other here:
* fixtures/ (written by make_spec.py from Mono's DataContractSerializer/DataContractJsonSerializer);
* the running host (ShowcaseHost.cs): the Echo operations must send those exact bytes back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.interop.hostkit import MONO_FAULT
from tests.interop.hostkit import assert_ok as _assert_ok
from tests.interop.showcase import make_spec, toolchain
from tests.interop.showcase.harness import (
    JSON_CT,
    XML_CT,
    DcsError,
    DcsTool,
    FixtureCase,
    Format,
    ShowcaseHost,
    download_bytes,
    fixture,
    fixture_cases,
)
from wcfgen.read.text_page import read_text_page

pytestmark = pytest.mark.interop

RAW_CT = "application/octet-stream"
SER = 'xmlns="http://schemas.microsoft.com/2003/10/Serialization/"'
NIL = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
EXTRA = 'xmlns="http://schemas.contoso.com/showcase/extra"'
TAG_XML = f"<Tag {EXTRA}><Key>k</Key><Weight>1</Weight></Tag>".encode()

# The 404 for a URI no operation matches: an XML nil anyType, whatever the endpoint's format.
MONO_NOT_FOUND = (
    f'<z:anyType i:nil="true" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" {NIL}/>'.encode()
)

# Which Echo operation takes each fixture type.
ECHO_PATHS = {
    "Everything": "Echo",
    "List<Everything>": "EchoMany",
    "List<Tag>": "Echo/Tags",
    "List<string>": "Echo/Strings",
    "Dictionary<string,int>": "Echo/Counts",
    "int": "Echo/Int",
    "long": "Echo/Long",
    "string": "Echo/String",
    "double": "Echo/Double",
    "decimal": "Echo/Decimal",
    "bool": "Echo/Bool",
    "DateTime": "Echo/DateTime",
    "Guid": "Echo/Guid",
    "TimeSpan": "Echo/Duration",
    "char": "Echo/Char",
}


def _ct(fmt: Format) -> str:
    return XML_CT if fmt == "xml" else JSON_CT


def _assert_fault(host: ShowcaseHost, response: httpx.Response, exception: str, message: str) -> None:
    # Faults are XML on both endpoints, and Mono closes the connection after them.
    assert (response.status_code, response.reason_phrase) == (500, "Internal Server Error")
    assert response.headers["content-type"] == XML_CT
    assert response.headers["connection"] == "close"
    assert response.content == MONO_FAULT
    [error] = host.errors()
    assert (error.type, message in error.message) == (exception, True), error


def _assert_dropped(host: ShowcaseHost, response: httpx.Response, exception: str) -> None:
    # Mono fails in its channel layer: a bare "200 OK", no Content-Type, no body.
    assert (response.status_code, response.reason_phrase, response.content) == (200, "OK", b"")
    assert "content-type" not in response.headers
    assert [e.type for e in host.errors()] == [exception]


# --------------------------------------------------------------------------- fixtures == wire


@dataclass(frozen=True)
class Fault:
    exception: str
    message: str  # a part of the exception message


@dataclass(frozen=True)
class Dropped:
    exception: str


@dataclass(frozen=True)
class Answer:
    body: bytes


# Where Mono does not send a fixture straight back. Everything else echoes byte for byte.
NO_ECHO: dict[tuple[str, Format], Fault | Dropped | Answer] = {
    # Mono's JSON messages pass through an XML writer: JSON strings with control characters or
    # lone surrogates cannot be received at all ("\u0000" is default(char): any Everything with
    # an unset Letter!). .NET has no such limit.
    ("everything-minimal", "json"): Fault("System.ArgumentException", "hexadecimal value 0x00"),
    ("char-nul", "json"): Fault("System.ArgumentException", "hexadecimal value 0x00"),
    ("string-control", "json"): Fault("System.ArgumentException", "hexadecimal value 0x01"),
    ("char-lone-surrogate", "json"): Fault("System.ArgumentException", "surrogate"),
    ("string-lone-surrogate", "json"): Fault("System.ArgumentException", "surrogate"),
    # DCS writes &#x1; but Mono's WCF reader refuses it (XML 1.0 forbids it): dropped request.
    ("string-control", "xml"): Dropped("System.Xml.XmlException"),
    # CR does not survive Mono's readers (same as in the K2 harness): &#xD; becomes LF in XML,
    # "\r" becomes "\n" in JSON.
    ("string-whitespace", "xml"): Answer(f"<string {SER}> \t\n </string>".encode()),
    ("string-whitespace", "json"): Answer(b'" \\t\\n\\n "'),
    # Enum and collection values in an object member: DCS writes them (the member types are
    # known while writing) but cannot read them back (they are not known types of Everything).
    ("anything-color", "xml"): Fault("System.Runtime.Serialization.SerializationException", "Color"),
    ("anything-perms", "xml"): Fault("System.Runtime.Serialization.SerializationException", "Perms"),
    ("anything-list-string", "xml"): Fault("System.Runtime.Serialization.SerializationException", "ArrayOfstring"),
}


def _echo_params() -> list[object]:
    return [
        pytest.param(case, fmt, id=f"{case.name}-{fmt}")
        for case in fixture_cases()
        if case.type in ECHO_PATHS
        for fmt in ("xml", "json")
        if case.body(fmt) is not None
    ]


@pytest.mark.parametrize(("case", "fmt"), _echo_params())
def test_host_echoes_each_fixture_byte_for_byte(showcase: ShowcaseHost, case: FixtureCase, fmt: Format) -> None:
    body = case.body(fmt)
    assert body is not None

    response = showcase.post(ECHO_PATHS[case.type], body, _ct(fmt), answers=fmt)

    [received] = showcase.received()
    assert (received.method, received.path) == (
        "POST",
        f"/Showcase{'Json' if fmt == 'json' else ''}.svc/{ECHO_PATHS[case.type]}",
    )
    assert (received.content_type, received.body, received.query) == (_ct(fmt), body, "")
    expected = NO_ECHO.get((case.name, fmt))
    if isinstance(expected, Fault):
        _assert_fault(showcase, response, expected.exception, expected.message)
    elif isinstance(expected, Dropped):
        _assert_dropped(showcase, response, expected.exception)
    else:
        _assert_ok(response, fmt, expected.body if expected else body)
        assert showcase.errors() == []


# XML in, JSON out: the JSON fixture of the same value, except where XML cannot carry the
# value the JSON fixture was made from.
XML_TO_JSON_DIFFERS = {
    "string-lone-surrogate": b'"a\xef\xbf\xbdb"',  # the XML fixture already holds U+FFFD
    "string-whitespace": b'" \\t\\n "',  # CR lost while reading
}
XML_TO_JSON_FAILS = {
    "string-control",
    "anything-color",
    "anything-perms",
    "anything-list-string",
    "char-nul",
    "char-lone-surrogate",
}


def _cross_params() -> list[object]:
    return [
        pytest.param(case, id=case.name)
        for case in fixture_cases()
        if case.type in ECHO_PATHS
        and case.xml is not None
        and case.json is not None
        and case.name not in XML_TO_JSON_FAILS
    ]


@pytest.mark.parametrize("case", _cross_params())
def test_xml_request_json_response_matches_the_json_fixture(showcase: ShowcaseHost, case: FixtureCase) -> None:
    # Proves each pair of fixtures is one value: XML is lossless, so Mono's JSON answer to the
    # XML fixture must be the JSON fixture.
    assert case.xml is not None
    response = showcase.post(ECHO_PATHS[case.type], case.xml, XML_CT, answers="json")

    _assert_ok(response, "json", XML_TO_JSON_DIFFERS.get(case.name, case.json or b""))


def test_json_to_xml_loses_sub_millisecond_ticks(showcase: ShowcaseHost) -> None:
    # JSON dates carry whole milliseconds: everything.json's When (…30.1234567Z) comes back
    # as …30.123Z; every other member survives.
    everything = fixture("everything")
    assert everything.xml is not None and everything.json is not None

    response = showcase.post("Echo", everything.json, JSON_CT, answers="xml")

    expected = everything.xml.replace(
        b"<When>2024-05-01T10:20:30.1234567Z</When>", b"<When>2024-05-01T10:20:30.123Z</When>"
    )
    assert expected != everything.xml
    _assert_ok(response, "xml", expected)


@pytest.mark.parametrize(
    ("case", "xml_type"),
    [
        ("anything-int", 'i:type="a:int" xmlns:a="http://www.w3.org/2001/XMLSchema">42<'),
        ("anything-long", 'i:type="a:int" xmlns:a="http://www.w3.org/2001/XMLSchema">42<'),
        ("anything-double", 'i:type="a:decimal" xmlns:a="http://www.w3.org/2001/XMLSchema">0.5<'),
        ("anything-bool", 'i:type="a:boolean" xmlns:a="http://www.w3.org/2001/XMLSchema">true<'),
        ("anything-char", 'i:type="a:string" xmlns:a="http://www.w3.org/2001/XMLSchema">a<'),
        ("anything-guid", 'i:type="a:string" xmlns:a="http://www.w3.org/2001/XMLSchema">1627aea5-'),
        ("anything-datetime", 'i:type="a:string" xmlns:a="http://www.w3.org/2001/XMLSchema">/Date(1714558830000)/<'),
        (
            "anything-bytes",
            'i:type="a:ArrayOfanyType" xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">',
        ),
        ("anything-tag", 'i:type="a:Tag" xmlns:a="http://schemas.contoso.com/showcase/extra">'),
        ("anything-circle", 'i:type="Circle">'),
    ],
)
def test_json_object_member_type_is_inferred_from_the_token(showcase: ShowcaseHost, case: str, xml_type: str) -> None:
    # JSON has no type hints for primitives: DCJS makes integers int (long when too big),
    # other numbers decimal, every string a string (dates and GUIDs too), arrays object[].
    # Only complex values keep their type, through "__type".
    body = fixture(case).json
    assert body is not None

    response = showcase.post("Echo", body, JSON_CT, answers="xml")

    assert response.status_code == 200
    assert f"<Anything {xml_type}".encode() in response.content


# --------------------------------------------------------------------------- URI templates


@pytest.mark.parametrize(
    ("path", "answer", "note"),
    [
        ("Items/abc?filter=x%20y&top=3", "abc|x y|3", "abc|x y|3"),
        ("Items/abc?top=3", "abc|<null>|3", None),  # absent query variable: null / 0
        ("Items/abc", "abc|<null>|0", None),
        ("Items/abc?filter=&top=3", "abc||3", None),  # present but empty: ""
        ("Items/abc?top=1&filter", "abc|<null>|1", None),  # no "=": absent
        ("Items/%C3%A9%20x?filter=%C3%A9&top=-1", "é x|é|-1", None),  # path and query percent-decoded as UTF-8
        ("Items/abc?top=%2B5", "abc|<null>|5", None),
        ("Items/abc?filter=a+b&top=1", "abc|a+b|1", None),  # "+" is NOT a space (.NET: space)
        ("Items/abc?filter=%26%3D%2B&top=1", "abc||1", None),  # Mono decodes before splitting: "&=" break the value
        ("Items/abc?TOP=4&Filter=z", "abc|<null>|0", None),  # query names are case-sensitive (.NET: insensitive)
        ("Items/abc?top=1&filter=x&extra=1", "abc|x|1", None),  # unknown query variables ignored
    ],
)
def test_get_binds_path_and_query_variables(showcase: ShowcaseHost, path: str, answer: str, note: str | None) -> None:
    response = showcase.get(path)

    _assert_ok(response, "xml", f"<string {SER}>{_xml_text(answer)}</string>".encode())
    [received] = showcase.received()
    assert (received.method, received.operation, received.body, received.content_type) == ("GET", "GetItem", None, None)
    assert received.note == answer
    assert received.query == (path.split("?", 1)[1] if "?" in path else "")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    ("path", "exception"),
    [
        ("Items/abc?top=abc", "System.FormatException"),  # QueryStringConverter
        ("Items/abc?top=", "System.FormatException"),
        ("Items/abc?top=5&top=6", "System.FormatException"),  # a repeated variable
    ],
)
def test_bad_query_values_fault(showcase: ShowcaseHost, path: str, exception: str) -> None:
    response = showcase.get(path)

    assert (response.status_code, response.content) == (500, MONO_FAULT)
    assert [e.type for e in showcase.errors()] == [exception]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("Files/a/b/c.txt", "a/b/c.txt"),
        ("Files/a%20b/c%2Bd.txt", "a b/c+d.txt"),  # each segment percent-decoded
        ("Files/", ""),
    ],
)
def test_wildcard_path(showcase: ShowcaseHost, path: str, value: str) -> None:
    # The host answers what .NET binds to {*path}; Mono itself binds the whole relative path
    # ("Files/a/b/c.txt"), which the note shows.
    response = showcase.get(path)

    _assert_ok(response, "xml", f"<string {SER}>{value}</string>".encode() if value else f"<string {SER}/>".encode())
    [received] = showcase.received()
    assert received.note is not None and received.note.startswith("Files/")


@pytest.mark.parametrize(
    "path",
    [
        "Files",  # .NET matches {*path} with an empty value; Mono does not
        "ping",  # literal segments are case-sensitive (.NET: insensitive)
        "Items/abc/",  # a trailing slash
        "Items/a%2Fb",  # %2F is decoded before matching: "Items/a/b"
        "Nope",
    ],
)
def test_unmatched_uri_is_404(showcase: ShowcaseHost, path: str) -> None:
    response = showcase.get(path)

    assert (response.status_code, response.headers["content-type"], response.content) == (404, XML_CT, MONO_NOT_FOUND)
    assert [e.type for e in showcase.errors()] == ["System.ServiceModel.EndpointNotFoundException"]


def test_method_selects_among_operations_with_the_same_template(showcase: ShowcaseHost) -> None:
    tag = fixture("tag").xml
    assert tag is not None

    put = showcase.http.put(showcase.url("Items/k%C3%A9"), content=tag, headers={"Content-Type": XML_CT})
    delete = showcase.http.delete(showcase.url("Items/k1", "json"))

    _assert_ok(put, "xml", f"<Tag {EXTRA} {NIL}><Key>ké:k</Key><Weight>2</Weight></Tag>".encode())
    # void: 200, the endpoint's Content-Type, Content-Length 0
    _assert_ok(delete, "json", b"")
    assert delete.headers["content-length"] == "0"
    assert [(r.method, r.operation, r.note) for r in showcase.received()] == [
        ("PUT", "PutItem", "ké|" + tag.decode()),
        ("DELETE", "DeleteItem", "k1"),
    ]


def test_method_is_not_checked_when_only_one_operation_matches(showcase: ShowcaseHost) -> None:
    # Mono dispatches on the URI alone then (.NET answers 405): GET Echo runs Echo(null).
    response = showcase.get("Echo")

    _assert_ok(
        response, "xml", f'<Everything i:nil="true" xmlns="http://schemas.contoso.com/showcase" {NIL}/>'.encode()
    )
    [received] = showcase.received()
    assert (received.method, received.operation) == ("GET", "Echo")


# --------------------------------------------------------------------------- void, streams


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_void_operations_answer_an_empty_body(showcase: ShowcaseHost, fmt: Format) -> None:
    body = TAG_XML if fmt == "xml" else b'{"Key":"k","Weight":1}'

    void = showcase.post("Void", body, _ct(fmt), answers=fmt)
    ping = showcase.get("Ping", answers=fmt)

    for response in (void, ping):
        _assert_ok(response, fmt, b"")
        assert response.headers["content-length"] == "0"
    tag = f"<Tag {EXTRA} {NIL}><Key>k</Key><Weight>1</Weight></Tag>"
    assert [(r.operation, r.note) for r in showcase.received()] == [("Void", tag), ("Ping", "")]


@pytest.mark.parametrize("content_type", [RAW_CT, "text/plain", "image/png", "application/octet-stream; x=1"])
def test_upload_takes_any_raw_content_type(showcase: ShowcaseHost, content_type: str) -> None:
    data = bytes(range(256)) * 3 + b"\r\n\x00"

    response = showcase.post("Upload", data, content_type)

    answer = f"{len(data)}:{hashlib.sha256(data).hexdigest()}"
    _assert_ok(response, "xml", f"<string {SER}>{answer}</string>".encode())
    [received] = showcase.received()
    assert (received.content_type, received.body, received.note) == (content_type, data, answer)


def test_upload_of_an_empty_body(showcase: ShowcaseHost) -> None:
    response = showcase.post("Upload", b"", RAW_CT, answers="json")

    _assert_ok(response, "json", f'"0:{hashlib.sha256(b"").hexdigest()}"'.encode())


@pytest.mark.parametrize(
    ("content_type", "exception"),
    [
        (XML_CT, "System.Runtime.Serialization.SerializationException"),  # WCF tries to read a Stream data contract
        (JSON_CT, "System.ArgumentException"),
    ],
)
def test_upload_needs_a_raw_content_type(showcase: ShowcaseHost, content_type: str, exception: str) -> None:
    response = showcase.post("Upload", b"<a/>" if content_type == XML_CT else b"{}", content_type)

    assert (response.status_code, response.content) == (500, MONO_FAULT)
    assert [e.type for e in showcase.errors()] == [exception]


@pytest.mark.parametrize(("fmt", "name", "raw"), [("xml", "n%C3%A9", "né"), ("json", "a%20b", "a b")])
def test_download_streams_raw_bytes_on_both_endpoints(showcase: ShowcaseHost, fmt: Format, name: str, raw: str) -> None:
    response = showcase.get(f"Download/{name}", answers=fmt)

    assert (response.status_code, response.headers["content-type"]) == (200, RAW_CT)
    assert response.content == download_bytes(raw)
    [received] = showcase.received()
    assert (received.operation, received.note) == ("Download", raw)


@pytest.mark.parametrize(
    ("content_type", "outcome"),
    [
        ("text/xml", "fault"),  # anything but */xml, */json is "Raw", which only Stream parameters take
        ("application/atom+xml", "fault"),
        ("text/json", "fault"),
        ("application/xml", "ok"),  # charset optional
        ("application/xml; charset=utf-8", "ok"),
    ],
)
def test_request_content_types(showcase: ShowcaseHost, content_type: str, outcome: str) -> None:
    response = showcase.post("Void", TAG_XML, content_type)

    if outcome == "ok":
        _assert_ok(response, "xml", b"")
    else:
        _assert_fault(showcase, response, "System.NotImplementedException", "Raw")


def test_accept_header_is_ignored(showcase: ShowcaseHost) -> None:
    response = showcase.http.post(
        showcase.url("Echo/Int"), content=b"5", headers={"Content-Type": JSON_CT, "Accept": "application/json"}
    )

    _assert_ok(response, "xml", f"<int {SER}>5</int>".encode())


def test_xml_body_with_declaration_bom_comment_and_cdata(showcase: ShowcaseHost) -> None:
    body = (
        b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><!-- c -->'
        b'<Tag xmlns="http://schemas.contoso.com/showcase/extra"><Key><![CDATA[<k>]]></Key><Weight> 7 </Weight></Tag>'
    )

    response = showcase.http.put(showcase.url("Items/i"), content=body, headers={"Content-Type": XML_CT})

    _assert_ok(response, "xml", f"<Tag {EXTRA} {NIL}><Key>i:&lt;k&gt;</Key><Weight>8</Weight></Tag>".encode())


# --------------------------------------------------------------------------- wrapped


@pytest.mark.parametrize(
    ("fmt", "body", "answer"),
    [
        ("xml", b'<Concat xmlns="http://tempuri.org/"><a>x</a><b>1</b></Concat>', "x1"),
        # order-sensitive like every DataContractSerializer read: "a" after "b" is skipped
        ("xml", b'<Concat xmlns="http://tempuri.org/"><b>1</b><a>x</a></Concat>', "<null>1"),
        ("xml", b'<Concat xmlns="http://tempuri.org/"/>', "<null>0"),
        ("json", b'{"a":"x","b":1}', "x1"),
        ("json", b'{"b":2,"zz":[1],"a":"y"}', "y2"),  # JSON: any order, unknown members skipped
        ("json", b"{}", "<null>0"),
    ],
)
def test_wrapped_request_and_response(showcase: ShowcaseHost, fmt: Format, body: bytes, answer: str) -> None:
    response = showcase.post("Concat", body, _ct(fmt), answers=fmt)

    if fmt == "xml":
        text = _xml_text(answer)
        expected = f'<ConcatResponse xmlns="http://tempuri.org/"><ConcatResult>{text}</ConcatResult></ConcatResponse>'
    else:
        expected = f'{{"ConcatResult":"{answer}"}}'
    _assert_ok(response, fmt, expected.encode())
    [received] = showcase.received()
    assert (received.operation, received.note) == ("Concat", answer)


@pytest.mark.parametrize(
    ("fmt", "body", "expected"),
    [
        ("xml", b'<Sum xmlns="http://tempuri.org/"><x>1</x><y>2</y></Sum>', f"<int {SER}>3</int>".encode()),
        ("json", b'{"y":2,"x":1}', b"3"),
    ],
)
def test_wrapped_request_bare_response(showcase: ShowcaseHost, fmt: Format, body: bytes, expected: bytes) -> None:
    _assert_ok(showcase.post("Sum", body, _ct(fmt), answers=fmt), fmt, expected)


def test_wrapped_request_with_the_wrong_wrapper_faults(showcase: ShowcaseHost) -> None:
    response = showcase.post("Concat", b'<Concat xmlns="urn:wrong"><a>x</a></Concat>', XML_CT)

    _assert_fault(showcase, response, "System.Runtime.Serialization.SerializationException", "Concat")


# --------------------------------------------------------------------------- what Mono reads


S, C = SER, 'xmlns="http://schemas.contoso.com/showcase"'


def _x(tag: str, text: str, ns: str = S) -> bytes:
    return f"<{tag} {ns}>{text}</{tag}>".encode()


# (type, format, input, what Mono writes back after reading it | the read error's type)
ERR = "System.Runtime.Serialization.SerializationException"
READS: list[tuple[str, Format, bytes, bytes | str]] = [
    # DateTime, XML: the suffix decides the Kind; other offsets are converted to local time
    ("DateTime", "xml", _x("dateTime", "2024-05-01T10:20:30"), _x("dateTime", "2024-05-01T10:20:30")),
    ("DateTime", "xml", _x("dateTime", "2024-05-01T10:20:30+05:00"), _x("dateTime", "2024-05-01T07:20:30+02:00")),
    ("DateTime", "xml", _x("dateTime", "2024-05-01"), _x("dateTime", "2024-05-01T00:00:00")),
    (
        "DateTime",
        "xml",
        _x("dateTime", "2024-05-01T10:20:30.12345678Z"),
        _x("dateTime", "2024-05-01T10:20:30.1234568Z"),
    ),
    ("DateTime", "xml", _x("dateTime", "2024-05-01T10:20Z"), ERR),
    # DateTime, JSON: any offset suffix means Local (its value is ignored); "/" need not be escaped
    ("DateTime", "json", b'"/Date(1714558830123)/"', b'"\\/Date(1714558830123)\\/"'),
    ("DateTime", "json", b'"\\/Date(1714558830123+0000)\\/"', b'"\\/Date(1714558830123+0200)\\/"'),
    ("DateTime", "json", b'"\\/Date(1714558830123-0800)\\/"', b'"\\/Date(1714558830123+0200)\\/"'),
    ("DateTime", "json", b'"2024-05-01T10:20:30Z"', ERR),
    # double
    ("double", "xml", _x("double", "1e5"), _x("double", "100000")),
    ("double", "xml", _x("double", "Infinity"), _x("double", "INF")),
    ("double", "xml", _x("double", "inf"), ERR),
    ("double", "xml", _x("double", "-0"), _x("double", "0")),  # the sign of zero is lost
    ("double", "xml", _x("double", "1e400"), ERR),
    ("double", "json", b"NaN", b"NaN"),  # bare NaN/INF/-INF/Infinity: not JSON, but read and written
    ("double", "json", b"Infinity", b"INF"),
    ("double", "json", b'"1.5"', b"1.5"),  # numbers may be strings
    ("double", "json", b"+1", ERR),
    # integers, bool
    ("int", "json", b'"42"', b"42"),
    ("int", "json", b"4.2e1", b"42"),
    ("int", "xml", _x("int", "42.0"), ERR),
    ("int", "xml", _x("int", " +42 "), _x("int", "42")),
    ("bool", "xml", _x("boolean", "1"), _x("boolean", "true")),
    ("bool", "xml", _x("boolean", "True"), ERR),
    ("bool", "json", b'"true"', b"true"),
    ("bool", "json", b"1", b"true"),
    # decimal: no exponent in XML, exponent fine in JSON; trailing zeros are kept
    ("decimal", "xml", _x("decimal", "1e3"), ERR),
    ("decimal", "json", b"1e3", b"1000"),
    ("decimal", "json", b"1.10", b"1.10"),
    # enums: XML takes only the EnumMember value, JSON only the number (any number)
    ("Color", "xml", _x("Color", "DarkGreen", C), _x("Color", "DarkGreen", C)),
    ("Color", "xml", _x("Color", "Green", C), ERR),
    ("Color", "xml", _x("Color", "5", C), ERR),
    ("Color", "json", b"3", b"3"),
    ("Color", "json", b'"DarkGreen"', ERR),
    ("Perms", "xml", _x("Perms", "Write  Read", C), _x("Perms", "Read Write", C)),
    ("Perms", "xml", _x("Perms", "", C), _x("Perms", "None", C)),
    ("Perms", "xml", _x("Perms", "Read,Write", C), ERR),
    # char: XML the UTF-16 code as a number, JSON a one-character string
    ("char", "xml", _x("char", "a"), ERR),
    ("char", "json", b"97", ERR),
    # Guid, TimeSpan, byte[], Uri
    (
        "Guid",
        "xml",
        _x("guid", "{1627AEA5-8E0A-4371-9022-9B504344E724}"),
        _x("guid", "1627aea5-8e0a-4371-9022-9b504344e724"),
    ),
    ("TimeSpan", "xml", _x("duration", "P1Y"), _x("duration", "P365D")),
    ("TimeSpan", "json", b'"01:00:00"', ERR),
    ("byte[]", "json", b'"AQID"', ERR),
    ("byte[]", "xml", _x("base64Binary", "AQI D"), _x("base64Binary", "AQID")),
    ("Uri", "xml", _x("anyURI", "a b"), _x("anyURI", "a%20b")),
    # members: order-sensitive in XML (out-of-order members are dropped), any order in JSON
    (
        "Tag",
        "xml",
        f"<Tag {EXTRA}><Weight>1</Weight><Key>k</Key></Tag>".encode(),
        f'<Tag {EXTRA} {NIL}><Key i:nil="true"/><Weight>1</Weight></Tag>'.encode(),
    ),
    ("Tag", "json", b'{"Weight":1,"Key":"k"}', b'{"Key":"k","Weight":1}'),
    ("Tag", "json", b'{"key":"k"}', b'{"Key":null,"Weight":0}'),  # names are case-sensitive; unknown ignored
    ("Tag", "json", b'{"Key":"k","Weight":null}', ERR),
    ("Tag", "json", b'{"Key":"k","Key":"j"}', ERR),
    # polymorphism: "__type" only counts as the first member; the namespace must be the contract's
    (
        "Shape",
        "json",
        b'{"Radius":2,"__type":"Circle:http:\\/\\/schemas.contoso.com\\/showcase","Color":1}',
        b'{"Color":1,"Name":null}',
    ),
    ("Shape", "json", b'{"__type":"Circle:#Showcase","Color":1}', ERR),
    # collections: a JSON object where an array is expected reads as EMPTY, silently
    ("Dictionary<string,int>", "json", b'{"a":1}', b"[]"),
    ("List<string>", "json", b'{"a":1}', b"[]"),
    ("Dictionary<string,int>", "json", b'[{"Value":1,"Key":"a"}]', b'[{"Key":"a","Value":1}]'),
]


@pytest.mark.parametrize(
    ("type_name", "fmt", "body", "expected"), READS, ids=[f"{t}-{f}-{i}" for i, (t, f, _, _) in enumerate(READS)]
)
def test_what_mono_reads(
    showcase_dcs: DcsTool, type_name: str, fmt: Format, body: bytes, expected: bytes | str
) -> None:
    if isinstance(expected, str):
        with pytest.raises(DcsError) as error:
            showcase_dcs.roundtrip(type_name, fmt, body)
        assert (error.value.phase, error.value.type) == ("read", expected)
    else:
        assert showcase_dcs.roundtrip(type_name, fmt, body) == expected


def test_dcs_tool_reports_values_it_cannot_write(showcase_dcs: DcsTool) -> None:
    # A Shape without Color reads fine (Color = 0) but 0 is no Color member.
    with pytest.raises(DcsError) as error:
        showcase_dcs.roundtrip("Shape", "xml", b'<Shape xmlns="http://schemas.contoso.com/showcase"/>')
    assert (error.value.phase, error.value.type) == ("write", ERR)


# --------------------------------------------------------------------------- harness itself


def test_received_records_exact_bytes_and_reset_clears(showcase: ShowcaseHost) -> None:
    body = "ž \u2028 😀".encode()
    showcase.post("Upload", body, "text/plain; charset=utf-8")
    showcase.get("Items/%7Bx%7D?filter=%25&top=0", answers="json")

    upload, get = showcase.received()
    assert (upload.body, upload.content_type, upload.operation) == (body, "text/plain; charset=utf-8", "Upload")
    assert (get.path, get.query, get.note) == ("/ShowcaseJson.svc/Items/%7Bx%7D", "filter=%25&top=0", "{x}|%|0")
    showcase.reset()
    assert showcase.received() == [] and showcase.errors() == []


def test_fixture_index_is_consistent() -> None:
    cases = fixture_cases()
    assert len({case.name for case in cases}) == len(cases)
    for case in cases:
        for fmt in ("xml", "json"):
            # exactly one of bytes / error
            assert (case.body(fmt) is None) != (getattr(case, f"{fmt}_error") is None), (case.name, fmt)
    everything = fixture("everything")
    assert everything.xml is not None and everything.xml.startswith(
        b'<Everything xmlns="http://schemas.contoso.com/showcase" '
    )


def test_spec_pages_and_fixtures_are_what_mono_generates(showcase_build: toolchain.Build) -> None:
    # make_spec.py output is committed; it must still be what Mono produces from the C# sources.
    pages, fixtures = make_spec.generate(showcase_build.dump_exe)

    assert make_spec.differences(make_spec.PAGES_DIR, pages, make_spec.PAGE_PATTERNS) == []
    assert make_spec.differences(make_spec.FIXTURES_DIR, fixtures, make_spec.FIXTURE_PATTERNS) == []


@pytest.mark.parametrize("page", sorted(make_spec.PAGES_DIR.glob("*.txt")), ids=lambda p: p.stem)
def test_spec_pages_are_text_renderings_wcfgen_can_read(page: Path) -> None:
    raw = read_text_page(page.read_text("utf-8"), str(page))

    assert raw.url.startswith("http://127.0.0.1:8080/Showcase.svc/")
    assert raw.description
    examples = [block.kind for block in raw.blocks if block.kind != "schema"]
    linked = [row.format.lower() for row in raw.rows if row.has_example]
    assert examples == linked
