"""`wcfgen fetch` within its budgets, against the help site of tests/fetchsite.py on 127.0.0.1.

Every Content-Encoding is decoded in bounded steps (``gzip, gzip`` over a GiB of zeros costs no
more than the page limit); an index listing more operations than ``generate`` accepts is refused
before any of them is downloaded; the pages of a service add up to a total budget and are
streamed to disk; a snapshot that ``generate`` would refuse never replaces the previous one; a
fetch killed while it swaps the snapshot in is undone by the next.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, gzip_gzip_zeros
from tests.fetchsite import HelpSite, fetch_shop, respond, running_site, tree
from wcfgen.pausepoint import PAUSE_VARIABLE

INDEX, PING = "/Shop.svc/help", "/Shop.svc/help/operations/Ping"
MiB = 1024 * 1024


@pytest.fixture
def site() -> Iterator[HelpSite]:
    with running_site() as running:
        yield running


def _errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("fetched ")]


def _index(site: HelpSite, names: list[str]) -> bytes:
    """The Shop's index page listing ``names``, each a GET operation at its own path."""
    page = site.pages[INDEX].decode()
    start, end = page.index("        <tr>\n          <td rowspan"), page.index("      </table>")
    rows = "".join(
        f'        <tr>\n          <td>{name}</td>\n          <td title="{site.base}/Shop.svc/{name}">\n'
        f'            <a rel="operation" href="help/operations/{name}">GET</a>\n          </td>\n'
        "          <td>An operation.</td>\n        </tr>\n"
        for name in names
    )
    return (page[:start] + rows + page[end:]).encode()


def _padded(page: bytes, size: int) -> bytes:
    """The page, ``size`` bytes long: a comment fills it out."""
    filler = b"<!--" + b"x" * (size - len(page) - 7) + b"-->"
    return page.replace(b"</body>", filler + b"</body>")


# --- content codings ------------------------------------------------------------------------------------------------


def _raw_deflate(data: bytes) -> bytes:
    coder = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return coder.compress(data) + coder.flush()


CODINGS: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    ("deflate", zlib.compress),  # RFC 9110: zlib-wrapped
    ("deflate", _raw_deflate),  # as some servers send it
    ("gzip, gzip", lambda page: gzip.compress(gzip.compress(page))),
    ("identity", lambda page: page),
]


@pytest.mark.parametrize(
    ("coding", "encode"), CODINGS, ids=["gzip", "x-gzip", "deflate", "raw deflate", "gzip, gzip", "identity"]
)
def test_coded_pages_are_stored_decoded_byte_for_byte(
    site: HelpSite, tmp_path: Path, coding: str, encode: Callable[[bytes], bytes]
) -> None:
    for path, page in site.pages.items():
        site.faults[path] = [respond(200, encode(page), {"Content-Encoding": coding})]
    result = fetch_shop(site, tmp_path)
    assert result.exit_code == 0, result.output
    stored = tmp_path / "demo" / "Shop"
    for path, page in site.pages.items():
        assert (stored / ("help.html" if path == INDEX else f"{path.rpartition('/')[2]}.html")).read_bytes() == page
    assert {headers["Accept-Encoding"] for _, _, headers in site.requests} == {"gzip, deflate"}


def test_gzip_gzip_over_a_gib_of_zeros_costs_no_more_than_the_page_limit(site: HelpSite, tmp_path: Path) -> None:
    bomb = gzip_gzip_zeros()  # 1 GiB once decoded; httpx's decoder made 2 GiB of it before a cap could count
    assert len(bomb) < 4096
    assert fetch_shop(site, tmp_path).exit_code == 0  # a snapshot to keep (and every module imported)
    site.edit("Ping", "Ověří, že služba běží.", "Změněno.")
    before = tree(tmp_path)
    site.faults[PING] = [respond(200, bomb, {"Content-Encoding": "gzip, gzip"})]
    tracemalloc.start()
    try:
        result = fetch_shop(site, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.exit_code, _errors(result)) == (2, [f"error: {site.base}{PING}: page larger than 8388608 bytes"])
    assert peak < 4 * MiB  # decoded bytes go to disk, 64 KiB at a time; the page limit is 8 MiB
    assert tree(tmp_path) == before  # and no staging folder left


@pytest.mark.parametrize(
    ("coding", "body", "message"),
    [
        (
            "br",
            b"\x0b\x02\x80hello\x03",
            "page has Content-Encoding 'br', which was not asked for (only gzip, deflate)",
        ),
        ("zstd", b"(\xb5/\xfd", "page has Content-Encoding 'zstd', which was not asked for (only gzip, deflate)"),
        ("gzip", gzip.compress(b"<html></html>")[:-6], "the gzip body is truncated"),
        (
            "gzip",
            b"<html></html>",
            "the gzip body is corrupt (Error -3 while decompressing data: incorrect header check)",
        ),
        ("gzip, gzip, gzip, gzip", b"", "page has 4 content codings"),
    ],
    ids=["br", "zstd", "truncated", "not gzip", "four codings"],
)
def test_codings_that_cannot_be_read_in_bounded_steps_are_refused(
    site: HelpSite, tmp_path: Path, coding: str, body: bytes, message: str
) -> None:
    site.faults[PING] = [respond(200, body, {"Content-Encoding": coding})]
    result = fetch_shop(site, tmp_path)
    assert (result.exit_code, _errors(result)) == (2, [f"error: {site.base}{PING}: {message}"])


# --- what generate would refuse is not downloaded, and not stored -------------------------------------------------------


