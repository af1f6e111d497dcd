"""Issue 10's codec attacks, reproduced as the outside review ran them: against the generated K2
and Showcase server stubs over a real uvicorn on 127.0.0.1, and through the generated clients.

Items: 1 namespace blow-up (and UTF-16 bodies), 2 numbers beyond their .NET type, 6 deep JSON
through ``object`` members, 7 missing and null values, 8 values the encoder cannot write,
9 Unicode digits; and repeated members. Mono's own answers for the same values are
tests/interop/showcase/test_value_domains.py.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import httpx
import pytest
from k2 import ApiError, DecodeError
from k2.models import CallEvent
from k2.pbx import Client as K2Client
from k2.pbx.server import create_app as k2_app

from tests.conftest import SPECS, generated_package, serve

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
MAIN = "http://schemas.contoso.com/showcase"
EXTRA = "http://schemas.contoso.com/showcase/extra"
JSON = {"Content-Type": "application/json"}
XML = {"Content-Type": "application/xml"}
K2_PATH = "/PBX/CallHistory/NewCallEvent"
K2_VALID = b'<CallEvent xmlns="K2.Data"><To>x</To><UniqueId>1</UniqueId></CallEvent>'


def _blowup(declarations: int, children: int) -> bytes:
    """The review's body: many declarations on the root, a comment saying "type", and many
    children each declaring a prefix."""
    head = '<CallEvent xmlns="K2.Data"' + "".join(f' xmlns:p{n}="u{n}"' for n in range(declarations)) + ">"
    return (head + "<!--type-->" + '<x xmlns:q="v"/>' * children + "</CallEvent>").encode()


class Accepting:
    def __init__(self) -> None:
        self.events: list[CallEvent | None] = []

    def new_call_event(self, call_event: CallEvent | None, /) -> bool:
        self.events.append(call_event)
        return True


@pytest.fixture(scope="module")
def k2() -> Iterator[tuple[str, Accepting]]:
    service = Accepting()
    with serve(k2_app(service)) as base:  # the default 4 MiB body limit
        yield base, service


def _while_posting(base: str, body: bytes) -> tuple[httpx.Response, float, float, bool]:
    """Posts ``body``; 0.2 s later a valid request on another connection. The big answer, its
    seconds, the valid request's seconds, and whether the valid one finished first."""
    done: dict[str, Any] = {}

    def big() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=base, timeout=60) as http:
            done["response"] = http.post(K2_PATH, content=body, headers=XML)
        done["seconds"], done["at"] = time.monotonic() - started, time.monotonic()

    thread = threading.Thread(target=big)
    thread.start()
    time.sleep(0.2)
    with httpx.Client(base_url=base, timeout=60) as http:
        started = time.monotonic()
        assert http.post(K2_PATH, content=K2_VALID, headers=XML).status_code == 200
        valid_seconds, valid_at = time.monotonic() - started, time.monotonic()
    thread.join(timeout=60)
    return done["response"], done["seconds"], valid_seconds, valid_at < done["at"]


def test_1_the_namespace_blowup_is_refused_at_once_and_stalls_nothing(k2: tuple[str, Accepting]) -> None:
    base, _ = k2
    body = _blowup(40_000, 150_000)  # 3.3 MB; took 76 s, other requests waited 20 s
    assert len(body) > 3_200_000
    response, seconds, valid_seconds, _ = _while_posting(base, body)
    assert response.status_code == 400
    assert b"XML with more than 1024 distinct namespace bindings is not accepted" in response.content
    assert seconds < 5
    assert valid_seconds < 2


