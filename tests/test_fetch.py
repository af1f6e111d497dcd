"""`wcfgen fetch` against a real help site on 127.0.0.1, then `generate`, and a client that works.

The site (``tests/fetchsite.py``) serves the Shop fixture the way WCF does, and can be told
to misbehave. ``tests/specs/html/ferries/`` is served as saved: its pages name other hosts, and one is
WCF's error page, which WCF serves with status 400.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from typer.testing import CliRunner

from tests.conftest import serve
from tests.fetchsite import (
    FERRIES,
    HelpSite,
    cut_transfer,
    fetch_shop,
    redirect,
    respond,
    running_site,
    stall,
    tree,
    unsized,
)
from wcfgen.cli import app
from wcfgen.fetch.progress import PlainProgress, TerminalProgress

OPERATIONS = ("CancelOrder", "CreateOrder", "LatestOrder", "Ping", "Status")
runner = CliRunner()


@pytest.fixture
def site() -> Iterator[HelpSite]:
    with running_site() as running:
        yield running


# --- the update workflow ---------------------------------------------------------------------------------------------


class Shop:
    """The service implementation behind the generated server stub."""

    def __init__(self, models: Any) -> None:
        self.models = models
        self.orders: list[Any] = []

    def cancel_order(self, value: str, /) -> bool:
        return value == "A-1"

    def create_order(self, order: Any, /) -> Any:
        self.orders.append(order)
        return self.models.OrderReceipt(id_=UUID(int=len(self.orders)), total=float(order.price * order.quantity))

    def latest_order(self) -> Any:
        return self.models.OrderReceipt(id_=UUID(int=len(self.orders)), total=0.5)

    def ping(self) -> bool:
        return True

    def status(self) -> str:
        return "Vše v pořádku"


@pytest.fixture
def imported(tmp_path: Path) -> Iterator[Callable[[str], Any]]:
    """Import modules of a package generated under tmp_path/out, and forget them afterwards."""

    def load(name: str) -> Any:
        importlib.invalidate_caches()  # the folder did not exist when it went on sys.path
        return importlib.import_module(name)

    sys.path.insert(0, str(tmp_path / "out"))
    yield load
    sys.path.remove(str(tmp_path / "out"))
    for name in [name for name in sys.modules if name.partition(".")[0] in ("demo", "ferries")]:
        del sys.modules[name]


def test_fetch_then_generate_gives_a_working_binding(
    site: HelpSite, tmp_path: Path, imported: Callable[[str], Any]
) -> None:
    spec, out = tmp_path / "schemas", tmp_path / "out"
    result = fetch_shop(site, spec)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Shop: 5 operations at {site.base}/Shop.svc",
        *(f"  added   {name}" for name in OPERATIONS),
        f"  set [services.Shop] base_url in {spec / 'demo' / 'wcfgen.toml'}",
        f"wrote {spec / 'demo' / 'Shop'}; run 'wcfgen generate' to update the binding",
    ]
    stored = spec / "demo" / "Shop"
    assert sorted(p.name for p in stored.iterdir()) == sorted(
        [*(f"{n}.html" for n in OPERATIONS), "help.html", "snapshot.json"]
    )
    for path, body in site.pages.items():  # byte for byte as served
        assert (
            stored / ("help.html" if path.endswith("/help") else f"{path.rpartition('/')[2]}.html")
        ).read_bytes() == body
    assert (
        (spec / "demo" / "wcfgen.toml")
        .read_text()
        .endswith(f'[api]\nname = "demo"\npackage = "demo"\n\n[services.Shop]\nbase_url = "{site.base}/Shop.svc"\n')
    )

    result = runner.invoke(app, ["generate", str(spec), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["check", str(spec), "-o", str(out)]).exit_code == 0

    models, shop = imported("demo.models"), imported("demo.shop")
    implementation = Shop(models)
    with serve(imported("demo.shop.server").create_app(implementation)) as stub:
        for wire_format in ("xml", "json"):
            with shop.Client(f"{stub}/Shop.svc", wire_format=wire_format) as client:
                order = models.Order(customer="Čeněk", express=True, price=Decimal("2.5"), quantity=3)
                assert client.create_order(order) == models.OrderReceipt(
                    id_=UUID(int=len(implementation.orders)), total=7.5
                )
                assert implementation.orders[-1] == order
                assert client.latest_order() == models.OrderReceipt(id_=UUID(int=len(implementation.orders)), total=0.5)
                assert (client.cancel_order("A-1"), client.cancel_order("B-2")) == (True, False)
                assert (client.ping(), client.status()) == (True, "Vše v pořádku")
    assert len(implementation.orders) == 2


def test_snapshot_record_names_each_page_source_and_hash(site: HelpSite, tmp_path: Path) -> None:
    site.headers["/Shop.svc/help"] = {"ETag": '"v1"', "Last-Modified": "Wed, 25 Nov 2026 10:00:00 GMT"}
    site.headers["/Shop.svc/help/operations/Ping"] = {"ETag": 'W/"p"'}
    assert fetch_shop(site, tmp_path).exit_code == 0
    record = json.loads((tmp_path / "demo" / "Shop" / "snapshot.json").read_bytes())
    help_page, ping = site.pages["/Shop.svc/help"], site.pages["/Shop.svc/help/operations/Ping"]
    assert record["generator"] == "wcfgen 0.1.0" and record["service_url"] == f"{site.base}/Shop.svc"
    assert record["pages"]["help.html"] == {
        "url": f"{site.base}/Shop.svc/help",
        "sha256": hashlib.sha256(help_page).hexdigest(),
        "etag": '"v1"',
        "last_modified": "Wed, 25 Nov 2026 10:00:00 GMT",
    }
    assert record["pages"]["Ping.html"] == {
        "url": f"{site.base}/Shop.svc/help/operations/Ping",
        "sha256": hashlib.sha256(ping).hexdigest(),
        "etag": 'W/"p"',
    }
    assert sorted(record["pages"]) == sorted(["help.html", *(f"{n}.html" for n in OPERATIONS)])


def test_refetching_an_unchanged_service_rewrites_nothing(site: HelpSite, tmp_path: Path) -> None:
    assert fetch_shop(site, tmp_path).exit_code == 0
    before = tree(tmp_path)
    site.headers["/Shop.svc/help"] = {"ETag": '"changes on every request"'}
    result = fetch_shop(site, tmp_path)
    assert (result.exit_code, result.stdout) == (0, "Shop: up to date (5 operations), nothing written\n")
    assert tree(tmp_path) == before


def test_refetch_reports_what_changed_and_replaces_the_snapshot(site: HelpSite, tmp_path: Path) -> None:
    assert fetch_shop(site, tmp_path).exit_code == 0
    site.edit("help", "help/operations/Status", "help/operations/Health")  # Status renamed to Health
    site.pages["/Shop.svc/help/operations/Health"] = site.pages.pop("/Shop.svc/help/operations/Status")
    site.edit("Ping", "Ověří, že služba běží.", "Ověří spojení.")
    result = fetch_shop(site, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Shop: 5 operations at {site.base}/Shop.svc",
        "  added   Health",
        "  removed Status",
        "  changed Ping",
        "  changed the index (help.html)",
        f"wrote {tmp_path / 'demo' / 'Shop'}; run 'wcfgen generate' to update the binding",
    ]
    stored = tmp_path / "demo" / "Shop"
    assert not (stored / "Status.html").exists()
    assert (stored / "Ping.html").read_bytes() == site.pages["/Shop.svc/help/operations/Ping"]
    assert "Health.html" in json.loads((stored / "snapshot.json").read_bytes())["pages"]
    assert sorted(p.name for p in tmp_path.joinpath("demo").iterdir()) == ["Shop", "wcfgen.toml"]  # no leftovers


def test_fetch_keeps_the_manifest_and_only_sets_the_base_url(site: HelpSite, tmp_path: Path) -> None:
    manifest = tmp_path / "demo" / "wcfgen.toml"
    manifest.parent.mkdir()
    manifest.write_text(
        '# my API\n[api]\nname = "demo"\npackage = "demo"\nauth = "k2"\n\n'
        '[services.Shop]  # the shop\nbase_url = "https://old.example/Shop.svc"  # was\n\n'
        '[services.Other]\nbase_url = "https://other.example/X"\n'
    )
    result = fetch_shop(site, tmp_path)
    assert result.exit_code == 0, result.output
    assert manifest.read_text() == (
        '# my API\n[api]\nname = "demo"\npackage = "demo"\nauth = "k2"\n\n'
        f'[services.Shop]  # the shop\nbase_url = "{site.base}/Shop.svc"\n\n'
        '[services.Other]\nbase_url = "https://other.example/X"\n'
    )


def test_a_500_or_a_timeout_is_retried(site: HelpSite, tmp_path: Path) -> None:
    site.faults["/Shop.svc/help"] = [respond(503, b"busy", {"Retry-After": "0"})]
    site.faults["/Shop.svc/help/operations/Ping"] = [respond(500, b"oops"), respond(502, b"")]
    site.faults["/Shop.svc/help/operations/Status"] = [stall(1.0)]
    site.faults["/Shop.svc/help/operations/CreateOrder"] = [cut_transfer]
    started = time.monotonic()
    result = fetch_shop(site, tmp_path, "--timeout", "0.3", "--retries", "2")
    assert result.exit_code == 0, result.output
    # Retry-After: 0 is taken at its word; otherwise 0.5 s, then 1 s before the next attempt
    assert 1.5 < time.monotonic() - started < 5
    hits = {name: site.hits(f"/Shop.svc/help/operations/{name}") for name in ("Ping", "Status", "CreateOrder")}
    assert (site.hits("/Shop.svc/help"), hits) == (2, {"Ping": 3, "Status": 2, "CreateOrder": 2})
    for name in hits:
        assert (tmp_path / "demo" / "Shop" / f"{name}.html").read_bytes() == site.pages[
            f"/Shop.svc/help/operations/{name}"
        ]


# --- failures: one clear message, exit 2, the previous snapshot untouched ---------------------------------------------


def _not_help(site: HelpSite) -> None:
    site.pages["/Shop.svc/help"] = b"<html><body><h1>Welcome to IIS</h1></body></html>"


def _error_page_from_a_proxy(site: HelpSite) -> None:  # with 200: WCF itself answers 400
    site.pages["/Shop.svc/help/operations/Ping"] = (
        b'<html><body><div id="content"><p class="heading1">Request Error</p><p>The server encountered an error '
        b'processing the request. See the <a rel="help-page" href="../help">service help page</a>.</p></div></body></html>'
    )


WCF_ERROR_PAGE = (FERRIES / "Ferries" / "GetVessel.html").read_bytes()
WCF_ERROR = (
    "Request Error: The type 'Ferries.Contracts.VesselClass' cannot be exported: "
    "the enumeration value 'Jumbo' is declared twice."
)
BROKEN = (
    "the service could not render the help page of operation '{name}' (HTTP {status}: {error}); "
    "nothing was changed (--skip-broken-pages fetches the other operations)"
)


def _truncated(site: HelpSite) -> None:
    page = site.pages["/Shop.svc/help/operations/CreateOrder"]
    site.pages["/Shop.svc/help/operations/CreateOrder"] = page[: len(page) * 2 // 3]


FAILURES: list[tuple[str, Callable[[HelpSite], object], str, str]] = [
    ("404", lambda s: s.pages.pop("/Shop.svc/help/operations/Ping"), "/help/operations/Ping",
     "HTTP 404 Not Found: no such page (is the URL the service's address, with help enabled?)"),
    ("500", lambda s: s.faults.update({"/Shop.svc/help/operations/Ping": [respond(500, b"")] * 2}),
     "/help/operations/Ping", "HTTP 500 Internal Server Error after 2 attempts"),
    ("timeout", lambda s: s.faults.update({"/Shop.svc/help/operations/Status": [stall(1.0)] * 2}),
     "/help/operations/Status", "timed out after 2 attempts"),
    ("cut transfer", lambda s: s.faults.update({"/Shop.svc/help": [cut_transfer] * 2}),
     "/help", "connection failed (RemoteProtocolError: peer closed connection without sending complete message body"),
    ("401", lambda s: s.faults.update({"/Shop.svc/help": [respond(401, b"")]}),
     "/help", "HTTP 401 Unauthorized: the service refused access (see --auth, --user, --header)"),
    ("not help", _not_help, "/help", 'not a WCF help index: no operation links (<a rel="operation">)'),
    ("error page", lambda s: s.faults.update({"/Shop.svc/help/operations/Ping": [respond(400, WCF_ERROR_PAGE)]}),
     "/help/operations/Ping", BROKEN.format(name="Ping", status=400, error=WCF_ERROR)),
    ("error page, 500", lambda s: s.faults.update({"/Shop.svc/help/operations/Ping": [respond(500, WCF_ERROR_PAGE)] * 2}),
     "/help/operations/Ping", BROKEN.format(name="Ping", status=500, error=WCF_ERROR)),
    ("error page from a proxy", _error_page_from_a_proxy, "/help/operations/Ping", BROKEN.format(name="Ping", 
        status=200, error="Request Error: The server encountered an error processing the request. See the service help page.")),
    ("error page for the index", lambda s: s.faults.update({"/Shop.svc/help": [respond(400, WCF_ERROR_PAGE)]}),
     "/help", f"the service could not render its help index (HTTP 400: {WCF_ERROR})"),
    ("truncated", _truncated, "/help/operations/CreateOrder", "not a complete HTML page: it does not end with </html> (truncated?)"),
    ("json", lambda s: s.faults.update({"/Shop.svc/help": [respond(200, b"{}", content_type="application/json")]}),
     "/help", "not a WCF help page: Content-Type is 'application/json'"),
    ("too large", lambda s: s.faults.update({"/Shop.svc/help/operations/Ping": [unsized(b"x" * (8 * 1024 * 1024 + 1))]}),
     "/help/operations/Ping", "page larger than 8388608 bytes"),
    ("not UTF-8", lambda s: s.pages.update({"/Shop.svc/help/operations/Ping": "<html>Změněno</html>".encode("cp1250")}),
     "/help/operations/Ping", "page is not UTF-8 (byte 8)"),
    ("other host", lambda s: s.faults.update({"/Shop.svc/help": [redirect(s.base.replace("127.0.0.1", "localhost") + "/Shop.svc/help")]}),
     "/help", "redirected to {other}/Shop.svc/help, another host or plain http; pass --allow-other-hosts to follow it"),
    ("ftp redirect", lambda s: s.faults.update({"/Shop.svc/help": [redirect("ftp://127.0.0.1/help")]}),
     "/help", "redirected to a non-HTTP URL 'ftp://127.0.0.1/help'"),
]  # fmt: skip


@pytest.mark.parametrize(("break_site", "path", "message"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_a_failed_fetch_says_why_and_keeps_the_old_snapshot(
    site: HelpSite, tmp_path: Path, break_site: Callable[[HelpSite], object], path: str, message: str
) -> None:
    assert fetch_shop(site, tmp_path).exit_code == 0
    site.edit("Ping", "Ověří, že služba běží.", "Změněno.")  # so a complete fetch would change the snapshot
    before = tree(tmp_path)
    break_site(site)
    result = fetch_shop(site, tmp_path, "--timeout", "0.3", "--retries", "1")
    assert result.exit_code == 2
    assert result.stdout == ""
    error = [line for line in result.stderr.splitlines() if not line.startswith("fetched ")]
    expected = message.format(other=site.base.replace("127.0.0.1", "localhost"))
    assert len(error) == 1 and error[0].startswith(f"error: {site.base}/Shop.svc{path}: {expected}"), result.stderr
    assert tree(tmp_path) == before


def test_a_folder_with_foreign_files_is_refused_before_downloading(site: HelpSite, tmp_path: Path) -> None:
    (tmp_path / "demo" / "Shop").mkdir(parents=True)
    (tmp_path / "demo" / "Shop" / "notes.md").write_text("mine\n")
    result = fetch_shop(site, tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path / 'demo' / 'Shop' / 'notes.md'}: is not a help page; "
        "fetch replaces the service folder, so move it elsewhere first\n"
    )
    assert site.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/Shop.svc", "not an http(s) URL: 'ftp://127.0.0.1/Shop.svc'"),
        ("http://me:pw@127.0.0.1/Shop.svc", "the service URL must have no query, fragment or user name"),
        ("http://127.0.0.1/Shop.svc?x=1", "the service URL must have no query, fragment or user name"),
        ("http://127.0.0.1/my-shop.svc", "service name 'my-shop' must be letters, digits and '_' (see --service)"),
    ],
)
def test_unusable_service_urls_are_refused(tmp_path: Path, url: str, message: str) -> None:
    result = runner.invoke(app, ["fetch", url, "-s", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {message}"), result.stderr
    assert list(tmp_path.iterdir()) == []


# --- redirects and credentials -----------------------------------------------------------------------------------------


def _k2_signature(password: str, url: str) -> str:
    return base64.b64encode(hmac.new(password.encode(), url.upper().encode(), hashlib.md5).digest()).decode()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--auth", "k2", "--user", "jana"], lambda url: {"Authorization": f"jana:{_k2_signature('tajné heslo', url)}"}),
        (["--auth", "basic", "--user", "jana"], lambda url: {"Authorization": "Basic " + base64.b64encode("jana:tajné heslo".encode()).decode()}),
        (["-H", "X-Api-Key: k-123", "--header", "X-Tenant:  7 "], lambda url: {"X-Api-Key": "k-123", "X-Tenant": "7"}),
    ],
)  # fmt: skip
def test_credentials_are_sent_with_every_request(
    site: HelpSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    expected: Callable[[str], dict[str, str]],
) -> None:
    monkeypatch.setenv("WCFGEN_PASSWORD", "tajné heslo")
    assert fetch_shop(site, tmp_path, *options).exit_code == 0
    assert len(site.requests) == 6
    for host, path, headers in site.requests:
        wanted = expected(f"http://{host}{path}")
        assert {name: headers.get(name) for name in wanted} == wanted, path


def test_auth_needs_a_password_from_the_environment(
    site: HelpSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WCFGEN_PASSWORD", raising=False)
    result = fetch_shop(site, tmp_path, "--auth", "k2", "--user", "jana")
    assert (result.exit_code, result.stderr) == (2, "error: --auth k2: set the password in $WCFGEN_PASSWORD\n")
    result = fetch_shop(site, tmp_path, "-H", "X-Bad\r\nInjected: 1")
    assert result.exit_code == 2 and "a header must be 'Name: value' on one line" in result.stderr
    assert site.requests == []


def test_redirects_on_the_same_host_are_followed(site: HelpSite, tmp_path: Path) -> None:
    site.faults["/Shop.svc/help"] = [redirect("/Moved.svc/help")]
    site.pages.update({path.replace("/Shop.svc/", "/Moved.svc/"): page for path, page in site.pages.items()})
    assert fetch_shop(site, tmp_path).exit_code == 0
    record = json.loads((tmp_path / "demo" / "Shop" / "snapshot.json").read_bytes())
    assert record["pages"]["help.html"]["url"] == f"{site.base}/Moved.svc/help"
    # the operation pages are fetched beside the index, where it was found
    assert site.hits("/Moved.svc/help/operations/Ping") == 1 and site.hits("/Shop.svc/help/operations/Ping") == 0


def test_other_hosts_only_when_allowed_and_never_with_credentials(
    site: HelpSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = site.base.replace("127.0.0.1", "localhost")
    site.faults["/Shop.svc/help"] = [redirect(f"{other}/Shop.svc/help")]
    monkeypatch.setenv("WCFGEN_PASSWORD", "pw")
    result = fetch_shop(site, tmp_path, "--auth", "basic", "--user", "u", "--allow-other-hosts")
    assert result.exit_code == 0, result.output
    hosts = [(host.partition(":")[0], "Authorization" in headers) for host, _, headers in site.requests]
    assert hosts == [("127.0.0.1", True)] + [("localhost", False)] * 6


# --- pages as real sites serve them: other host names, WCF's error page in place of a help page ----------------------


FERRY_OPERATIONS = (
    "GetCacheFlushDate", "GetFile", "GetLegacy", "GetSailings", "GetSchedule", "GetVessel", "ListTerminals", "Search",
    "Submit",
)  # fmt: skip
GET_VESSEL = "/Ferries.svc/help/operations/GetVessel"


@pytest.fixture
def ferries(site: HelpSite) -> HelpSite:
    """The ferries fixture as saved: the index names www.ferries.example, pages other hosts; GetVessel is an error page."""
    site.load(FERRIES / "Ferries", "/Ferries.svc", as_saved=True)
    site.status[GET_VESSEL] = 400  # what WCF answers with its error page
    return site


def _fetch_ferries(site: HelpSite, spec: Path, *extra: str) -> Any:
    return runner.invoke(app, ["fetch", f"{site.base}/Ferries.svc", "-s", str(spec), *extra])


def test_a_help_page_the_service_cannot_render_stops_the_fetch_ferries(ferries: HelpSite, tmp_path: Path) -> None:
    result = _fetch_ferries(ferries, tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert [line for line in result.stderr.splitlines() if not line.startswith("fetched ")] == [
        f"error: {ferries.base}{GET_VESSEL}: " + BROKEN.format(name="GetVessel", status=400, error=WCF_ERROR)
    ]
    assert list(tmp_path.iterdir()) == []
    assert ferries.hits(GET_VESSEL) == 1  # a 400 is the service's answer: not retried


def test_skipped_broken_pages_are_recorded_and_generate_warns_on_every_run(ferries: HelpSite, tmp_path: Path) -> None:
    spec, out = tmp_path / "schemas", tmp_path / "out"
    result = _fetch_ferries(ferries, spec, "--skip-broken-pages")
    assert result.exit_code == 0, result.output
    broken = f"  broken  GetVessel: the service could not render its help page (HTTP 400: {WCF_ERROR}); left out"
    assert result.stdout.splitlines() == [
        f"Ferries: 9 operations at {ferries.base}/Ferries.svc",
        "  note: the index names the service http://www.ferries.example/Ferries.svc; base_url is the address fetched",
        *(f"  added   {name}" for name in FERRY_OPERATIONS),
        broken,
        f"  set [services.Ferries] base_url in {spec / 'ferries' / 'wcfgen.toml'}",
        f"wrote {spec / 'ferries' / 'Ferries'}; run 'wcfgen generate' to update the binding",
    ]
    stored = spec / "ferries" / "Ferries"
    assert (stored / "GetVessel.html").read_bytes() == WCF_ERROR_PAGE  # as served: the record in the spec folder
    record = json.loads((stored / "snapshot.json").read_bytes())
    assert record["pages"]["GetVessel.html"] == {
        "url": f"{ferries.base}{GET_VESSEL}",
        "sha256": hashlib.sha256(WCF_ERROR_PAGE).hexdigest(),
        "status": 400,
        "broken": f"HTTP 400: {WCF_ERROR}",
    }
    assert sorted(record["pages"]["Search.html"]) == ["sha256", "url"]

    warning = (
        f"warning: Ferries/GetVessel: the service could not render this operation's help page ({WCF_ERROR}); "
        "it is left out (ferries/Ferries/GetVessel.html)"
    )
    for _ in range(2):  # every run says so, the second one writing nothing
        result = runner.invoke(app, ["generate", str(spec), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [warning]
    assert "get_vessel" not in (out / "ferries" / "ferries" / "client.py").read_text()

    result = _fetch_ferries(ferries, spec, "--skip-broken-pages")
    assert result.stdout.splitlines() == ["Ferries: up to date (9 operations), nothing written", broken]


class FerryService:
    """Echoes what reached the generated server stub."""

    def get_cache_flush_date(self) -> datetime:
        return datetime(2026, 11, 26, 8, 30, tzinfo=UTC)

    def get_file(self, path: str, /) -> str:
        return path

    def get_legacy(self) -> str:
        return "legacy"

    def get_sailings(self, trip_date: str, route_id: str, code: str | None, /) -> str:
        return f"{trip_date}|{route_id}|{code}"

    def get_schedule(self, day: str, /) -> str:
        return day

    def list_terminals(self) -> str:
        return "terminals"

    def search(self, q: str | None, /) -> str:
        return f"found {q}"

    def submit(self, report: str | None, /) -> bool:
        return report == "all calm"


class RecordingTransport(httpx.HTTPTransport):
    """The real transport, keeping each request's URL."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return super().handle_request(request)


