""".NET's value domains as Mono's serializers measure them, and the generated codecs agreeing.

Each row is a body Mono's DataContractSerializer (xml) or DataContractJsonSerializer (json)
reads as one type, and what Mono writes back after reading it (or None: Mono refuses it).
The table is the ground truth for the runtime's numbers, chars and repeated members
(issue 10): the test checks Mono still answers so, and that the generated Showcase codec
refuses exactly what Mono refuses and writes exactly what Mono writes for the rest.
"""

from __future__ import annotations

from decimal import Decimal
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest

from tests.interop.dumpkit import DcsError, DcsTool

pytestmark = pytest.mark.interop

SER = "http://schemas.microsoft.com/2003/10/Serialization/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
EXTRA = "http://schemas.contoso.com/showcase/extra"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
MAX = "79228162514264337593543950335"

# Mono's type name: (the XSD primitive, its Python type), or None for a contract
TYPES: dict[str, tuple[str, type[Any]] | None] = {
    "decimal": ("decimal", Decimal), "double": ("double", float), "float": ("float", float),
    "int": ("int", int), "long": ("long", int), "ulong": ("unsignedLong", int), "char": ("char", str),
    "string": ("string", str), "Guid": ("guid", UUID), "Tag": None, "Dictionary<string,int>": None,
}  # fmt: skip


def _primitive(type_name: str, text: str | None) -> str | None:
    spec = TYPES[type_name]
    assert spec is not None
    return None if text is None else f'<{spec[0]} xmlns="{SER}">{text}</{spec[0]}>'


# (Mono type, format, body, what Mono writes back in that format or None); XML rows of
# primitives give the element's text only.
ROWS: list[tuple[str, str, str, str | None]] = [
    # decimal: 96-bit mantissa, at most 28 places, rounded half to even; no exponent in XML
    ("decimal", "xml", MAX, MAX),
    ("decimal", "xml", MAX[:-1] + "6", None),
    ("decimal", "xml", MAX + ".4", MAX),
    ("decimal", "xml", MAX + ".5", None),
    ("decimal", "xml", "0.12345678901234567890123456789", "0.1234567890123456789012345679"),
    ("decimal", "xml", "0.00000000000000000000000000025", "0.0000000000000000000000000002"),
    ("decimal", "xml", "7922816251426433759354395033.56", "7922816251426433759354395034"),
    ("decimal", "xml", "7922816251426433759354395033.45", "7922816251426433759354395033.4"),
    ("decimal", "xml", "1.50000000000000000000000000000000000000000", "1.5000000000000000000000000000"),
    ("decimal", "xml", "-0.0", "0.0"),
    ("decimal", "xml", "1E3", None),
    ("decimal", "xml", "1e+999999999", None),
    ("decimal", "xml", "١", None),
    ("decimal", "json", "1E3", "1000"),
    ("decimal", "json", "1e28", "10000000000000000000000000000"),
    ("decimal", "json", "1e29", None),
    ("decimal", "json", "1E+999999999", None),
    ("decimal", "json", "1E+999999999999999999", None),
    ("decimal", "json", "1E-30", "0.0000000000000000000000000000"),
    ("decimal", "json", "100e-2", "1.00"),
    ("decimal", "json", '"1E3"', "1000"),
    ("decimal", "json", '"١٢"', None),
    # double and float: overflow refused, underflow is zero
    ("double", "xml", "1e400", None),
    ("double", "xml", "1.8e308", None),
    ("double", "xml", "1e-400", "0"),
    ("double", "xml", "Infinity", "INF"),
    ("double", "xml", "+INF", None),
    ("double", "xml", "\u00a01.5", None),
    ("double", "xml", "١٢", None),
    ("double", "json", "1e400", None),
    ("double", "json", '"١٢"', None),
    ("float", "xml", "3.4028235e38", "3.40282347E+38"),
    ("float", "xml", "3.4028236e38", None),
    ("float", "json", "1e39", None),
    # integers: ASCII digits, the type's range; JSON takes integral values in any notation
    ("int", "xml", " 12 ", "12"),
    ("int", "xml", "+0012", "12"),
    ("int", "xml", "2147483648", None),
    ("int", "xml", "١٢", None),
    ("int", "xml", "１２", None),
    ("int", "xml", "\u00a012", None),
    ("int", "json", "1.0", "1"),
    ("int", "json", "1e2", "100"),
    ("int", "json", "2.147483647e9", "2147483647"),
    ("int", "json", "12.5", None),
    ("int", "json", "1e-2", None),
    ("int", "json", "1E+999999999", None),
    ("int", "json", '"1e2"', "100"),
    ("int", "json", '"١٢"', None),
    ("long", "json", "1e2", "100"),
    ("ulong", "json", "18446744073709551615", "18446744073709551615"),
    ("ulong", "json", "18446744073709551616", None),
    ("ulong", "json", "-1", None),
    # char: one UTF-16 code unit; string: a lone surrogate is held (JSON writes it escaped)
    ("char", "xml", "65536", None),
    ("char", "xml", "١", None),
    ("char", "json", '"\\ud83d"', '"\\ud83d"'),
    ("char", "json", '"\\ud83d\\ude00"', None),
    ("char", "json", '"\\u0000"', '"\\u0000"'),
    ("string", "json", '"a\\ud83db"', '"a\\ud83db"'),
    ("Guid", "xml", "{1627aea5-8e0a-4371-9022-9b504344e724}", "1627aea5-8e0a-4371-9022-9b504344e724"),
    ("Guid", "xml", "1627AEA58E0A437190229B504344E724", "1627aea5-8e0a-4371-9022-9b504344e724"),
    ("Guid", "xml", "urn:uuid:1627aea5-8e0a-4371-9022-9b504344e724", None),
    ("Guid", "xml", "١627aea5-8e0a-4371-9022-9b504344e724", None),
    # repeated members: DataContractSerializer reads the first, DataContractJsonSerializer refuses
    ("Tag", "xml", f'<Tag xmlns="{EXTRA}"><Key>a</Key><Key>b</Key><Weight>1</Weight></Tag>',
     f'<Tag xmlns="{EXTRA}" xmlns:i="{XSI}"><Key>a</Key><Weight>1</Weight></Tag>'),
    ("Tag", "xml", f'<Tag xmlns="{EXTRA}"><Key>a</Key><Weight>1</Weight><Weight>2</Weight></Tag>',
     f'<Tag xmlns="{EXTRA}" xmlns:i="{XSI}"><Key>a</Key><Weight>1</Weight></Tag>'),
    ("Tag", "json", '{"Key":"a","Key":"b","Weight":1}', None),
    ("Tag", "json", '{"Key":"a","x":1,"x":2}', '{"Key":"a","Weight":0}'),
    ("Tag", "json", "{}", '{"Key":null,"Weight":0}'),
    ("Tag", "json", '{"Weight":null}', None),
    ("Tag", "json", '{"Weight":1.0}', '{"Key":null,"Weight":1}'),
    ("Dictionary<string,int>", "json", '[{"Key":"a","Value":1},{"Key":"a","Value":2}]', None),
    ("Dictionary<string,int>", "json", '[{"Key":"a","Value":1,"Value":2}]', None),
    ("Dictionary<string,int>", "xml",
     f"<ArrayOfKeyValueOfstringint xmlns='{ARRAYS}'>" + "<KeyValueOfstringint><Key>a</Key><Value>1</Value></KeyValueOfstringint>" * 2
     + "</ArrayOfKeyValueOfstringint>", None),
]  # fmt: skip


