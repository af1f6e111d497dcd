"""tests.helpsite reproduces WCF's pages: the reference samples byte for byte, and today's readers read them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import SPECS
from tests.helpsite import (
    STREAM,
    WRAPPED,
    KnownType,
    Operation,
    QName,
    RequestError,
    Site,
    Variant,
    body,
    render_site,
    write_spec_folder,
)
from wcfgen.cli import app
from wcfgen.errors import SpecError
from wcfgen.ir import Api
from wcfgen.read import read_api
from wcfgen.read.html_page import read_html_page
from wcfgen.read.index_page import read_index_page

SAMPLES = SPECS / "html" / "sample-help"  # byte-identical copies of ../shared/reference/sample-help
NS = "http://schemas.contoso.com/orders/2024"
XHTML = "{http://www.w3.org/1999/xhtml}"


def reference(name: str) -> str:
    """A sample page without its reconstruction comment (line 2): the page as WCF writes it."""
    lines = (SAMPLES / name).read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("<!-- RECONSTRUCTED SAMPLE")
    return "\n".join([lines[0], *lines[2:]])


def sample_schemas(name: str, label: str) -> tuple[str, ...]:
    """The schema blocks a sample page prints, in its order (main schema first, then the set's others)."""
    root = etree.fromstring(reference(name).encode(), etree.XMLParser(no_network=True, resolve_entities=False))
    return tuple("".join(pre.itertext()) for pre in root.iter(f"{XHTML}pre") if pre.get("class") == label)


CUSTOMER = body(QName(NS, "Customer"), sample_schemas("operation-get-uritemplate.html", "response-schema"))
CONFIRMATION = body(
    QName(NS, "OrderConfirmation"),
    sample_schemas("operation-post-wrapped.html", "response-schema"),
    tuple(KnownType(QName(NS, n), n, "Contoso.Orders.Contracts") for n in ("BankTransfer", "CardPayment")),
)
GET_CUSTOMER = Operation(
    "GetCustomer", "GET", "Customers/{id}?fields={fields}",
    "Returns a single customer. Optional {fields} limits the returned members.", response=CUSTOMER,
)  # fmt: skip
CREATE_ORDER = Operation(
    "CreateOrder", "POST", "Orders", "Creates an order from a customer id and order lines.",
    request=WRAPPED, response=CONFIRMATION,
)  # fmt: skip
# The sample index's six operations, in contract order (only GetCustomer/UpdateCustomer tie).
SITE = Site(
    "http://localhost:8080/OrderService.svc",
    (
        GET_CUSTOMER,
        Operation("UpdateCustomer", "PUT", "Customers/{id}", request=CUSTOMER),
        Operation("FindCustomers", "GET", "FindCustomers?name={name}&top={top}", "Searches customers by name."),
        CREATE_ORDER,
        Operation("UploadAttachment", "POST", "Orders/{orderId}/Attachment", request=STREAM),
        Operation("Ping", "GET", "Ping"),
    ),
    javascript_callback="callback",
    time_zone="Europe/Prague",  # the samples' JSON dates carry +0200
)


@pytest.mark.parametrize(
    ("page", "sample"),
    [
        ("help.html", "index.html"),
        ("GetCustomer.html", "operation-get-uritemplate.html"),
        ("CreateOrder.html", "operation-post-wrapped.html"),
    ],
)
def test_samples_are_reproduced_byte_for_byte(page: str, sample: str) -> None:
    assert render_site(SITE)[page] == reference(sample)


def test_every_page_of_the_site_is_read_by_todays_readers() -> None:
    files = render_site(SITE)
    index = read_index_page(files["help.html"], "help.html")
    assert [(e.name, e.method, e.path, e.description) for e in index.entries] == [
        (
            "GetCustomer",
            "GET",
            "Customers/{id}",
            "Returns a single customer. Optional {fields} limits the returned members.",
        ),
        ("UpdateCustomer", "PUT", "Customers/{id}", ""),
        ("FindCustomers", "GET", "FindCustomers", "Searches customers by name."),
        ("CreateOrder", "POST", "Orders", "Creates an order from a customer id and order lines."),
        ("UploadAttachment", "POST", "Orders/{orderId}/Attachment", ""),
        ("Ping", "GET", "Ping", ""),
    ]
    for op in SITE.operations:
        page = read_html_page(files[f"{op.name}.html"], op.name)
        assert page.method == op.method
        assert page.jsonp_callback == ("callback" if op.method == "GET" else None)


def _read(folder: Path, variant: Variant) -> Api:
    """The model wcfgen reads (the same folder name each time: sources name their files)."""
    write_spec_folder(folder / "orders", SITE, api="orders", service="Orders", variant=variant)
    return dataclasses.replace(read_api(folder / "orders"), spec_hash="")


def test_the_site_generates_and_saved_copies_read_the_same(tmp_path: Path) -> None:
    served = _read(tmp_path / "served", Variant())
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "served" / "orders"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for name, variant in {
        "wget": Variant(saved_by="wget"),
        "browser": Variant(saved_by="browser"),
        "net40": Variant(hash_anchors=True),
    }.items():
        assert _read(tmp_path / name, variant) == served, name


def test_saved_copies_look_as_their_tools_leave_them() -> None:
    wget = render_site(SITE, Variant(saved_by="wget"))
    assert '<a rel="operation" href="help/operations/Ping.html">GET</a>' in wget["help.html"]
    assert '<a href="GetCustomer.html#response-xml">Example</a>' in wget["GetCustomer.html"]
    browser = render_site(SITE, Variant(saved_by="browser"))["GetCustomer.html"]
    with pytest.raises(etree.XMLSyntaxError):  # unclosed <meta>: only HTML rules read it
        etree.fromstring(browser.encode())
    assert '</p><pre class="response-xml">' in browser and "<tbody>" in browser
    assert read_html_page(browser, "f") == read_html_page(render_site(SITE)["GetCustomer.html"], "f")
    assert '<a name="#response-json">' in render_site(SITE, Variant(hash_anchors=True))["GetCustomer.html"]


def test_variants_change_only_what_they_name() -> None:
    plain = render_site(SITE)
    slash = render_site(SITE, Variant(leading_slash=True))
    assert (
        "<td>/FindCustomers</td>" in slash["help.html"]
        and 'title="http://localhost:8080/OrderService.svc/Ping"' in slash["help.html"]
    )
    assert {k: v for k, v in slash.items() if k != "help.html"} == {k: v for k, v in plain.items() if k != "help.html"}
    other_host = render_site(SITE, Variant(page_host="www.example.org"))
    assert other_host["help.html"] == plain["help.html"]
    assert (
        '<span class="uri-template">http://www.example.org:8080/OrderService.svc/Ping</span>' in other_host["Ping.html"]
    )


def test_request_error_page_replaces_an_operation_page() -> None:
    error = RequestError("Object reference not set to an instance of an object.", "   at Orders.Svc.Get()")
    files = render_site(SITE, Variant(request_errors={"Ping": error, "UploadAttachment": RequestError()}))
    assert files["Ping.html"].split("\n")[3:] == [
        "    <title>Request Error</title>",
        *files["Ping.html"].split("\n")[4:5],
        "  </head>",
        "  <body>",
        '    <div id="content">',
        '      <p class="heading1">Request Error</p>',
        (
            '      <p xmlns="http://www.w3.org/1999/xhtml">The server encountered an error processing the request. Please see the '
            '<a rel="help-page" href="http://localhost:8080/OrderService.svc/help">service help page</a> for constructing valid '
            "requests to the service. The exception message is 'Object reference not set to an instance of an object.'. See "
            "server logs for more details. The exception stack trace is: </p>"
        ),
        "      <p>   at Orders.Svc.Get()</p>",
        "    </div>",
        "  </body>",
        "</html>",
    ]
    assert "The exception message" not in files["UploadAttachment.html"]
    with pytest.raises(SpecError, match="not a WCF operation help page"):
        read_html_page(files["Ping.html"], "Ping.html")


def test_a_body_the_generator_cannot_show_is_described_as_wcf_does() -> None:
    # A facet other than an enumeration on a user type (CustomerKind): HelpExampleGenerator refuses it.
    facet = CUSTOMER.schemas[0].replace(
        '<xs:restriction base="xs:string">', '<xs:restriction base="xs:string"><xs:maxLength value="3" />'
    )
    op = dataclasses.replace(
        GET_CUSTOMER, response=dataclasses.replace(CUSTOMER, schemas=(facet, *CUSTOMER.schemas[1:]))
    )
    page = render_site(dataclasses.replace(SITE, operations=(op,)))["GetCustomer.html"]
    assert "<td>Unknown</td>\n          <td>Could not generate schema.</td>" in page
    assert "<pre" not in page


def test_a_body_style_wraps_its_directions_unless_they_are_void() -> None:
    styled = dataclasses.replace(CREATE_ORDER, request=CUSTOMER, body_style="WrappedRequest")
    site = dataclasses.replace(SITE, operations=(styled,))
    assert render_site(site)["CreateOrder.html"] == render_site(SITE)["CreateOrder.html"]
    void = dataclasses.replace(GET_CUSTOMER, body_style="Wrapped")  # a GET request is void: still "empty"
    page = render_site(dataclasses.replace(SITE, operations=(void,)))["GetCustomer.html"]
    assert "<td>The Request body is empty.</td>" in page and "<td>The Response body is wrapped.</td>" in page