def test_templates_as_real_indexes_declare_them_reach_the_server(
    ferries: HelpSite, tmp_path: Path, imported: Callable[[str], Any]
) -> None:
    spec, out = tmp_path / "schemas", tmp_path / "out"
    assert _fetch_ferries(ferries, spec, "--skip-broken-pages").exit_code == 0
    assert runner.invoke(app, ["generate", str(spec), "-o", str(out)]).exit_code == 0
    client_module, server = imported("ferries.ferries"), imported("ferries.ferries.server")
    calls = [  # (call, the URL it requests under the base, the answer)
        (lambda c: c.get_sailings("2026-11-26", 5, apiaccesscode="k 1"), "sailings/2026-11-26/5?apiaccesscode=k%201",
         "2026-11-26|5|k 1"),
        (lambda c: c.get_file("docs/a b.pdf"), "files/docs/a%20b.pdf", "docs/a b.pdf"),
        (lambda c: c.get_schedule(), "schedule/today", "today"),
        (lambda c: c.get_schedule(day="mon"), "schedule/mon", "mon"),
        (lambda c: c.list_terminals(), "terminals/", "terminals"),
        (lambda c: c.get_legacy(), "legacy/", "legacy"),
        (lambda c: c.search(q="ferry"), "?q=ferry", "found ferry"),
        (lambda c: c.submit("all calm"), "", True),
        (lambda c: c.get_cache_flush_date(), "cacheflushdate", datetime(2026, 11, 26, 8, 30, tzinfo=UTC)),
    ]  # fmt: skip
    with serve(server.create_app(FerryService())) as stub:
        for wire_format in ("xml", "json"):
            transport = RecordingTransport()
            with client_module.Client(f"{stub}/Ferries.svc", wire_format=wire_format, transport=transport) as client:
                assert [call(client) for call, _, _ in calls] == [answer for _, _, answer in calls]
            assert transport.urls == [f"{stub}/Ferries.svc/{target}" for _, target, _ in calls]


# --- progress -----------------------------------------------------------------------------------------------------------


def test_progress_is_plain_lines_in_ci(site: HelpSite, tmp_path: Path) -> None:
    result = fetch_shop(site, tmp_path, "--concurrency", "1")
    assert result.stderr.splitlines() == [
        "fetched 1/6 help.html",
        *(
            f"fetched {i}/6 {name}"
            for i, name in enumerate(["LatestOrder", "CreateOrder", "CancelOrder", "Ping", "Status"], 2)
        ),
    ]


def test_progress_is_a_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    bar = TerminalProgress(stream)
    bar(1, 4, "help.html")
    bar(4, 4, "Ping")
    bar.end()
    assert stream.getvalue() == (
        "\r[#######-----------------------] 1/4 help.html\r[##############################] 4/4 Ping     \n"
    )
    plain = io.StringIO()
    PlainProgress(plain)(2, 3, "Ping")
    assert plain.getvalue() == "fetched 2/3 Ping\n"
