"""wcfgen.runtime.calls, .policy, .errors and the server's routing helpers, piece by piece (the
calls themselves go over real HTTP in tests/test_client_*.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from wcfgen.runtime import EmptyCodec, PrimitiveCodec
from wcfgen.runtime.calls import Fault, Operation, error_of, target
from wcfgen.runtime.errors import ApiError, EncodeError, one_line
from wcfgen.runtime.policy import BACKOFF, MAX_BACKOFF, MAX_RETRY_AFTER, backoff, retry_after
from wcfgen.runtime.server import path_value, routing_path


@pytest.mark.parametrize(
    ("text", "limit", "line"),
    [
        ("a\r\nb\tc", 10, "a b c"),
        ("\x1b[31mred\x1b[0m", 20, "[31mred [0m"),
        ("left\u202eright\u2066x\u2028y", 30, "left right x y"),
        ("x" * 50, 10, "xxxxxxxxx…"),
        ("  spaced   out  ", 20, "spaced out"),
    ],
)
def test_one_line_is_printable_and_capped(text: str, limit: int, line: str) -> None:
    assert one_line(text, limit) == line
    assert one_line(text, limit).isprintable()


class Problem(ApiError):
    detail: str


def test_a_declared_detail_becomes_its_error_and_anything_else_stays_an_api_error() -> None:
    op = Operation("Op", "GET", "Op", EmptyCodec(), faults={400: Fault(Problem, PrimitiveCodec("string", str))})

    def answer(status: int, body: bytes, content_type: str) -> ApiError:
        return error_of(op, httpx.Response(status, content=body, headers={"content-type": content_type}), body)

    typed = answer(400, b'"bad input"', "application/json")
    assert (type(typed), typed.detail, str(typed)) == (Problem, "bad input", "HTTP 400: 'bad input'")
    # a WCF fault in JSON is not taken for the detail, whatever the detail's type
    fault = answer(400, b'{"ExceptionType":"Sender","Message":"no"}', "application/json")
    assert (type(fault), fault.code, fault.reason) == (ApiError, "Sender", "no")
    assert type(answer(404, b'"bad input"', "application/json")) is ApiError  # not declared for 404
    assert type(answer(400, b"<p>proxy</p>", "text/html")) is ApiError
    assert type(answer(400, b"", "application/xml")) is ApiError


def test_retry_after_in_seconds_or_as_a_date_and_capped() -> None:
    def wait(value: str) -> float | None:
        return retry_after(httpx.Headers({"Retry-After": value}))

    assert wait("2") == 2.0
    assert wait("86400") == MAX_RETRY_AFTER
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    assert 3.5 < (wait(soon) or 0) <= 5.0
    assert wait(format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)) == 0.0
    assert wait("soon") is None and wait("-1") is None and retry_after(httpx.Headers()) is None


def test_backoff_doubles_with_jitter_up_to_its_ceiling() -> None:
    for attempt in range(1, 10):
        ceiling = min(MAX_BACKOFF, BACKOFF * 2 ** (attempt - 1))
        assert all(ceiling / 2 <= backoff(attempt, None) <= ceiling for _ in range(20))
    busy = httpx.Response(503, headers={"Retry-After": "3"})
    assert backoff(1, busy) == 3.0


def test_path_values_stay_in_their_segments() -> None:
    op = Operation("Get", "GET", "Items/{id}/{*rest}", EmptyCodec())
    assert target(op, {"id": "...", "rest": "a/..b/c d/"}, {}) == "Items/.../a/..b/c%20d/"
    assert target(op, {"id": "a/b?", "rest": ""}, {}) == "Items/a%2Fb%3F/"
    dots = ({"id": "..", "rest": ""}, {"id": ".", "rest": ""}, {"id": "x", "rest": "a/../b"}, {"id": "../x", "rest": ""})
    for path in (*dots, {"id": "..\\x", "rest": ""}, {"id": "x", "rest": "a/..\\b"}):
        with pytest.raises(EncodeError, match="is or holds a dot segment"):
            target(op, path, {})
    with pytest.raises(EncodeError, match="id: a path segment cannot be empty"):
        target(op, {"id": "", "rest": "x"}, {})
    with pytest.raises(EncodeError, match="rest: not valid Unicode"):
        target(op, {"id": "x", "rest": "\udc80"}, {})


@pytest.mark.parametrize(
    ("raw", "routed", "value"),
    [
        (b"/Items/a%2Fb", "/Items/a%2Fb", "a/b"),
        (b"/Items/a%2fb", "/Items/a%2Fb", "a/b"),
        (b"/Items/%252F", "/Items/%252F", "%2F"),
        (b"/Items/%C3%BC%20x", "/Items/ü x", "ü x"),
        (b"/Files/%0A%7F", "/Files/%0A%7F", "\n\x7f"),
        (b"/It%65ms/1", "/Items/1", "1"),
    ],
)
def test_the_stub_routes_on_the_raw_path(raw: bytes, routed: str, value: str) -> None:
    assert routing_path(raw) == routed
    assert path_value(routed.rsplit("/", 1)[1]) == value