def test_1_a_large_body_within_the_limits_is_decoded_off_the_event_loop(k2: tuple[str, Accepting]) -> None:
    """4 MB of elements, each declaring a prefix: linear, and decoded in a worker thread, so a
    request sent meanwhile is answered before it."""
    base, service = k2
    body = _blowup(30, 4_000_000 // 16)
    before = len(service.events)
    response, seconds, valid_seconds, valid_first = _while_posting(base, body)
    assert (response.status_code, len(service.events) - before) == (200, 2)
    assert seconds < 30
    assert valid_first and valid_seconds < 2


def test_1_the_clients_answer_and_fault_parsers_refuse_the_blowup_at_once() -> None:
    body = _blowup(40_000, 150_000)
    for status in (200, 400):
        transport = httpx.MockTransport(lambda _, s=status: httpx.Response(s, content=body, headers=XML))
        started = time.monotonic()
        with K2Client(transport=transport) as client:
            if status == 200:
                with pytest.raises(DecodeError, match="more than 1024 distinct namespace bindings"):
                    client.new_call_event(CallEvent())
            else:
                with pytest.raises(ApiError) as info:
                    client.new_call_event(CallEvent())
                assert (info.value.status_code, info.value.reason) == (400, None)  # reported raw
        assert time.monotonic() - started < 5


# -- the Showcase stub --------------------------------------------------------------------------


class Echo:
    """A Showcase implementation that answers what it receives and records the arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def _echo(self, value: Any, /) -> Any:
        self.calls.append((value,))
        return value

    echo = echo_bool = echo_char = echo_counts = echo_date_time = echo_decimal = echo_double = _echo
    echo_duration = echo_guid = echo_int = echo_long = echo_many = echo_string = echo_strings = echo_tags = _echo

    def concat(self, a: str | None, b: int, /) -> str:
        self.calls.append((a, b))
        return f"{a}{b}"

    def sum_(self, x: int, y: int, /) -> int:
        self.calls.append((x, y))
        return x + y

    def put_item(self, id_: str, tag: Any, /) -> Any:
        self.calls.append((id_, tag))
        return tag

    def get_item(self, id_: str, filter_: str | None, top: str | None, /) -> str:
        self.calls.append((id_, filter_, top))
        return f"{id_}|{filter_}|{top}"

    def get_file(self, path: str, /) -> str:
        return path

    def delete_item(self, id_: str, /) -> None:
        self.calls.append((id_,))

    def void(self, tag: Any, /) -> None:
        self.calls.append((tag,))

    def ping(self, /) -> None:
        return None

    def upload(self, body: Any, /) -> str:
        return str(len(body.content))

    def download(self, name: str, /) -> Any:
        raise NotImplementedError


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(SPECS / "showcase", tmp_path_factory.mktemp("showcase"), "showcase") as package:
        importlib.import_module("showcase.showcase.server")  # the client comes with the service package
        yield package


@pytest.fixture(scope="module")
def stub(showcase: ModuleType) -> Iterator[tuple[httpx.Client, Echo]]:
    service = Echo()
    with serve(showcase.showcase.server.create_app(service)) as base, httpx.Client(base_url=f"{base}/Showcase.svc") as http:
        yield http, service


@pytest.fixture
def live(stub: tuple[httpx.Client, Echo]) -> tuple[httpx.Client, Echo]:
    stub[1].calls.clear()
    return stub


def _fault(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["Message"]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("Echo/Decimal", b"1E+999999999", "decimal: 1E+999999999 is out of range for a decimal"),
        ("Echo/Decimal", b"1E+999999999999999999", "decimal: 1E+999999999999999999 is out of range for a decimal"),
        ("Echo/Decimal", b"79228162514264337593543950336", "decimal: 79228162514264337593543950336 is out of range for a decimal"),
        ("Echo/Decimal", b"1E+9999999999999999999999", "malformed JSON: '1E+9999999999999999999999' is out of range"),
        ("Echo/Double", b"1e400", "double: 1E+400 is out of range for a double"),
        ("Echo/Int", b"2147483648", "int: 2147483648 is out of range [-2147483648, 2147483647]"),
        ("Echo/Int", b"1E+999999999", "int: 1E+999999999 is out of range [-2147483648, 2147483647]"),
        ("Echo/Long", b"9223372036854775808", "long: 9223372036854775808 is out of range [-9223372036854775808, 9223372036854775807]"),
        ("Echo", b'{"U8":256}', "Everything.U8: 256 is out of range [0, 255]"),
        ("Echo", b'{"I8":-129}', "Everything.I8: -129 is out of range [-128, 127]"),
        ("Echo", b'{"U64":-1}', "Everything.U64: -1 is out of range [0, 18446744073709551615]"),
        ("Echo", b'{"F32":3.5e38}', "Everything.F32: 3.5e+38 is out of range for a float"),
        ("Echo", b'{"F64":-1e400}', "Everything.F64: -1E+400 is out of range for a double"),
    ],
)  # fmt: skip
def test_2_json_numbers_beyond_their_dotnet_type_are_400_naming_the_member(
    live: tuple[httpx.Client, Echo], path: str, body: bytes, message: str
) -> None:
    http, service = live
    started = time.monotonic()
    response = http.post(path, content=body, headers=JSON)  # was a 1 GB answer, or a 500
    assert _fault(response) == (400, message)
    assert time.monotonic() - started < 2 and len(response.content) < 300
    assert service.calls == []


@pytest.mark.parametrize(
    ("path", "root", "text", "message"),
    [
        ("Echo/Decimal", "decimal", "1E+999999999", "decimal: not a decimal: '1E+999999999'"),
        ("Echo/Decimal", "decimal", "79228162514264337593543950335.5", "decimal: 79228162514264337593543950335.5 is out of range for a decimal"),
        ("Echo/Double", "double", "1e400", "double: '1e400' is out of range for a double"),
        ("Echo/Int", "int", "-2147483649", "int: -2147483649 is out of range [-2147483648, 2147483647]"),
    ],
)  # fmt: skip
def test_2_xml_numbers_beyond_their_dotnet_type_are_400_naming_the_member(
    live: tuple[httpx.Client, Echo], path: str, root: str, text: str, message: str
) -> None:
    http, _ = live
    response = http.post(path, content=f'<{root} xmlns="{SER}">{text}</{root}>'.encode(), headers=XML | {"Accept": "application/json"})
    assert _fault(response) == (400, message)


def test_2_decimals_are_rounded_as_system_decimal_rounds_them(live: tuple[httpx.Client, Echo]) -> None:
    http, _ = live
    answer = http.post("Echo/Decimal", content=b"0.12345678901234567890123456789", headers=JSON)
    assert (answer.status_code, answer.content) == (200, b"0.1234567890123456789012345679")
    answer = http.post("Echo/Decimal", content=b"1E-30", headers=JSON)
    assert answer.content == b"0.0000000000000000000000000000"


def test_2_the_client_refuses_to_write_or_read_numbers_beyond_their_type(
    showcase: ModuleType, live: tuple[httpx.Client, Echo]
) -> None:
    http, service = live
    with showcase.showcase.Client(str(http.base_url), wire_format="json") as client:
        for call, value in ((client.echo_int, 2**31), (client.echo_decimal, Decimal("1E+999999999")), (client.echo_long, -(2**63) - 1)):
            with pytest.raises(showcase.EncodeError, match="out of range"):
                call(value)
    assert service.calls == []  # refused before sending
    for answer, call, argument in (
        (b"1E+999999999", "echo_decimal", Decimal(1)), (b"1e400", "echo_double", 1.0), (b"4294967296", "echo_int", 1),
    ):  # fmt: skip
        transport = httpx.MockTransport(lambda _, a=answer: httpx.Response(200, content=a, headers=JSON))
        client = showcase.showcase.Client(transport=transport, wire_format="json")
        with client, pytest.raises(showcase.DecodeError, match="out of range"):
            getattr(client, call)(argument)


def _nested(depth: int) -> bytes:
    """An Everything whose object member holds an Everything whose … (depth + 1 objects)."""
    inner = b',"Anything":{"__type":"Everything:http:\\/\\/schemas.contoso.com\\/showcase"'
    return b'{"I32":1' + inner * depth + b"}" * (depth + 1)


def test_6_deep_json_through_object_members_is_400_at_the_xml_limit(live: tuple[httpx.Client, Echo]) -> None:
    http, service = live
    assert http.post("Echo", content=_nested(63), headers=JSON).status_code == 200  # 64 levels
    for depth in (64, 400, 5000):  # 400 made a RecursionError: a 500
        assert _fault(http.post("Echo", content=_nested(depth), headers=JSON)) == (400, "JSON nested deeper than 64 levels")
    xml = f'<Everything xmlns="{MAIN}" xmlns:i="{XSI}">' + '<Anything i:type="Everything">' * 64 + "</Anything>" * 64 + "</Everything>"
    assert _fault(http.post("Echo", content=xml.encode(), headers=XML | {"Accept": "application/json"})) == (
        400, "XML nested deeper than 64 levels",
    )  # fmt: skip
    assert len(service.calls) == 1


def test_6_the_client_refuses_a_deep_answer_with_a_decode_error(showcase: ModuleType) -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=_nested(400), headers=JSON))
    client = showcase.showcase.Client(transport=transport, wire_format="json")
    with client, pytest.raises(showcase.DecodeError, match="JSON nested deeper than 64 levels"):
        client.echo(showcase.models.Everything())


def test_7_a_wrapped_part_left_out_is_its_dotnet_default_and_null_is_refused(live: tuple[httpx.Client, Echo]) -> None:
    http, service = live
    assert http.post("Sum", content=b"{}", headers=JSON).content == b"0"  # was None, None: a 500
    assert http.post("Sum", content=b'<Sum xmlns="http://tempuri.org/"><y>2</y></Sum>', headers=XML).content == (
        f'<int xmlns="{SER}">2</int>'.encode()
    )
    assert http.post("Concat", content=b'{"b":1}', headers=JSON).json() == {"ConcatResult": "None1"}
    assert service.calls == [(0, 0), (0, 2), (None, 1)]
    assert type(service.calls[0][0]) is int
    assert _fault(http.post("Sum", content=b'{"x":null,"y":1}', headers=JSON)) == (400, "Sum.x: null is not allowed")
    nil = f'<Sum xmlns="http://tempuri.org/" xmlns:i="{XSI}"><x i:nil="true"/></Sum>'.encode()
    assert http.post("Sum", content=nil, headers=XML).status_code == 400
    assert _fault(http.post("Echo/Int", content=b"null", headers=JSON)) == (400, "int: null is not allowed")
    assert _fault(http.post("Echo", content=b'{"I32":null}', headers=JSON)) == (400, "Everything.I32: null is not allowed")
    assert len(service.calls) == 3


def test_8_a_char_outside_the_bmp_is_refused_a_lone_surrogate_travels(live: tuple[httpx.Client, Echo]) -> None:
    http, _ = live
    assert _fault(http.post("Echo/Char", content=b'"\\ud83d\\ude00"', headers=JSON)) == (
        400, "char: expected one character of the Basic Multilingual Plane",
    )  # fmt: skip
    answer = http.post("Echo/Char", content=b'"\\ud83d"', headers=JSON)
    assert (answer.status_code, answer.content) == (200, b'"\\ud83d"')  # as DataContractJsonSerializer writes it
    answer = http.post("Echo/Char", content=b'"\\ud83d"', headers=JSON | {"Accept": "application/xml"})
    assert answer.content == f'<char xmlns="{SER}">55357</char>'.encode()
    answer = http.post("Echo/String", content=b'"a\\ud83db\\u0000"', headers=JSON)
    assert (answer.status_code, answer.content) == (200, b'"a\\ud83db\\u0000"')


@pytest.mark.parametrize(
    ("method", "path", "body", "operation", "problem"),
    [
        ("POST", "Echo/String", b'"a\\ud83db"', "EchoString", "string: contains a character XML cannot carry"),
        ("POST", "Echo/String", b'"a\\u0000b"', "EchoString", "string: contains a character XML cannot carry"),
        ("POST", "Echo", b'{"Color":1,"Text":"\\u0001"}', "Echo", "Everything.Text: contains a character XML cannot carry"),
        ("GET", "Items/%00", b"", "GetItem", "string: contains a character XML cannot carry"),
    ],
)  # fmt: skip
def test_8_what_dotnet_holds_but_xml_cannot_carry_is_a_fault_and_one_log_line(
    live: tuple[httpx.Client, Echo], caplog: pytest.LogCaptureFixture, method: str, path: str, body: bytes, operation: str, problem: str
) -> None:
    http, service = live
    with caplog.at_level(logging.INFO):
        answer = http.request(method, path, content=body or None, headers=JSON | {"Accept": "application/xml"})
    assert answer.status_code == 500
    assert b"<Value>Receiver</Value>" in answer.content and b"Traceback" not in answer.content
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert (record.getMessage(), record.exc_info) == (f"{operation}: the answer cannot be sent: {problem}", None)
    assert len(service.calls) == 1  # the implementation got the value .NET would give it


def test_8_an_implementation_answering_what_its_type_cannot_hold_is_a_500_and_one_log_line(
    showcase: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    class Overflowing(Echo):
        def echo_int(self, value: int, /) -> int:
            return 2**40

    with serve(showcase.showcase.server.create_app(Overflowing())) as base, caplog.at_level(logging.INFO):
        answer = httpx.post(f"{base}/Showcase.svc/Echo/Int", content=b"1", headers=JSON)
    assert _fault(answer) == (500, "The server encountered an error processing the request.")
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.getMessage() == "EchoInt: the answer cannot be sent: int: 1099511627776 is out of range [-2147483648, 2147483647]"
    assert record.exc_info is None


@pytest.mark.parametrize(
    ("path", "body", "headers", "message"),
    [
        ("Echo/Int", '"١٢"', JSON, "int: not an integer: '١٢'"),
        ("Echo/Int", '"１２"', JSON, "int: not an integer: '１２'"),
        ("Echo/Int", f'<int xmlns="{SER}">١٢</int>', XML, "int: not an integer: '١٢'"),
        ("Echo/Double", f'<double xmlns="{SER}">١.٥</double>', XML, "double: not a number: '١.٥'"),
        ("Echo/Decimal", '"１"', JSON, "decimal: not a decimal: '１'"),
        ("Echo/Guid", '"١627aea5-8e0a-4371-9022-9b504344e724"', JSON, "guid: not a guid: '١627aea5-8e0a-4371-9022-9b504344e724'"),
        ("Echo/DateTime", f'<dateTime xmlns="{SER}">٢٠٢٤-01-02T03:04:05</dateTime>', XML, "dateTime: not a dateTime: '٢٠٢٤-01-02T03:04:05'"),
        ("Echo/DateTime", '"\\/Date(١)\\/"', JSON, "dateTime: not a JSON date: '/Date(١)/'"),
        ("Echo/Duration", f'<duration xmlns="{SER}">P١D</duration>', XML, "duration: not a duration: 'P١D'"),
        ("Echo/Char", f'<char xmlns="{SER}">٦٥</char>', XML, "char: not an integer: '٦٥'"),
    ],
)  # fmt: skip
def test_9_only_ascii_digits_are_numbers(live: tuple[httpx.Client, Echo], path: str, body: str, headers: dict[str, str], message: str) -> None:
    http, service = live
    assert _fault(http.post(path, content=body.encode(), headers=headers | {"Accept": "application/json"})) == (400, message)
    assert service.calls == []


def test_repeated_members_the_first_element_counts_a_repeated_json_key_is_refused(live: tuple[httpx.Client, Echo]) -> None:
    http, _ = live
    tag = f'<Tag xmlns="{EXTRA}"><Key>first</Key><Key>second</Key><Weight>1</Weight></Tag>'.encode()
    assert http.put("Items/7", content=tag, headers=XML | {"Accept": "application/json"}).json() == {"Key": "first", "Weight": 1}
    assert _fault(http.put("Items/7", content=b'{"Key":"a","Key":"b"}', headers=JSON)) == (400, "Tag.Key: appears more than once")
    assert _fault(http.post("Sum", content=b'{"x":1,"x":2}', headers=JSON)) == (400, "Sum.x: appears more than once")
    counts = b'[{"Key":"a","Value":1},{"Key":"a","Value":2}]'
    assert _fault(http.post("Echo/Counts", content=counts, headers=JSON)) == (400, "ArrayOfKeyValueOfstringint: the key 'a' appears more than once")


def test_1_a_utf16_body_takes_the_same_path_as_utf8(live: tuple[httpx.Client, Echo]) -> None:
    """The "type" and "DOCTYPE" detection of old looked for ASCII bytes, which UTF-16 has not."""
    http, _ = live
    text = f'<Everything xmlns="{MAIN}" xmlns:i="{XSI}"><Shape i:type="Circle"><Name>c</Name><Radius>2</Radius></Shape></Everything>'
    for encoding in ("utf-8", "utf-16"):
        body = (f'<?xml version="1.0" encoding="{encoding}"?>' + text).encode(encoding)
        answer = http.post("Echo", content=body, headers=XML | {"Accept": "application/json"})
        shape = answer.json()["Shape"]
        assert (shape["__type"], shape["Name"], shape["Radius"]) == ("Circle:http://schemas.contoso.com/showcase", "c", 2)
    doctype = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE e [<!ENTITY x "y">]><Everything xmlns="urn:x"/>'
    assert http.post("Echo", content=doctype.encode("utf-16"), headers=XML).status_code == 400
