"""The real-world variants of issue 9, rendered by the faithful help-site builder, read like the served site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpsite import RequestError, Variant, write_spec_folder
from tests.test_helpsite_fidelity import SITE
from wcfgen.ir import Api
from wcfgen.pipeline import load


def _load(folder: Path, variant: Variant) -> Api:
    write_spec_folder(folder, SITE, api="orders", service="Orders", variant=variant)
    [api] = load(folder)
    return api


def _surface(api: Api) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [
        (op.name, op.method, op.uri_template, tuple(v.python_name for v in op.variables))
        for op in api.services[0].operations
    ]


@pytest.mark.parametrize(
    "variant",
    [Variant(leading_slash=True), Variant(page_host="www.example.org")],
    ids=["leading-slash-in-the-index", "pages-through-another-host"],
)
def test_variants_read_as_the_served_site(tmp_path: Path, variant: Variant) -> None:
    served = _load(tmp_path / "served", Variant())
    assert _surface(_load(tmp_path / "variant", variant)) == _surface(served)


def test_a_request_error_page_leaves_its_operation_out_with_a_warning(tmp_path: Path) -> None:
    served = _load(tmp_path / "served", Variant())
    broken = _load(tmp_path / "broken", Variant(request_errors={"Ping": RequestError()}))
    assert _surface(broken) == [row for row in _surface(served) if row[0] != "Ping"]
    assert any(w.startswith("Orders/Ping: the service could not render") for w in broken.warnings)
