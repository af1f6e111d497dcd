"""``HelpHtmlBuilder``: the operation page, the ``/help`` index and the error page, as XHTML text.

Each page is the ``XDocument`` WCF builds, printed by ``XDocument.ToString()`` (see
:mod:`.xmltext`): DOCTYPE, two-space indentation, no final new line. The three paragraphs WCF
makes with ``XElement.Parse`` of a resource string repeat ``xmlns="http://www.w3.org/1999/xhtml"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from .collation import culture_key
from .json_example import json_example
from .model import Operation, RequestError, Site, Variant, filter_query, full_uri
from .strings import CSS, DOCTYPE, Strings
from .walk import NotGenerated
from .xml_example import xml_example
from .xmltext import Element, serialize
from .xsd import SER, compile_schemas, target_namespace

XHTML: Final = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class _Described:
    """``MessageHelpInformation``: a described row, or examples and schemas."""

    format: str | None = None  # a described body: its Format cell ...
    description: str | None = None  # ... and its Body cell
    xml: str | None = None
    json: str | None = None
    schema: str | None = None  # the main schema (the root element's namespace)
    additional: tuple[str, ...] = ()


def _describe(op: Operation, request: bool, site: Site) -> _Described:
    strings = site.strings
    message, direction = (op.request, strings.request) if request else (op.response, strings.response)
    if message.kind == "wrapped" or (op.wraps(request) and message.kind != "empty"):
        return _Described(strings.unknown, strings.body_is_wrapped.format(direction))
    if message.kind == "empty":
        return _Described(strings.not_applicable, strings.body_is_empty.format(direction))
    if message.kind == "stream":
        return _Described(strings.unknown, strings.body_is_stream.format(direction))
    if message.root is None:
        raise ValueError(f"{op.name}: a {direction} body needs its root element")
    schemas = compile_schemas(message.schemas)
    try:
        hints = {known.qname: known.hint for known in message.known_types}
        json = json_example(schemas, message.root, hints, site.time_zone, strings) if op.supports_json else None
        xml = xml_example(schemas, message.root, strings)
    except NotGenerated:
        return _Described(strings.unknown, strings.could_not_generate)
    main = None
    if message.root.namespace != SER:
        main = next((s for s in reversed(message.schemas) if target_namespace(s) == message.root.namespace), None)
    if main is None:
        return _Described(xml=xml, json=json)
    main_namespace = target_namespace(main)
    additional = tuple(s for s in message.schemas if target_namespace(s) != main_namespace)
    return _Described(xml=xml, json=json, schema=main, additional=additional)


def _p(*children: Element | str, **attributes: str) -> Element:
    return Element("p", list(attributes.items())).add(*children)


def _parsed_p(*children: Element | str) -> Element:
    """A paragraph WCF parses from a resource string: it declares the XHTML namespace again."""
    return Element("p", [("xmlns", XHTML)]).add(*children)


def _td(*children: Element | str, **attributes: str) -> Element:
    return Element("td", list(attributes.items())).add(*children)


def _document(title: str, content: Element) -> str:
    html = Element("html", [("xmlns", XHTML)])
    html.add(Element("head").add(Element("title").add(title), Element("style").add(CSS)))
    html.add(Element("body").add(content))
    return serialize(html, DOCTYPE)


def _rows(table: Element, described: _Described, direction: str, anchors: str, strings: Strings) -> None:
    """``RenderMessageInformation``: a described row, or Xml (Example,Schema) and Json (Example) rows."""
    if described.description is not None:
        table.add(Element("tr").add(_td(direction), _td(described.format or ""), _td(described.description)))
        return
    if described.xml is not None or described.schema is not None:
        cell = _td()
        if described.xml is not None:
            cell.add(Element("a", [("href", f"#{anchors}-xml")]).add(strings.example))
            if described.schema is not None:
                cell.add(",")
        if described.schema is not None:
            cell.add(Element("a", [("href", f"#{anchors}-schema")]).add(strings.schema))
        table.add(Element("tr").add(_td(direction), _td("Xml"), cell))
    if described.json is not None:
        link = Element("a", [("href", f"#{anchors}-json")]).add(strings.example)
        table.add(Element("tr").add(_td(direction), _td("Json"), _td(link)))


def _sample(content: str, title: str | None, label: str) -> Element:
    pre = Element("pre", [("class", label)]).add(content)
    if not title:
        return _p(pre)
    return _p(Element("a", [("name", label)]).add(title), pre)


def operation_page(site: Site, op: Operation, base_url: str | None = None) -> str:
    """``CreateOperationHelpPage``; ``base_url`` overrides the site's (another host name)."""
    strings = site.strings
    url = full_uri(base_url or site.base_url, op.uri_template)
    request = _describe(op, True, site)
    response = _describe(op, False, site)
    table = Element("table").add(
        Element("tr").add(*(Element("th").add(t) for t in (strings.message_direction, strings.format, strings.body)))
    )
    _rows(table, request, strings.request, "request", strings)
    _rows(table, response, strings.response, "response", strings)
    reference = strings.reference_for.format(url)
    div = Element("div", [("id", "content")]).add(
        _p(reference, **{"class": "heading1"}),
        Element("p", full_end=True).add(op.description),
        _parsed_p(Element("b").add(strings.url_label), Element("span", [("class", "uri-template")]).add(url)),
        _parsed_p(Element("b").add(strings.method_label), Element("span", [("class", "method")]).add(op.method)),
    )
    if site.javascript_callback and op.method == "GET" and op.supports_json:
        callback = Element("span", [("class", "javascript-callback")]).add(site.javascript_callback)
        before, after = strings.callback_text
        div.add(_parsed_p(before, Element("b").add('"', callback, '"'), after))
    div.add(table)
    for described, xml_title, json_title, label in (
        (request, strings.xml_request, strings.json_request, "request"),
        (response, strings.xml_response, strings.json_response, "response"),
    ):
        if described.xml is not None:
            div.add(_sample(described.xml, xml_title, f"{label}-xml"))
        if described.json is not None:
            div.add(_sample(described.json, json_title, f"{label}-json"))
    for described, title, more, label in (
        (request, strings.request_schema, strings.additional_request_schemas, "request-schema"),
        (response, strings.response_schema, strings.additional_response_schemas, "response-schema"),
    ):
        if described.schema is not None:
            div.add(_sample(described.schema, title, label))
            for index, schema in enumerate(described.additional):
                div.add(_sample(schema, more if index == 0 else None, label))
    return _document(reference, div)


