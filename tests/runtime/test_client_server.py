"""wcfgen.runtime.client and .server: URLs, faults both ways, and the K2 signature.

The calls themselves go over real HTTP in tests/test_e2e.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from uuid import UUID

import pytest
from starlette.requests import Request

from tests.runtime.models import Color
from wcfgen.runtime import EmptyCodec
from wcfgen.runtime.calls import Operation, api_error, target, template_text
from wcfgen.runtime.docs import add_examples, content
from wcfgen.runtime.k2auth import K2Auth
from wcfgen.runtime.server import fault, query, response_format

FAULT_NS = "http://schemas.microsoft.com/ws/2005/05/envelope/none"


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "true"), (0.1, "0.1"), (1e20, "1E+20"), (datetime(2024, 1, 2, tzinfo=UTC), "2024-01-02T00:00:00Z"),
     (Color.GREEN, "Grün"), (UUID(int=0), "00000000-0000-0000-0000-000000000000"), (-3, "-3")],
)  # fmt: skip
def test_template_values_are_written_as_wcfs_query_string_converter_reads_them(value: object, text: str) -> None:
    assert template_text(value) == text  # type: ignore[arg-type]


def test_targets_are_percent_encoded_and_leave_out_absent_query_values() -> None:
    op = Operation("Get", "GET", "Items/{id}/{*rest}", EmptyCodec(), (("q", "q"), ("Top", "top")))
    url = target(op, {"id": "a/b c", "rest": "x/y z"}, {"q": "č&=", "top": None})
    assert url == "Items/a%2Fb%20c/x/y%20z?q=%C4%8D%26%3D"


def test_wcf_faults_are_read_from_xml_and_json_error_bodies() -> None:
    xml = (
        f'<Fault xmlns="{FAULT_NS}"><Code><Value>Receiver</Value><Subcode><Value>a:Deserialization</Value></Subcode>'
        '</Code><Reason><Text xml:lang="en-US">Bad &lt;body&gt;</Text></Reason></Fault>'
    ).encode()
    error = api_error(400, "application/xml; charset=utf-8", xml)
    assert (error.status_code, error.code, error.reason, error.body) == (400, "a:Deserialization", "Bad <body>", xml)
    assert str(error) == "HTTP 400 (a:Deserialization: Bad <body>)"
    error = api_error(500, "application/json", b'{"ExceptionType":"Receiver","Message":"oops"}')
    assert (error.code, error.reason) == ("Receiver", "oops")
    assert str(api_error(502, "text/html", b"<html>")) == "HTTP 502"
    assert api_error(400, "application/xml", b"<not closed").reason is None  # still reported, raw


def test_the_stub_answers_faults_as_wcf_writes_them() -> None:
    xml = fault(400, "bad <x>", "xml")
    assert (xml.status_code, xml.media_type) == (400, "application/xml; charset=utf-8")
    assert xml.body == (
        f'<Fault xmlns="{FAULT_NS}"><Code><Value>Sender</Value></Code>'
        '<Reason><Text xml:lang="en-US">bad &lt;x&gt;</Text></Reason></Fault>'
    ).encode()
    assert fault(500, "č", "json").body == '{"ExceptionType": "Receiver", "Message": "č"}'.encode()


def _request(headers: dict[str, str], query_string: bytes = b"") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": raw, "query_string": query_string})


def test_the_answer_format_follows_accept_and_query_keys_match_without_case() -> None:
    assert response_format(_request({"Accept": "text/html, application/json;q=0.9"}), "xml") == "json"
    assert response_format(_request({}), "json") == "json"
    request = _request({}, b"TOP=5&q=x")
    assert (query(request, "top"), query(request, "q"), query(request, "skip")) == ("5", "x", None)


def test_openapi_bodies_show_the_pages_examples() -> None:
    request, response = content(xml=True, json=False), content(xml=False, json=True)
    operation = {"operationId": "Op", "requestBody": {"content": request}, "responses": {"200": {"content": response}}}
    other = {"operationId": "Other", "responses": {"200": {"content": content(xml=True, json=True)}}}
    document = {"paths": {"/op": {"post": operation}, "/other": {"get": other}}}
    add_examples(document, {"Op": {"request": {"application/xml": "<a/>"}, "response": {"application/json": "1"}}})
    assert request == {"application/xml": {"schema": {"type": "string"}, "example": "<a/>"}}
    assert response == {"application/json": {"schema": {}, "example": "1"}}
    assert other["responses"] == {"200": {"content": content(xml=True, json=True)}}  # no examples: none added


def test_k2_signs_the_upper_cased_decoded_url_with_hmac_md5() -> None:
    auth = K2Auth("user", "secret")
    url = "https://api.k2ol.cz/PBX/CallHistory/NewCallEvent?x=%C4%8D"
    expected = base64.b64encode(
        hmac.new(b"secret", "HTTPS://API.K2OL.CZ/PBX/CALLHISTORY/NEWCALLEVENT?X=Č".encode(), hashlib.md5).digest()
    ).decode()
    assert auth.signature(url) == expected
    with pytest.raises(ValueError, match="cannot contain ':'"):
        K2Auth("a:b", "x")
