"""Reading a service's /help index, and service folders that hold one beside XHTML and text pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import K2_PAGE, SPECS
from wcfgen.errors import SpecError
from wcfgen.read import read_api
from wcfgen.read.index_page import IndexEntry, IndexPage, read_index_page
from wcfgen.read.page import PageResult
from wcfgen.read.page import read_operation as real_read_operation
from wcfgen.read.raw import RawPage

HTML = SPECS / "html"
SITE = HTML / "site"
ORDERS = "http://localhost:8080/OrderService.svc"
SHOP = "http://wcf.example/Shop.svc"


def _index(path: Path) -> IndexPage:
    return read_index_page(path.read_text(encoding="utf-8"), path.name)


def test_sample_index_with_rowspan_and_default_descriptions() -> None:
    assert _index(HTML / "sample-help" / "index.html") == IndexPage(
        "index.html",
        ORDERS,
        (
            IndexEntry(
                "GetCustomer", "GET", "Customers/{id}", f"{ORDERS}/Customers/{{ID}}?fields={{FIELDS}}",
                "Returns a single customer. Optional {fields} limits the returned members.", 18,
            ),
            # the second row of the rowspan group has no Uri cell; WCF's "Service at …" means no description
            IndexEntry("UpdateCustomer", "PUT", "Customers/{id}", f"{ORDERS}/Customers/{{ID}}", "", 25),
            # a default WebGet template: the index drops the query part, the title keeps it (&amp; decoded)
            IndexEntry(
                "FindCustomers", "GET", "FindCustomers", f"{ORDERS}/FindCustomers?name={{NAME}}&top={{TOP}}",
                "Searches customers by name.", 31,
            ),
            IndexEntry("CreateOrder", "POST", "Orders", f"{ORDERS}/Orders", "Creates an order from a customer id and order lines.", 38),
            IndexEntry("UploadAttachment", "POST", "Orders/{orderId}/Attachment", f"{ORDERS}/Orders/{{ORDERID}}/Attachment", "", 45),
            IndexEntry("Ping", "GET", "Ping", f"{ORDERS}/Ping", "", 52),
        ),
    )  # fmt: skip


def test_site_index() -> None:
    assert _index(SITE / "help.html") == IndexPage(
        "help.html",
        SHOP,
        (
            IndexEntry("LatestOrder", "GET", "Orders", f"{SHOP}/Orders", "The most recent order.", 17),
            IndexEntry("CreateOrder", "POST", "Orders", f"{SHOP}/Orders", "Places an order.", 24),
            IndexEntry("CancelOrder", "POST", "Orders/Cancel", f"{SHOP}/Orders/Cancel", "Cancels an order; false if it has shipped.", 30),
            IndexEntry("Ping", "GET", "Ping", f"{SHOP}/Ping", "Ověří, že služba běží.", 37),
            IndexEntry("Status", "GET", "Status", f"{SHOP}/Status", "", 44),
        ),
    )  # fmt: skip


def test_saved_index_with_rewritten_links_reads_the_same() -> None:
    text = (SITE / "help.html").read_text(encoding="utf-8")
    saved = text.replace('href="help/operations/Ping"', 'href="help/operations/Ping.html"')
    saved = saved.replace(
        'href="help/operations/Status"', 'href="http://wcf.example/Shop.svc/help/operations/Status.htm#top"'
    )
    assert saved != text
    assert read_index_page(saved, "help.html") == read_index_page(text, "help.html")


def test_index_read_by_html_rules_reads_the_same() -> None:
    text = (SITE / "help.html").read_text(encoding="utf-8")
    reserialized = text.replace("<head>", '<head><meta charset="utf-8">').replace("<table>", "<table><tbody>")
    assert read_index_page(reserialized, "help.html") == read_index_page(text, "help.html")


def test_a_heading_without_a_url_leaves_the_base_unknown() -> None:
    text = (SITE / "help.html").read_text(encoding="utf-8")
    assert read_index_page(text.replace(f"Operations at {SHOP}</p>", "Operations</p>"), "f").base_url is None


ROW = '<tr><td>P</td><td title="t"><a rel="operation" href="help/operations/Op">GET</a></td><td>d</td></tr>\n'


def _index_page(rows: str) -> str:
    return f'<html><body><div id="content"><p class="heading1">Operations at http://h/S</p>\n<table>\n{rows}</table></div></body></html>'


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        (
            "<tr><td>P</td><td>GET</td><td>d</td></tr>\n",
            'not a WCF help index: no operation links (<a rel="operation">)',
            None,
        ),
        (ROW.replace("<td>d</td>", ""), "an index row must have Uri, Method and Description cells", 3),
        (
            ROW.replace("<td>P</td>", '<td rowspan="2">P</td>'),
            "a rowspan Uri cell spans more rows than the table has",
            None,
        ),
        (ROW.replace("<td>P</td>", '<td rowspan="x">P</td>'), "invalid rowspan 'x'", 3),
        (
            ROW.replace("help/operations/Op", "help/operations/../x"),
            "operation link 'help/operations/../x' must end in operations/<Name>",
            3,
        ),
        (ROW.replace("help/operations/Op", "help/operations/Op%20x"), "must end in operations/<Name>", 3),
        (ROW.replace("help/operations/Op", "https://evil/"), "must end in operations/<Name>", 3),
        (ROW + ROW, "operation 'Op' is listed twice", 4),
        (
            ROW.replace("</a>", '</a><a rel="operation" href="help/operations/B">POST</a>'),
            "must link to one operation",
            3,
        ),
    ],
)
def test_broken_indexes_say_why(rows: str, message: str, line: int | None) -> None:
    with pytest.raises(SpecError) as info:
        read_index_page(_index_page(rows), "help.html")
    assert message in info.value.message
    assert (info.value.file, info.value.line) == ("help.html", line)


def _site_spec(tmp_path: Path) -> Path:
    """The test site as a spec folder (what `wcfgen fetch` stores)."""
    api = tmp_path / "demo"
    shutil.copytree(SITE, api / "Shop")
    (api / "wcfgen.toml").write_text(
        f'[api]\nname = "demo"\npackage = "demo"\n\n[services.Shop]\nbase_url = "{SHOP}"\n'
    )
    return api


def test_service_folder_with_index_gives_pages_their_declared_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, RawPage] = {}

    def spy(page: RawPage, name: str, base_url: str) -> PageResult:
        seen[name] = page
        return real_read_operation(page, name, base_url)

    monkeypatch.setattr("wcfgen.read.read_operation", spy)
    api = read_api(_site_spec(tmp_path))
    assert [(op.name, op.method, op.uri_template) for op in api.services[0].operations] == [
        ("CancelOrder", "POST", "Orders/Cancel"),
        ("CreateOrder", "POST", "Orders"),
        ("LatestOrder", "GET", "Orders"),
        ("Ping", "GET", "Ping"),
        ("Status", "GET", "Status"),
    ]
    assert {name: (page.declared_path, page.jsonp_callback) for name, page in seen.items()} == {
        "CancelOrder": ("Orders/Cancel", None),
        "CreateOrder": ("Orders", None),
        "LatestOrder": ("Orders", "callback"),
        "Ping": ("Ping", None),
        "Status": ("Status", None),
    }
    assert seen["Ping"].file == "demo/Shop/Ping.html"


def test_text_and_xhtml_pages_live_side_by_side(tmp_path: Path) -> None:
    api = _site_spec(tmp_path)
    (api / "Shop" / "help.html").unlink()  # text pages have no index
    (api / "PBX").mkdir()
    shutil.copy(K2_PAGE, api / "PBX" / "NewCallEvent.txt")
    with (api / "wcfgen.toml").open("a") as toml:
        toml.write('\n[services.PBX]\nbase_url = "https://api.k2ol.cz/PBX"\n')
    services = read_api(api).services
    assert [(s.name, [op.name for op in s.operations]) for s in services] == [
        ("PBX", ["NewCallEvent"]),
        ("Shop", ["CancelOrder", "CreateOrder", "LatestOrder", "Ping", "Status"]),
    ]


@pytest.mark.parametrize(
    ("change", "file", "message"),
    [
        (
            lambda shop: (shop / "Ping.html").unlink(),
            "demo/Shop/help.html",
            "the index lists operations without a page: Ping",
        ),
        (
            lambda shop: shutil.copy(shop / "Ping.html", shop / "Pong.html"),
            "demo/Shop/Pong.html",
            "operation 'Pong' is not listed in the service's index (help.html)",
        ),
        (
            lambda shop: (shop / "help.html").write_text(
                (shop / "help.html").read_text().replace('operations/Ping">GET', 'operations/Ping">POST')
            ),
            "demo/Shop/Ping.html",
            "the index lists 'Ping' as POST, its page as GET",
        ),
        (
            lambda shop: (shop / "Ping.txt").write_text(K2_PAGE.read_text()),
            "demo/Shop/Ping.txt",
            "two pages for operation 'Ping': keep one of .html and .txt",
        ),
        (
            lambda shop: (shop / "help.html").write_text((shop / "help.html").read_text()[:-10]),
            "demo/Shop/help.html",
            "not a complete HTML page",
        ),
    ],
)
def test_index_and_pages_must_agree(tmp_path: Path, change: object, file: str, message: str) -> None:
    api = _site_spec(tmp_path)
    change(api / "Shop")  # type: ignore[operator]
    with pytest.raises(SpecError) as info:
        read_api(api)
    assert message in info.value.message
    assert info.value.file == file
