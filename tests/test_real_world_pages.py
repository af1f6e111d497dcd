"""What real published WCF sites serve, read through the real readers (issue 9, items 1, 2 and 6).

The fixture ``tests/specs/html/ferries/`` is a service laid out as such sites show it: an index
whose Uri column keeps the declared templates (leading ``/``, declared case, ``{*path}``,
``{day=today}``, a query-only template) with their queries removed, pages requested through
other host names than the index's (``www.`` or not, https, a proxy's internal name), and
WCF's "Request Error" page saved in place of one operation's help page.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SPECS
from wcfgen.errors import SpecError
from wcfgen.ir import UriVariable
from wcfgen.read import read_api
from wcfgen.read.error_page import ErrorPage, read_error_page
from wcfgen.read.index_page import IndexEntry, read_index_page
from wcfgen.read.page import read_operation
from wcfgen.read.text_page import read_text_page

FERRIES = SPECS / "html" / "ferries"
INDEX_BASE = "http://www.ferries.example/Ferries.svc"
VESSEL_ERROR = (
    "The type 'Ferries.Contracts.VesselClass' cannot be exported: the enumeration value 'Jumbo' is declared twice."
)


def test_the_index_keeps_declared_templates_with_their_queries_removed() -> None:
    index = read_index_page((FERRIES / "Ferries" / "help.html").read_text(encoding="utf-8-sig"), "help.html")
    assert index.base_url == INDEX_BASE
    assert [(e.name, e.path, e.url) for e in index.entries] == [
        ("Submit", "", f"{INDEX_BASE}/"),
        ("GetCacheFlushDate", "/cacheflushdate", f"{INDEX_BASE}/cacheflushdate"),
        ("GetFile", "/files/{*path}", f"{INDEX_BASE}/files/{{PATH}}"),
        ("GetLegacy", "/legacy/*", f"{INDEX_BASE}/legacy/"),
        ("GetSailings", "/sailings/{TripDate}/{RouteID}", f"{INDEX_BASE}/sailings/{{TRIPDATE}}/{{ROUTEID}}?apiaccesscode={{APIACCESSCODE}}"),
        ("GetSchedule", "/schedule/{day=today}", f"{INDEX_BASE}/schedule/{{DAY}}"),
        ("GetVessel", "/vessels/{VesselID}", f"{INDEX_BASE}/vessels/{{VESSELID}}?apiaccesscode={{APIACCESSCODE}}"),
        ("Search", "?q={q}", f"{INDEX_BASE}/?q={{Q}}"),  # FilterQueryVariables keeps a template that is only a query
        ("ListTerminals", "terminals/", f"{INDEX_BASE}/terminals/"),
    ]  # fmt: skip
    assert index.entries[0] == IndexEntry(
        "Submit", "POST", "", f"{INDEX_BASE}/", "Submits a trip report (the service root).", 17
    )


def test_a_service_as_real_sites_publish_it_reads_into_its_operations() -> None:
    api = read_api(FERRIES)
    (service,) = api.services
    assert service.base_url == "https://ferries.example/Ferries.svc"  # the manifest decides, not the pages
    assert [(op.name, op.method, op.uri_template, op.variables) for op in service.operations] == [
        ("GetCacheFlushDate", "GET", "cacheflushdate", ()),
        ("GetFile", "GET", "files/{*path}", (UriVariable("path", "path", wildcard=True),)),
        ("GetLegacy", "GET", "legacy/", ()),
        ("GetSailings", "GET", "sailings/{TripDate}/{RouteID}?apiaccesscode={APIACCESSCODE}", (
            UriVariable("TripDate", "trip_date"),
            UriVariable("RouteID", "route_id"),
            UriVariable("APIACCESSCODE", "apiaccesscode", query_key="apiaccesscode"),
        )),
        ("GetSchedule", "GET", "schedule/{day=today}", (UriVariable("day", "day", default="today"),)),
        ("ListTerminals", "GET", "terminals/", ()),
        ("Search", "GET", "?q={Q}", (UriVariable("Q", "q", query_key="q"),)),
        ("Submit", "POST", "", ()),
    ]  # fmt: skip
    assert api.warnings == (
        (
            f"Ferries/GetVessel: the service could not render this operation's help page (Request Error: {VESSEL_ERROR}); "
            "it is left out (ferries/Ferries/GetVessel.html)"
        ),
    )


# --- item 1: the declared path against the page's --------------------------------------------------------------------

PAGE = """\
Reference for  http://h/S/{url}
Url: http://h/S/{url}
HTTP Method: GET
| Message direction | Format | Body |
|---|---|---|
| Request | N/A | The Request body is empty. |
| Response | Xml | Example |
| Response | Json | Example |
The following is an example response Xml body:
<int xmlns="http://schemas.microsoft.com/2003/10/Serialization/">2147483647</int>
The following is an example response Json body:
2147483647
"""


def _template(url: str, declared: str | None, base: str = "http://h/S") -> tuple[str, tuple[UriVariable, ...]]:
    page = dataclasses.replace(read_text_page(PAGE.format(url=url), "Op.txt"), declared_path=declared)
    op = read_operation(page, "Op", base).operation
    return op.uri_template, op.variables


@pytest.mark.parametrize(
    ("url", "declared", "template", "names"),
    [
        ("orders/{ORDERDATE}/{CUSTOMERID}?key={KEY}", "/orders/{OrderDate}/{CustomerID}",
         "orders/{OrderDate}/{CustomerID}?key={KEY}", ["order_date", "customer_id", "key"]),
        ("orders/{ORDERDATE}?key={KEY}", "orders/{orderDate}", "orders/{orderDate}?key={KEY}", ["order_date", "key"]),
        ("Orders/{ID}", "/orders/{id}", "orders/{id}", ["id_"]),  # literals compare without case, as WCF matches them
        ("files/{PATH}", "/files/{*path}", "files/{*path}", ["path"]),
        ("greeting/{NAME}", "greeting/{name=world}", "greeting/{name=world}", ["name"]),
        ("items/", "/items/", "items/", []),
        ("items/", "items/*", "items/", []),
        ("?q={Q}", "?q={q}", "?q={Q}", ["q"]),
        ("", "", "", []),
        ("", "/", "", []),
        ("orders/{CUSTOMERID}", None, "orders/{CUSTOMERID}", ["customerid"]),  # no index: the page's names, folded
    ],
)  # fmt: skip
def test_declared_paths_match_pages_modulo_a_leading_slash_and_case(
    url: str, declared: str | None, template: str, names: list[str]
) -> None:
    got, variables = _template(url, declared)
    assert (got, [v.python_name for v in variables]) == (template, names)


def test_the_declared_path_gives_wildcards_and_defaults() -> None:
    _, (wild,) = _template("files/{PATH}", "/files/{*path}")
    _, (default,) = _template("greeting/{NAME}", "greeting/{name=world}")
    assert (wild.wildcard, wild.default, default.wildcard, default.default) == (True, None, False, "world")


@pytest.mark.parametrize(
    ("url", "declared", "message"),
    [
        ("orders/{ID}", "/orders/{id}/lines", "does not match the page's"),
        ("orders/{ID}", "/orders/lines", "does not match the page's"),
        ("orders/{A}/{B}", "orders/{a}", "does not match the page's"),
        ("fIle/{ID}", "fıle/{id}", "unsupported characters in the URI template 'fıle/{id}'"),  # 'ı'.upper() == 'I'
    ],
)
def test_a_declared_path_of_another_shape_is_refused(url: str, declared: str, message: str) -> None:
    with pytest.raises(SpecError, match=re.escape(message)):
        _template(url, declared)


# --- item 2: the host is whatever name the page was requested through --------------------------------------------------


@pytest.mark.parametrize(
    ("page_base", "service_base"),
    [
        ("http://www.wsdot.example/Traffic/api/Tolls.svc", "http://wsdot.example/Traffic/api/Tolls.svc"),
        ("http://wsdot.example/Traffic/api/Tolls.svc", "https://www.wsdot.example/Traffic/api/Tolls.svc"),
        ("http://web01:8080/Traffic/api/Tolls.svc", "https://api.example/Traffic/api/Tolls.svc/"),
        ("http://web01/traffic/API/tolls.svc", "https://api.example/Traffic/api/Tolls.svc"),  # IIS paths have no case
    ],
)
def test_pages_match_the_service_by_path_under_its_base(page_base: str, service_base: str) -> None:
    page = read_text_page(PAGE.replace("http://h/S/{url}", f"{page_base}/GetTollRates?AccessCode={{ACCESSCODE}}"), "f")
    op = read_operation(page, "GetTollRates", service_base).operation
    assert op.uri_template == "GetTollRates?AccessCode={ACCESSCODE}"


def test_a_service_at_the_root_of_its_host() -> None:
    assert _template("ping", None, base="https://other/")[0] == "S/ping"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://h/Other/Op", "the operation URL 'http://h/Other/Op' is not under the service base URL 'http://h/Svc' (path '/Svc')"),
        ("http://h/Svc2/Op", "is not under the service base URL"),
        ("ftp://h/Svc/Op", "the operation URL 'ftp://h/Svc/Op' is not an absolute http(s) URL"),
        ("http://h/Svc/Op#top", "unsupported characters in the operation URL"),
    ],
)  # fmt: skip
def test_a_page_outside_the_service_path_is_refused(url: str, message: str) -> None:
    page = dataclasses.replace(read_text_page(PAGE.format(url="Op"), "Op.txt"), url=url)
    with pytest.raises(SpecError) as info:
        read_operation(page, "Op", "http://h/Svc")
    assert message in info.value.message and info.value.file == "Op.txt"


def test_pages_of_one_service_saved_through_two_hosts_generate_one_service(tmp_path: Path) -> None:
    api = tmp_path / "ferries"
    shutil.copytree(FERRIES, api)
    (api / "Ferries" / "help.html").unlink()  # without the index, the manifest's path decides
    (api / "Ferries" / "GetVessel.html").unlink()
    service = read_api(api).services[0]
    assert {op.name: op.uri_template for op in service.operations}["GetSchedule"] == "schedule/{DAY}"  # via web01:8080
    assert {op.name: op.uri_template for op in service.operations}["Submit"] == ""  # via https://ferries.example


# --- item 6: WCF's error page in place of a help page -------------------------------------------------------------------


ERROR_PAGE = (FERRIES / "Ferries" / "GetVessel.html").read_text(encoding="utf-8-sig")


def _error_page(paragraphs: str) -> str:
    """The fixture's error page with other paragraphs after its heading."""
    head, _, rest = ERROR_PAGE.partition('<p class="heading1">Request Error</p>\n')
    return f'{head}<p class="heading1">Request Error</p>\n{paragraphs}    </div>{rest.partition("    </div>")[2]}'



