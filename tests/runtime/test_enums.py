"""wcfgen.runtime.enums: numbers no member declares (JSON carries any integer), typed and kept;
XML stays as strict as DataContractSerializer (tests/interop/world/README.md, "Enums")."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field

import pytest

from tests.runtime.models import NS, Color, Perms, meta
from wcfgen.runtime import ContractCodec, EnumNode, FlagsNode, RootCodec, WcfEnum
from wcfgen.runtime.errors import DecodeError, EncodeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"


class Level(WcfEnum):  # World's Level: declared from 1, so .NET's default 0 has no member
    LOW = "Low", 1
    HIGH = "High", 2


class Rights(WcfEnum):  # [Flags]; bit 4 is declared by no member, Delete's XML name is Remove
    NONE = "None", 0
    READ = "Read", 1
    WRITE = "Write", 2
    DELETE = "Remove", 8


class Wide(WcfEnum):  # an enum : long
    BIG = "Big", 2**40


@dataclass(kw_only=True)
class Settings:
    class Meta:
        name = "Settings"
        namespace = NS

    level: Level = field(default=Level.from_number(0), metadata=meta("Level", "enum"))
    rights: frozenset[Rights] = field(default=frozenset(), metadata=meta("Rights", "flags"))


LEVEL = RootCodec(EnumNode(Level), "Level", NS)
RIGHTS = RootCodec(FlagsNode(Rights), "Rights", NS)
SETTINGS = ContractCodec(Settings)


def test_a_number_no_member_declares_is_a_typed_pseudo_member() -> None:
    zero = Level.from_number(0)
    assert isinstance(zero, Level) and not zero.declared and zero.number == 0
    assert (zero.name, zero.value, repr(zero)) == ("0", "0", "Level.from_number(0)")
    assert zero == Level.from_number(0) and hash(zero) == hash(Level.from_number(0)) and zero != Level.LOW
    assert zero not in list(Level) and len(Level) == 2  # iteration knows the declared members only
    assert Level.from_number(1) is Level.LOW and Level.LOW.declared and repr(Level.LOW) == "<Level.LOW: 'Low'>"
    assert pickle.loads(pickle.dumps(zero)) == zero and copy.deepcopy(zero) == zero
    assert pickle.loads(pickle.dumps(Level.HIGH)) is Level.HIGH


def test_numbers_outside_the_underlying_integer_are_refused() -> None:
    with pytest.raises(ValueError, match=r"2147483648 is not a Level number \(-2147483648 to 2147483647\)"):
        Level.from_number(2**31)
    assert Wide.from_number(-(2**63)).number == -(2**63)  # a member needs Int64: the range is Int64's
    with pytest.raises(ValueError, match="is not a Level number"):
        Level.from_number(True)
    # DataContractJsonSerializer wraps 2147483648 to -2147483648: refused here, nothing changes silently
    with pytest.raises(DecodeError, match="Level: 2147483648 is not a Level number"):
        LEVEL.decode(b"2147483648", "json")


@pytest.mark.parametrize(("body", "number"), [(b"0", 0), (b"3", 3), (b"-1", -1), (b'"3"', 3), (b"1", 1)])
def test_json_decodes_any_integer_and_encodes_the_same_number(body: bytes, number: int) -> None:
    value = LEVEL.decode(body, "json")
    assert value == Level.from_number(number) and LEVEL.encode(value, "json") == str(number).encode()


@pytest.mark.parametrize("body", [b'"Low"', b"1.5", b"true", b'"9' + b"9" * 5000 + b'"'])
def test_json_refuses_names_fractions_and_non_numbers(body: bytes) -> None:
    with pytest.raises(DecodeError, match="Level: expected an integer"):
        LEVEL.decode(body, "json")


def test_xml_has_no_form_for_an_undeclared_number() -> None:
    with pytest.raises(EncodeError, match="Level: 0 is not a declared Level; XML has no form for it"):
        LEVEL.encode(Level.from_number(0), "xml")
    for text in ("0", "1", "low", "", "LOW"):  # numbers, other case, C# names: DataContractSerializer refuses them
        with pytest.raises(DecodeError, match="is not a Level"):
            LEVEL.decode(f'<Level xmlns="{NS}">{text}</Level>'.encode(), "xml")
    assert LEVEL.encode(Level.LOW, "xml") == f'<Level xmlns="{NS}">Low</Level>'.encode()


def test_flags_keep_undeclared_bits_one_pseudo_member_each() -> None:
    five = RIGHTS.decode(b"5", "json")
    assert five == frozenset({Rights.READ, Rights.from_number(4)}) and RIGHTS.encode(five, "json") == b"5"
    high = RIGHTS.decode(b"41", "json")  # Read | Delete | 32
    assert high == frozenset({Rights.READ, Rights.DELETE, Rights.from_number(32)})
    assert RIGHTS.encode(high, "json") == b"41"
    every = RIGHTS.decode(b"-1", "json")  # all 32 bits, the sign bit included
    assert Rights.from_number(-(2**31)) in every and len(every) == 32  # bits 0-30 and the sign bit
    assert RIGHTS.encode(every, "json") == b"-1"
    with pytest.raises(EncodeError, match="Rights: 4 is not a declared Rights"):
        RIGHTS.encode(five, "xml")
    assert RIGHTS.encode(frozenset({Rights.READ, Rights.DELETE}), "xml") == f'<Rights xmlns="{NS}">Read Remove</Rights>'.encode()


def test_a_member_defaults_to_dotnets_zero_even_when_no_member_declares_it() -> None:
    assert Settings().level == Level.from_number(0)
    assert SETTINGS.encode(Settings(), "json") == b'{"Level":0,"Rights":0}'
    with pytest.raises(EncodeError, match="Settings.Level: 0 is not a declared Level"):
        SETTINGS.encode(Settings(), "xml")  # new Settings() has no XML form in .NET either
    assert SETTINGS.decode(f'<Settings xmlns="{NS}" xmlns:i="{XSI}"/>'.encode(), "xml") == Settings()  # reads


def test_declared_members_still_behave_as_before() -> None:
    assert Color.from_number(5) is Color.GREEN and Perms.from_number(0) is Perms.NONE
    assert {Color.RED: 1}[Color.RED] == 1 and Color.RED != Color.GREEN
