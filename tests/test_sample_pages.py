"""The reconstructed sample pages (English XHTML) generate a binding whose examples parse."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from uuid import UUID

import pytest
from typer.testing import CliRunner

from tests.conftest import SPECS
from wcfgen.cli import app
from wcfgen.ir import BodyKind
from wcfgen.models import build_models
from wcfgen.read import read_api

SAMPLES = SPECS / "html" / "sample-help"
MANIFEST = '[api]\nname = "orders"\npackage = "orders"\n\n[services.Orders]\nbase_url = "http://localhost:8080/OrderService.svc"\n'


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("samples")
    (root / "orders" / "Orders").mkdir(parents=True)
    (root / "orders" / "wcfgen.toml").write_text(MANIFEST)
    shutil.copy(SAMPLES / "operation-get-uritemplate.html", root / "orders" / "Orders" / "GetCustomer.html")
    shutil.copy(SAMPLES / "operation-post-wrapped.html", root / "orders" / "Orders" / "CreateOrder.html")
    return root


@pytest.fixture(scope="module")
def orders(spec: Path) -> Iterator[ModuleType]:
    result = CliRunner().invoke(app, ["generate", str(spec), "-o", str(spec / "out")])
    assert result.exit_code == 0, result.output
    assert "warning: Orders/CreateOrder: the request body is wrapped; it is passed as raw bytes (RawBody)" in result.stderr
    sys.path.insert(0, str(spec / "out"))
    yield importlib.import_module("orders")
    sys.path.remove(str(spec / "out"))


def _examples(spec: Path, name: str) -> tuple[str, str]:
    op = next(op for op in build_models(read_api(spec / "orders")).services[0].operations if op.name == name)
    assert op.response.xml_example is not None and op.response.json_example is not None
    return op.response.xml_example, op.response.json_example


def test_sample_binding_passes_mypy_strict(spec: Path, orders: ModuleType) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(spec / "mypy"), "-p", "orders"],
        capture_output=True, text=True, check=False, cwd=spec / "out",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout


def test_get_customer_examples_parse(spec: Path, orders: ModuleType) -> None:
    models = importlib.import_module("orders.models")
    client = importlib.import_module("orders.orders.client")
    xml, json = _examples(spec, "GetCustomer")
    customer = client._GET_CUSTOMER.response.decode(xml.encode(), "xml")
    address = models.Address(city="String content", country="String content", line1="String content", postal_code="String content")
    assert customer == models.Customer(
        id_=2147483647,
        row_version=9223372036854775807,
        addresses=[address, address],
        balance=Decimal("12678967.543233"),
        created_utc=datetime(1999, 5, 31, 11, 20),
        email="String content",
        is_active=True,
        kind=models.CustomerKind.RETAIL,
        last_order_id=UUID("1627aea5-8e0a-4371-9022-9b504344e724"),
        rating=1.26743233e15,
        tags=["String content", "String content"],
    )
    # WCF's example generator writes 0 for every enum; CustomerKind has no 0: a pseudo-member, kept
    from_json = client._GET_CUSTOMER.response.decode(json.encode(), "json")
    assert from_json.kind == models.CustomerKind.from_number(0) and not from_json.kind.declared
    fixed = client._GET_CUSTOMER.response.decode(json.replace('"Kind":0', '"Kind":1').encode(), "json")
    assert fixed.addresses == [address] and fixed.kind is models.CustomerKind.RETAIL


def test_get_customer_has_its_template_variables(orders: ModuleType) -> None:
    client = importlib.import_module("orders.orders.client")
    assert client._GET_CUSTOMER.path == "Customers/{id_}"
    assert client._GET_CUSTOMER.query == (("fields", "fields"),)


def test_create_order_examples_parse_polymorphic_members(spec: Path, orders: ModuleType) -> None:
    models = importlib.import_module("orders.models")
    client = importlib.import_module("orders.orders.client")
    xml, json = _examples(spec, "CreateOrder")
    confirmation = client._CREATE_ORDER.response.decode(xml.encode(), "xml")
    assert isinstance(confirmation.payment, models.BankTransfer)  # i:type="BankTransfer"
    assert confirmation.receipt == b"Base 64 Stream"
    from_json = client._CREATE_ORDER.response.decode(json.encode(), "json")
    assert isinstance(from_json.payment, models.BankTransfer)  # "__type":"BankTransfer:#Contoso.Orders.Contracts"
    assert from_json.status is models.OrderStatus.PENDING


def test_wrapped_request_is_raw(spec: Path) -> None:
    op = next(op for op in read_api(spec / "orders").services[0].operations if op.name == "CreateOrder")
    assert op.request.kind is BodyKind.WRAPPED