def test_wcf_error_pages_are_recognised_by_structure() -> None:
    assert ERROR_PAGE.startswith('<?xml version="1.0" encoding="utf-8"?>')  # XDocument.Save, unlike help pages
    assert read_error_page(ERROR_PAGE, "f") == ErrorPage("Request Error", VESSEL_ERROR)
    # without exception details (includeExceptionDetailInFaults off), and localized: the whole message
    czech = _error_page(
        '      <p xmlns="">Na serveru došlo k chybě. Viz <a rel="help-page" href="http://h/S/help">nápověda</a>.</p>\n'
    ).replace("Request Error", "Chyba požadavku")
    assert read_error_page(czech, "f") == ErrorPage("Chyba požadavku", "Na serveru došlo k chybě. Viz nápověda.")
    # without help (no link), with details: message and stack trace paragraphs
    bare = _error_page(
        "      <p>The server encountered an error processing the request. The exception message is 'x'. "
        "See server logs for more details.</p>\n      <p>   at A.B()</p>\n"
    )
    assert read_error_page(bare, "f") == ErrorPage("Request Error", "x")


def test_an_error_message_is_one_bounded_line_of_printable_text() -> None:
    hostile = _error_page(f"      <p>\x1b[31mred\x1b[0m {'x' * 1000}</p>\n")
    error = read_error_page(hostile, "f")
    assert error is not None and error.message.isprintable() and len(error.message) == 300
    assert error.message.startswith(" [31mred [0m x")