def test_an_index_of_more_operations_than_generate_reads_is_refused_before_any_page(
    site: HelpSite, tmp_path: Path
) -> None:
    assert fetch_shop(site, tmp_path).exit_code == 0
    before = tree(tmp_path)
    site.requests.clear()
    site.pages[INDEX] = _index(site, [f"Op{number}" for number in range(5000)])
    result = fetch_shop(site, tmp_path)
    refused = "the index lists 5000 operations; generate reads at most 2000 a service; nothing was changed"
    assert (result.exit_code, _errors(result)) == (2, [f"error: {site.base}{INDEX}: {refused}"])
    assert [path for _, path, _ in site.requests] == [INDEX]
    assert tree(tmp_path) == before


def test_a_snapshot_that_generate_would_refuse_does_not_replace_the_previous_one(
    site: HelpSite, tmp_path: Path
) -> None:
    assert fetch_shop(site, tmp_path).exit_code == 0
    before = tree(tmp_path)
    site.edit("help", 'href="help/operations/Ping">GET', 'href="help/operations/Ping">POST')  # each page reads alone
    result = fetch_shop(site, tmp_path)
    refused = "the index lists 'Ping' as POST, its page as GET"
    assert (result.exit_code, _errors(result)) == (
        2,
        [f"error: {site.base}{PING}: the fetched pages cannot be generated: {refused}; nothing was changed"],
    )
    assert tree(tmp_path) == before


# --- a total budget, pages on disk --------------------------------------------------------------------------------------


# The command in a process of its own, reporting its peak resident memory (VmHWM counts from exec,
# unlike the rusage of a child, which starts with the forking parent's pages).
_MEASURED = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    sys.stderr.write(next(line for line in open('/proc/self/status') if line.startswith('VmHWM:')))\n"
    "atexit.register(peak)\n"
    "sys.argv[0] = 'wcfgen'\n"
    "runpy.run_module('wcfgen', run_name='__main__')\n"
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory from /proc/<pid>/status")
def test_120_pages_of_8_mib_stop_at_the_total_budget_and_never_fill_memory(site: HelpSite, tmp_path: Path) -> None:
    names = [f"Op{number:03}" for number in range(120)]
    site.pages[INDEX] = _index(site, names)
    page = _padded(site.pages[PING], 8 * MiB - 4096)  # a valid help page just under the page limit
    site.pages.update({f"/Shop.svc/help/operations/{name}": page for name in names})
    spec = tmp_path / "schemas"
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "fetch", f"{site.base}/Shop.svc", "--api", "demo", "-s", str(spec)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    *errors, measured = [line for line in done.stderr.splitlines() if not line.startswith("fetched ")]
    assert done.returncode == 2 and len(errors) == 1, done.stderr
    budget = "the service's pages add up to more than 268435456 bytes (see --max-total-mib); nothing was changed"
    assert re.fullmatch(
        rf"error: {re.escape(site.base)}/Shop\.svc/help/operations/Op\d{{3}}: {re.escape(budget)}", errors[0]
    )
    downloaded = {path for _, path, _ in site.requests if "/operations/" in path}
    assert 32 <= len(downloaded) < 50  # 256 MiB of 8 MiB pages, and those in flight
    peak = int(measured.split()[1]) * 1024  # "VmHWM:  123456 kB"
    assert peak < 200 * MiB, f"peak RSS {peak / MiB:.0f} MiB"  # held in memory, 256 MiB would not fit
    assert not spec.exists()  # nothing stored, no staging folder left


def test_the_total_budget_is_an_option(site: HelpSite, tmp_path: Path) -> None:
    for name in ("CreateOrder", "LatestOrder"):
        site.pages[f"/Shop.svc/help/operations/{name}"] = _padded(
            site.pages[f"/Shop.svc/help/operations/{name}"], 600_000
        )
    result = fetch_shop(site, tmp_path, "--max-total-mib", "1", "--concurrency", "1")
    assert result.exit_code == 2
    budget = "the service's pages add up to more than 1048576 bytes (see --max-total-mib); nothing was changed"
    assert _errors(result) == [f"error: {site.base}/Shop.svc/help/operations/CreateOrder: {budget}"]
    assert fetch_shop(site, tmp_path, "--max-total-mib", "2").exit_code == 0


# --- a fetch killed halfway ---------------------------------------------------------------------------------------------


def test_a_fetch_killed_between_the_two_renames_is_undone_by_the_next(site: HelpSite, tmp_path: Path) -> None:
    assert fetch_shop(site, tmp_path).exit_code == 0
    site.edit("Ping", "Ověří, že služba běží.", "Změněno.")
    process = subprocess.Popen(
        [sys.executable, "-m", "wcfgen", "-q", "fetch", f"{site.base}/Shop.svc", "--api", "demo", "-s", str(tmp_path)],
        stderr=subprocess.PIPE,
        env={**os.environ, PAUSE_VARIABLE: "fetch: old snapshot moved aside"},
        cwd=ROOT,
    )
    try:
        assert process.stderr is not None
        assert process.stderr.readline() == b"paused at fetch: old snapshot moved aside\n"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert not (tmp_path / "demo" / "Shop").exists()  # the one moment the service folder is missing
    assert [path.name.endswith(".fetch") for path in tmp_path.iterdir()].count(True) == 1

    result = fetch_shop(site, tmp_path)
    assert result.exit_code == 0, result.output
    assert "  changed Ping" in result.stdout.splitlines()  # the previous snapshot was put back, then replaced
    assert sorted(path.name for path in tmp_path.iterdir()) == ["demo"]
    assert (tmp_path / "demo" / "Shop" / "Ping.html").read_bytes() == site.pages[PING]
