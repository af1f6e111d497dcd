"""The page texts (System.ServiceModel.Web's SR2 resources, English) and the page's CSS.

English texts seen verbatim on real pages, except those marked *inferred*: their resource
keys are known from the source, their English wording is not (wcf-help-format.md §5); they
are the texts the reference samples and the Showcase spec use. Pass another
:class:`Strings` for another language; an empty schema title leaves the block without an
anchor, as K2's Czech pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# HelpPageHtml, identical on every page of every service observed and in CoreWCF's resources.
CSS: Final = (
    "BODY { color: #000000; background-color: white; font-family: Verdana; margin-left: 0px; margin-top: 0px; } "
    "#content { margin-left: 30px; font-size: .70em; padding-bottom: 2em; } "
    "A:link { color: #336699; font-weight: bold; text-decoration: underline; } "
    "A:visited { color: #6699cc; font-weight: bold; text-decoration: underline; } "
    "A:active { color: #336699; font-weight: bold; text-decoration: underline; } "
    ".heading1 { background-color: #003366; border-bottom: #336699 6px solid; color: #ffffff; font-family: Tahoma; "
    "font-size: 26px; font-weight: normal;margin: 0em 0em 10px -20px; padding-bottom: 8px; padding-left: 30px;"
    "padding-top: 16px;} "
    "pre { font-size:small; background-color: #e5e5cc; padding: 5px; font-family: Courier New; margin-top: 0px; "
    "border: 1px #f0f0e0 solid; white-space: pre-wrap; white-space: -pre-wrap; word-wrap: break-word; } "
    "table { border-collapse: collapse; border-spacing: 0px; font-family: Verdana;} "
    "table th { border-right: 2px white solid; border-bottom: 2px white solid; font-weight: bold; "
    "background-color: #cecf9c;} "
    "table td { border-right: 2px white solid; border-bottom: 2px white solid; background-color: #e5e5cc;}"
)
DOCTYPE: Final = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)


@dataclass(frozen=True)
class Strings:
    operations_at: str = "Operations at {0}"
    static_text: str = "This page describes the service operations at this endpoint."
    uri: str = "Uri"
    method: str = "Method"
    description: str = "Description"
    default_description: str = "Service at {0}"
    reference_for: str = "Reference for  {0}"  # two spaces
    url_label: str = "Url: "
    method_label: str = "HTTP Method: "
    callback_text: tuple[str, str] = (
        "This operation supports JSONP responses. The callback function can be specified using the ",
        " Url query parameter.",
    )  # around <b>"<span class="javascript-callback">{0}</span>"</b>
    message_direction: str = "Message direction"
    format: str = "Format"
    body: str = "Body"
    request: str = "Request"
    response: str = "Response"
    example: str = "Example"
    schema: str = "Schema"
    not_applicable: str = "N/A"
    unknown: str = "Unknown"
    body_is_empty: str = "The {0} body is empty."
    body_is_wrapped: str = "The {0} body is wrapped."  # inferred
    body_is_stream: str = "The {0} body is a stream."  # inferred (Czech: "Tělo {0} představuje proud bajtů.")
    could_not_generate: str = "Could not generate schema."  # inferred
    xml_request: str = "The following is an example request Xml body:"
    json_request: str = "The following is an example request Json body:"
    xml_response: str = "The following is an example response Xml body:"
    json_response: str = "The following is an example response Json body:"
    request_schema: str = "The following is the request Xml Schema:"
    response_schema: str = "The following is the response Xml Schema:"
    additional_request_schemas: str = "Additional request Xml Schemas:"
    additional_response_schemas: str = "Additional response Xml Schemas:"
    string_content: str = "String content"
    valid_elements_of_type: str = "Valid elements of type: {0}"  # inferred (Czech: "Platné elementy typu: {0}")
    # The error page (CoreWCF's copies of the resources).
    request_error_title: str = "Request Error"
    server_error_with_link: tuple[str, str] = (
        "The server encountered an error processing the request. Please see the ",
        " for constructing valid requests to the service.",
    )  # around <a rel="help-page" href="{0}">service help page</a>
    service_help_page: str = "service help page"
    exception_details: str = (
        " The exception message is '{0}'. See server logs for more details. The exception stack trace is: "
    )


ENGLISH: Final = Strings()