def index_page(site: Site, leading_slash: bool = False) -> str:
    """``CreateHelpPage``: rows in culture order of the declared path, shared paths in one rowspan cell."""
    strings = site.strings
    table = Element("table").add(
        Element("tr").add(*(Element("th").add(t) for t in (strings.uri, strings.method, strings.description)))
    )
    templates = {op.name: _declared(op.uri_template, leading_slash) for op in site.operations}
    ordered = sorted(site.operations, key=lambda op: culture_key(filter_query(templates[op.name])))
    last: str | None = None
    first_row: Element | None = None
    rowspan = 0
    for op in ordered:
        path = filter_query(templates[op.name])
        url = full_uri(site.base_url, templates[op.name])
        link = Element("a", [("rel", "operation"), ("href", f"help/operations/{op.name}")]).add(op.method)
        row = Element("tr").add(_td(link, title=url), _td(op.description or strings.default_description.format(url)))
        table.add(row)
        if path != last:
            row.children.insert(0, _td(path))
            _set_rowspan(first_row, rowspan)
            first_row, rowspan, last = row, 0, path
        rowspan += 1
    _set_rowspan(first_row, rowspan)
    heading = strings.operations_at.format(site.base_url)
    div = Element("div", [("id", "content")]).add(_p(heading, **{"class": "heading1"}), _p(strings.static_text), table)
    return _document(heading, div)


def _declared(template: str, leading_slash: bool) -> str:
    return "/" + template if leading_slash and not template.startswith("/") else template


def _set_rowspan(row: Element | None, rowspan: int) -> None:
    if row is not None and rowspan > 1:
        cell = row.children[0]
        assert isinstance(cell, Element)
        cell.attributes.append(("rowspan", str(rowspan)))


def error_page(help_url: str, error: RequestError, strings: Strings) -> str:
    """``CreateServerErrorPage`` with the help link (resource texts as CoreWCF has them; see strings)."""
    before, after = strings.server_error_with_link
    link = Element("a", [("rel", "help-page"), ("href", help_url)]).add(strings.service_help_page)
    div = Element("div", [("id", "content")]).add(_p(strings.request_error_title, **{"class": "heading1"}))
    if error.message is None:
        div.add(_parsed_p(before, link, after))
    else:
        div.add(_parsed_p(before, link, after + strings.exception_details.format(error.message)))
        div.add(Element("p", full_end=True).add(error.stack_trace))
    return _document(strings.request_error_title, div)


def render_site(site: Site, variant: Variant | None = None) -> dict[str, str]:
    """The service folder wcfgen reads: ``help.html`` and ``<Operation>.html`` for every operation."""
    variant = variant or Variant()
    page_base = _with_host(site.base_url, variant.page_host) if variant.page_host else site.base_url
    files = {"help.html": index_page(site, variant.leading_slash)}
    for op in site.operations:
        if op.name in variant.request_errors:
            files[f"{op.name}.html"] = error_page(
                site.base_url + "/help", variant.request_errors[op.name], site.strings
            )
        else:
            files[f"{op.name}.html"] = operation_page(site, op, page_base)
    return {name: saved(text, name, variant) for name, text in files.items()}


def _with_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=host + port))


def saved(text: str, file: str, variant: Variant) -> str:
    """A page as the variant's client stored it."""
    if variant.hash_anchors:
        text = text.replace('<a name="', '<a name="#')
    if variant.saved_by == "wget":  # --convert-links: links point at the saved files
        text = text.replace('href="#', f'href="{file}#')
        for name in _linked_operations(text):
            text = text.replace(f'href="help/operations/{name}"', f'href="help/operations/{name}.html"')
    elif variant.saved_by == "browser":  # "save page": the DOM re-serialized by HTML5 rules
        text = text.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', 1)
        text = text.replace("<table>\n        <tr>", "<table>\n        <tbody>        <tr>")
        text = text.replace("\n      </table>", "\n        </tbody></table>")
        text = text.replace("\n        <pre ", "\n        </p><pre ").replace(
            "</pre>\n      </p>", "</pre>\n      <p></p>"
        )
    return text


def _linked_operations(text: str) -> list[str]:
    marker = 'href="help/operations/'
    names = []
    for chunk in text.split(marker)[1:]:
        names.append(chunk.split('"', 1)[0])
    return names
