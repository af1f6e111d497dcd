"""WCF's help-site builder, reproduced: help pages made the way the world makes them.

Mono has WCF but serves no help pages; this package is HelpPage, HelpHtmlBuilder and
HelpExampleGenerator of .NET Framework's System.ServiceModel.Web in Python, fed with what
Mono's ``XsdDataContractExporter`` exports (wcf-help-format.md §2–§6). Give it, per
operation, what WCF knows about it; it returns the pages as WCF would serve them::

    from tests.helpsite import Operation, Site, Variant, body, render_site, EMPTY, WRAPPED

    customer = body(QName(NS, "Customer"), schema_texts)          # texts in schema-set order
    site = Site("http://localhost:8080/OrderService.svc", (
        Operation("GetCustomer", "GET", "Customers/{id}?fields={fields}", "Returns a customer.",
                  response=customer),
        Operation("CreateOrder", "POST", "Orders", request=WRAPPED, response=confirmation),
    ), javascript_callback="callback", time_zone="Europe/Prague")
    files = render_site(site)                      # {"help.html": …, "GetCustomer.html": …}
    files = render_site(site, Variant(leading_slash=True, page_host="example.org",
                                      saved_by="wget"))
    write_spec_folder(out, site, api="orders", service="Orders")   # + wcfgen.toml

Pieces, usable alone: :func:`operation_page`, :func:`index_page`, :func:`error_page`,
:func:`xml_example` / :func:`json_example` (from a :func:`compile_schemas` set),
:func:`wcf_pretty` (the page's JSON pretty printer), :func:`full_uri` (URL binding),
:func:`culture_key` (.NET's culture-sensitive order). ``tests/helpsite/README.md`` lists
where each rule comes from and where the reference samples and the WCF source disagree.
"""

from __future__ import annotations

from pathlib import Path

from .collation import culture_key
from .json_example import json_example, wcf_pretty
from .model import (
    EMPTY,
    STREAM,
    WRAPPED,
    KnownType,
    Message,
    Operation,
    RequestError,
    Site,
    Variant,
    body,
    filter_query,
    full_uri,
)
from .pages import error_page, index_page, operation_page, render_site
from .strings import ENGLISH, Strings
from .walk import NotGenerated
from .xml_example import xml_example
from .xsd import SER, XS, QName, SchemaError, compile_schemas

__all__ = [
    "EMPTY", "ENGLISH", "SER", "STREAM", "WRAPPED", "XS", "KnownType", "Message", "NotGenerated", "Operation",
    "QName", "RequestError", "SchemaError", "Site", "Strings", "Variant", "body", "compile_schemas", "culture_key",
    "error_page", "filter_query", "full_uri", "index_page", "json_example", "operation_page", "render_site",
    "wcf_pretty", "write_spec_folder", "xml_example",
]  # fmt: skip


def write_spec_folder(
    directory: Path, site: Site, *, api: str, service: str, variant: Variant | None = None, title: str | None = None
) -> dict[str, str]:
    """A spec folder wcfgen reads: ``wcfgen.toml`` and ``<service>/help.html`` + ``<service>/<Op>.html``.

    The manifest's ``base_url`` is the site's (the address the index names). Returns the pages.
    """
    files = render_site(site, variant)
    pages = directory / service
    pages.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (pages / name).write_text(text, encoding="utf-8", newline="")
    manifest = f'[api]\nname = "{api}"\npackage = "{api}"\n'
    if title:
        manifest += f'title = "{title}"\n'
    manifest += f'\n[services.{service}]\nbase_url = "{site.base_url}"\n'
    (directory / "wcfgen.toml").write_text(manifest, encoding="utf-8")
    return files