def _body(type_name: str, fmt: str, text: str | None) -> bytes | None:
    if text is None:
        return None
    if fmt == "xml" and TYPES[type_name] is not None:
        return (_primitive(type_name, text) or "").encode()
    return text.encode()


def _codec(showcase: ModuleType, type_name: str) -> Any:
    runtime = showcase._runtime
    spec = TYPES[type_name]
    if spec is not None:
        return runtime.PrimitiveCodec(spec[0], spec[1], nillable=spec[0] == "string")
    if type_name == "Tag":
        return runtime.ContractCodec(showcase.models.Tag)
    counts = runtime.DictNode(runtime.ScalarNode("string"), runtime.ScalarNode("int"), "KeyValueOfstringint", ARRAYS, False)
    return runtime.RootCodec(counts, "ArrayOfKeyValueOfstringint", ARRAYS, nillable=True)


@pytest.fixture(scope="module")
def mono_answers(showcase_dcs: DcsTool) -> list[bytes | DcsError]:
    """Every row through Mono in one exchange."""
    requests = [(t, fmt, fmt, _body(t, fmt, body) or b"") for t, fmt, body, _ in ROWS]
    return showcase_dcs.convert_many(requests)  # type: ignore[arg-type]


@pytest.mark.parametrize("row", range(len(ROWS)), ids=[f"{t}-{fmt}-{body[:30]}" for t, fmt, body, _ in ROWS])
def test_the_codec_refuses_what_mono_refuses_and_writes_what_mono_writes(
    showcase_package: ModuleType, mono_answers: list[bytes | DcsError], row: int
) -> None:
    type_name, fmt, body, held = ROWS[row]
    expected = _body(type_name, fmt, held)
    answer = mono_answers[row]
    assert (None if isinstance(answer, DcsError) else answer) == expected, answer  # Mono: as measured
    codec = _codec(showcase_package, type_name)
    data = _body(type_name, fmt, body)
    assert data is not None
    if expected is None:
        with pytest.raises(showcase_package.DecodeError):
            codec.decode(data, fmt)
    else:
        assert codec.encode(codec.decode(data, fmt), fmt) == expected
