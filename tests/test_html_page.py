"""Reading operation pages as WCF serves them (XHTML), and the variants found in the wild."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SPECS
from wcfgen.errors import SpecError
from wcfgen.ir import SER, Body, BodyKind, QName
from wcfgen.read.html_page import read_html_page
from wcfgen.read.page import read_operation
from wcfgen.read.raw import RawBlock, RawPage, RawRow

HTML = SPECS / "html"
SAMPLES = HTML / "sample-help"
SHARED_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "sample-help"
SITE = HTML / "site"
CONTOSO = "http://schemas.contoso.com/orders/2024"
SHOP = "http://schemas.example.com/shop"
XS = "http://www.w3.org/2001/XMLSchema"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
EXAMPLE_SCHEMA = ("response-xml", "response-schema")


def _read(path: Path, file: str = "page.html") -> RawPage:
    return read_html_page(path.read_text(encoding="utf-8"), file)


def _blocks(page: RawPage) -> list[tuple[str, str | None, int, str]]:
    """Each block as (kind, anchor, line, first line of its text)."""
    return [(b.kind, b.anchor, b.line, b.text.splitlines()[0]) for b in page.blocks]


def _schema_namespace(block: RawBlock) -> str:
    root = etree.fromstring(block.text.encode())
    assert root.tag == f"{{{XS}}}schema"
    return str(root.get("targetNamespace"))


def test_the_samples_here_are_the_shared_ones() -> None:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("the shared reference folder is not beside this checkout")
    shared = {p.name: p.read_bytes() for p in SHARED_SAMPLES.iterdir()}
    assert shared == {p.name: p.read_bytes() for p in SAMPLES.iterdir()}
    # every sample has hand-checked expectations: here, or in test_index_page.py for the index
    assert sorted(shared) == ["index.html", "operation-get-uritemplate.html", "operation-post-wrapped.html"]


def test_sample_get_with_uri_template_jsonp_and_additional_schemas() -> None:
    page = _read(SAMPLES / "operation-get-uritemplate.html")
    assert page.url == "http://localhost:8080/OrderService.svc/Customers/{ID}?fields={FIELDS}"
    assert (page.method, page.jsonp_callback, page.declared_path) == ("GET", "callback", None)
    assert page.description == "Returns a single customer. Optional {fields} limits the returned members."
    assert page.rows == (
        RawRow("Request", "N/A", "The Request body is empty.", False, False, 27),
        RawRow("Response", "Xml", "Example,Schema", True, True, 32, EXAMPLE_SCHEMA),
        RawRow("Response", "Json", "Example", True, False, 38, ("response-json",)),
    )
    assert _blocks(page) == [
        ("xml", "response-xml", 48, f'<Customer xmlns="{CONTOSO}">'),
        ("json", "response-json", 80, "{"),
        ("schema", "response-schema", 101, f'<xs:schema xmlns:ser="{SER}" xmlns:tns="{CONTOSO}" elementFormDefault="qualified" targetNamespace="{CONTOSO}" xmlns:xs="{XS}">'),
        ("schema", "response-schema", 167, f'<xs:schema xmlns:tns="{SER}" attributeFormDefault="qualified" elementFormDefault="qualified" targetNamespace="{SER}" xmlns:xs="{XS}">'),
        ("schema", "response-schema", 210, f'<xs:schema xmlns:tns="{ARRAYS}" elementFormDefault="qualified" targetNamespace="{ARRAYS}" xmlns:xs="{XS}">'),
        ("schema", "response-schema", 220, f'<tns:schema targetNamespace="{XS}" xmlns:tns="{XS}">'),
    ]  # fmt: skip
    assert [_schema_namespace(b) for b in page.blocks[2:]] == [CONTOSO, SER, ARRAYS, XS]
    # the <pre> text is the sample itself, entities decoded, nothing added
    xml = page.blocks[0].text
    assert xml.endswith("  </Tags>\n</Customer>") and "&lt;" not in xml and len(xml.splitlines()) == 29
    assert page.blocks[1].text.endswith('\t"Tags":["String content"]\n}')


def test_sample_post_with_wrapped_request_reads_into_the_operation() -> None:
    page = _read(SAMPLES / "operation-post-wrapped.html")
    assert (page.url, page.method, page.jsonp_callback) == (
        "http://localhost:8080/OrderService.svc/Orders",
        "POST",
        None,
    )
    assert page.description == "Creates an order from a customer id and order lines."
    assert page.rows == (
        RawRow("Request", "Unknown", "The Request body is wrapped.", False, False, 26),
        RawRow("Response", "Xml", "Example,Schema", True, True, 31, EXAMPLE_SCHEMA),
        RawRow("Response", "Json", "Example", True, False, 37, ("response-json",)),
    )
    assert [(b.kind, b.anchor, b.line) for b in page.blocks] == [
        ("xml", "response-xml", 47),
        ("json", "response-json", 73),
        ("schema", "response-schema", 111),
        ("schema", "response-schema", 176),
        ("schema", "response-schema", 219),
    ]
    # the XML comment inside the example is sample text, kept as such
    assert "  <!--Valid elements of type: BankTransfer, CardPayment-->\n" in page.blocks[0].text

    result = read_operation(page, "CreateOrder", "http://localhost:8080/OrderService.svc")
    op = result.operation
    assert (op.uri_template, op.method) == ("Orders", "POST")
    assert op.request == Body(BodyKind.WRAPPED, description="The Request body is wrapped.")
    assert (op.response.kind, op.response.formats) == (BodyKind.DATA_CONTRACT, ("xml", "json"))
    assert op.response.root == QName(CONTOSO, "OrderConfirmation")
    # the Serialization schema and the XMLSchema stub are dropped
    assert [(s.target_namespace, s.source.line) for s in result.schemas] == [(CONTOSO, 111)]


def test_site_page_with_contract_request_and_response() -> None:
    page = _read(SITE / "CreateOrder.html", "CreateOrder.html")
    assert (page.url, page.method, page.description) == (
        "http://wcf.example/Shop.svc/Orders",
        "POST",
        "Places an order.",
    )
    assert [(r.direction, r.format, r.body, r.anchors) for r in page.rows] == [
        ("Request", "Xml", "Example,Schema", ("request-xml", "request-schema")),
        ("Request", "Json", "Example", ("request-json",)),
        ("Response", "Xml", "Example,Schema", EXAMPLE_SCHEMA),
        ("Response", "Json", "Example", ("response-json",)),
    ]
    assert [b.anchor for b in page.blocks] == [
        "request-xml", "request-json", "response-xml", "response-json",
        *["request-schema"] * 3, *["response-schema"] * 3,
    ]  # fmt: skip
    result = read_operation(page, "CreateOrder", "http://wcf.example/Shop.svc")
    assert (result.operation.request.root, result.operation.response.root) == (
        QName(SHOP, "Order"),
        QName(SHOP, "OrderReceipt"),
    )
    assert [(s.target_namespace, s.source.line) for s in result.schemas] == [(SHOP, 86), (SHOP, 151)]


def test_czech_page_reads_like_an_english_one() -> None:
    page = _read(SITE / "Ping.html", "Ping.html")
    assert (page.url, page.method) == ("http://wcf.example/Shop.svc/Ping", "GET")
    assert page.description == "Ověří, že služba běží."
    assert page.rows == (
        RawRow("Požadavek", "Není k dispozici", "Tělo Požadavek je prázdné.", False, False, 25),
        RawRow("Odpověď", "Xml", "Příklad", True, False, 30, ("response-xml",)),
        RawRow("Odpověď", "Json", "Příklad", True, False, 37, ("response-json",)),
    )
    op = read_operation(page, "Ping", "http://wcf.example/Shop.svc").operation
    assert op.request == Body(BodyKind.EMPTY, description="Tělo Požadavek je prázdné.")
    assert (op.response.kind, op.response.root, op.response.json_example) == (
        BodyKind.PRIMITIVE,
        QName(SER, "boolean"),
        "true",
    )


def test_older_page_with_hash_in_anchor_names_reads_the_same() -> None:
    text = (SITE / "Status.html").read_text(encoding="utf-8")
    assert 'name="#response-xml"' in text
    assert read_html_page(text, "f") == read_html_page(text.replace('name="#', 'name="'), "f")
    assert [(b.kind, b.text) for b in read_html_page(text, "f").blocks] == [
        ("xml", f'<string xmlns="{SER}">String content</string>'),
        ("json", '"String content"'),
    ]


def test_saved_copy_with_rewritten_links_reads_the_same() -> None:
    text = (SITE / "CreateOrder.html").read_text(encoding="utf-8")
    saved = text.replace('href="#', 'href="CreateOrder.html#')
    assert saved.count('href="CreateOrder.html#') == 6
    assert read_html_page(saved, "f") == read_html_page(text, "f")


def test_page_reserialized_by_html5_rules_reads_the_same() -> None:
    saved = (HTML / "variants" / "CreateOrder-browser-saved.html").read_bytes()
    with pytest.raises(etree.XMLSyntaxError):  # so it really takes the HTML path
        etree.fromstring(saved)
    assert read_html_page(saved.decode(), "f") == _read(SITE / "CreateOrder.html", "f")


def test_xml_schema_stub_in_either_prefix_form_is_dropped() -> None:
    text = (SITE / "CreateOrder.html").read_text(encoding="utf-8")
    stub = f'&lt;tns:schema targetNamespace="{XS}" xmlns:tns="{XS}"&gt;'
    assert text.count(stub) == 2
    xs_form = text.replace(stub, f'&lt;xs:schema targetNamespace="{XS}" xmlns:xs="{XS}"&gt;').replace("tns:", "xs:")
    result = read_operation(read_html_page(xs_form, "f"), "CreateOrder", "http://wcf.example/Shop.svc")
    assert [s.target_namespace for s in result.schemas] == [SHOP, SHOP]


def _minimal(description: str = "", pre: str = '&lt;string xmlns="x"&gt;a&lt;/string&gt;', doctype: str = "") -> str:
    return (
        f'{doctype}<html xmlns="http://www.w3.org/1999/xhtml"><body><div id="content">\n'
        f'<p class="heading1">Reference for  http://h/S/Op</p><p>{description}</p>\n'
        '<p><span class="uri-template">http://h/S/Op</span></p><p><span class="method">GET</span></p>\n'
        "<table><tr><th>a</th><th>b</th><th>c</th></tr>\n"
        "<tr><td>Request</td><td>N/A</td><td>empty</td></tr>\n"
        '<tr><td>Response</td><td>Xml</td><td><a href="#response-xml">x</a></td></tr></table>\n'
        f'<p><a name="response-xml">t</a><pre class="response-xml">{pre}</pre></p>\n'
        "</div></body></html>\n"
    )


def test_html_entities_are_read_by_html_rules() -> None:
    # no DTD is loaded, so &nbsp; is unknown to XML; the HTML parser knows it
    page = read_html_page(_minimal("Fast&nbsp;and&#160;cheap &amp; good"), "f")
    assert page.description == "Fast\xa0and\xa0cheap & good"


@pytest.mark.parametrize(
    "subset",
    [
        '<!ENTITY x "expanded">',
        '<!ENTITY x SYSTEM "file:///etc/hostname">',
        '<!ENTITY x SYSTEM "http://127.0.0.1:9/x">',
    ],
)
def test_entities_declared_by_a_page_are_never_expanded(subset: str) -> None:
    page = read_html_page(_minimal(pre="&lt;string&gt;&x;&lt;/string&gt;", doctype=f"<!DOCTYPE html [{subset}]>"), "f")
    assert page.blocks[0].text == "<string>&x;</string>"  # literal text; strict XML parsing refuses it later
    with pytest.raises(SpecError, match="malformed XML"):
        read_operation(page, "Op", "http://h/S")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (_minimal()[:-40], "not a complete HTML page: it does not end with </html> (truncated?)", None),
        ("Odkaz - http://h/S/Op\nURL: http://h/S/Op\n", "not a complete HTML page", None),
        (
            "<html><body><p class='heading1'>Request Error</p><p>The server encountered an error.</p></body></html>",
            'not a WCF operation help page: no <span class="uri-template">',
            None,
        ),
        (_minimal().replace('<span class="method">GET</span>', "GET"), 'no <span class="method">', None),
        (_minimal().replace("<table>", "<div>").replace("</table>", "</div>"), "no message table", None),
        (_minimal().replace("<td>N/A</td>", ""), "a message table row must have three cells", 5),
        (_minimal().replace('pre class="response-xml"', "pre"), "a <pre> block without a sample class", 7),
    ],
)
def test_pages_that_cannot_be_read_say_why(text: str, message: str, line: int | None) -> None:
    with pytest.raises(SpecError) as info:
        read_html_page(text, "Op.html")
    assert message in info.value.message
    assert (info.value.file, info.value.line) == ("Op.html", line)


def test_declared_encoding_is_ignored_for_utf8_text() -> None:
    text = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + _minimal("Tělo")
    assert read_html_page(text, "f").description == "Tělo"