@pytest.mark.parametrize(
    "path", [FERRIES / "Ferries" / "Search.html", FERRIES / "Ferries" / "help.html", SPECS / "html" / "site" / "Ping.html"]
)
def test_help_pages_and_indexes_are_not_error_pages(path: Path) -> None:
    assert read_error_page(path.read_text(encoding="utf-8-sig"), "f") is None


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><p>Request Error</p></body></html>",  # no heading1
        '<html><body><div id="content"><p class="heading1">Request Error</p></div></body></html>',  # no message
        '<html><body><div id="content"><p class="heading1">E</p><p>m <b>bold</b></p></div></body></html>',
        '<html><body><div id="content"><p class="heading1">E</p><table></table></div></body></html>',
        "not html at all",
    ],
)
def test_other_pages_are_not_taken_for_error_pages(text: str) -> None:
    assert read_error_page(text, "f") is None


def test_a_service_whose_every_page_is_an_error_page_is_refused(tmp_path: Path) -> None:
    api = tmp_path / "ferries"
    (api / "Ferries").mkdir(parents=True)
    shutil.copy(FERRIES / "wcfgen.toml", api)
    shutil.copy(FERRIES / "Ferries" / "GetVessel.html", api / "Ferries")
    with pytest.raises(SpecError, match="every help page of service 'Ferries' is an error page"):
        read_api(api)
