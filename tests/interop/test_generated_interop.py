"""The generated binding against a real WCF stack (Mono's System.ServiceModel.Web).

Generated client → Mono WebHttp service, in XML and JSON, sync and async: the service must
receive every field exactly. Mono's WebChannelFactory XML client → generated server: it must
get ``True`` and the server the exact event.
"""

from __future__ import annotations

from typing import Any

import pytest
from k2 import ApiError
from k2._runtime.calls import api_error
from k2.models import CallEvent
from k2.pbx import AsyncClient, Client
from k2.pbx.server import create_app

from tests.conftest import serve
from tests.interop.conftest import MonoClientRunner, MonoHost, double_to_bits

pytestmark = pytest.mark.interop

EVENT = CallEvent(
    direction="Příchozí",
    email="čeněk.šťastný@example.cz",
    event_name="Příchozí hovor – Čeněk Šťastný <&>",
    from_="+420 777 123 456",
    line="Linka 1",
    login=None,
    reason="",
    to="Žluťoučký kůň úpěl ďábelské ódy",
    unique_id=1.26743233e15,
)
WIRE_FIELDS = {
    "Direction": EVENT.direction,
    "Email": EVENT.email,
    "EventName": EVENT.event_name,
    "From": EVENT.from_,
    "Line": EVENT.line,
    "Login": EVENT.login,
    "Reason": EVENT.reason,
    "To": EVENT.to,
    "UniqueId": EVENT.unique_id,
}


def _assert_received_exactly(host: MonoHost, wire_format: str, count: int = 1) -> None:
    calls = host.received()
    assert len(calls) == count, host.log()
    service = "/PBX" if wire_format == "xml" else "/PBXJson"
    for call in calls:
        assert call.path == f"{service}/CallHistory/NewCallEvent"
        assert call.body_format == wire_format
        assert call.event == WIRE_FIELDS
        assert call.unique_id_text == "1.26743233E+15"
        assert call.unique_id_bits == double_to_bits(1.26743233e15)
    assert host.errors() == []


@pytest.mark.parametrize(("wire_format", "endpoint"), [("xml", "base_url_xml"), ("json", "base_url_json")])
def test_generated_sync_client_calls_wcf(mono_host: MonoHost, wire_format: Any, endpoint: str) -> None:
    with Client(getattr(mono_host, endpoint), wire_format=wire_format) as client:
        assert client.new_call_event(EVENT) is True
    _assert_received_exactly(mono_host, wire_format)


@pytest.mark.parametrize(("wire_format", "endpoint"), [("xml", "base_url_xml"), ("json", "base_url_json")])
async def test_generated_async_client_calls_wcf(mono_host: MonoHost, wire_format: Any, endpoint: str) -> None:
    async with AsyncClient(getattr(mono_host, endpoint), wire_format=wire_format) as client:
        assert await client.new_call_event(EVENT) is True
        assert await client.new_call_event(EVENT) is True
    _assert_received_exactly(mono_host, wire_format, count=2)


def test_extreme_doubles_arrive_bit_exact(mono_host: MonoHost) -> None:
    values = [0.1 + 0.2, 5e-324, 1.7976931348623157e308, -0.0, 2.0**53 + 2, 123456789012345.6]
    with Client(mono_host.base_url_xml) as xml, Client(mono_host.base_url_json, wire_format="json") as json:
        for value in values:
            assert xml.new_call_event(CallEvent(unique_id=value)) is True
            assert json.new_call_event(CallEvent(unique_id=value)) is True
    bits = [call.unique_id_bits for call in mono_host.received()]
    assert bits == [double_to_bits(value) for value in values for _ in range(2)]


def test_wcf_fault_is_read_into_api_error(mono_host: MonoHost) -> None:
    # a body Mono cannot deserialize: its answer is a real WCF fault
    response = mono_host.post(mono_host.base_url_xml, b'<CallEvent xmlns="K2.Data"><UniqueId>abc</UniqueId></CallEvent>', "application/xml")
    error = api_error(response.status_code, response.headers.get("content-type"), response.content)
    assert isinstance(error, ApiError)
    assert (error.status_code, error.code) == (500, "a:InternalServiceFault")
    assert error.reason is not None and error.reason.startswith("The server was unable to process the request")


def test_mono_client_calls_the_generated_server(run_mono_client: MonoClientRunner, mono_client_event: dict[str, Any]) -> None:
    received: list[CallEvent] = []

    class CallHistory:
        def new_call_event(self, call_event: CallEvent, /) -> bool:
            received.append(call_event)
            return True

    with serve(create_app(CallHistory())) as base:
        assert run_mono_client(f"{base}/PBX") == "True\n"
    (event,) = received
    assert event == CallEvent(
        direction=mono_client_event["Direction"],
        email=mono_client_event["Email"],
        event_name=mono_client_event["EventName"],
        from_=mono_client_event["From"],
        line=mono_client_event["Line"],
        login=mono_client_event["Login"],
        reason=mono_client_event["Reason"],
        to=mono_client_event["To"],
        unique_id=mono_client_event["UniqueId"],
    )
