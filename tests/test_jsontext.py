"""``wcfgen.write.jsontext.dumps`` is ``json.dumps(value, indent=2)``, text and errors: the manifest
it writes must not move a byte (generated/ pins it, and ``check`` hashes it)."""

from __future__ import annotations

import json
from collections import OrderedDict
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import GENERATED, SCHEMAS, SPECS
from wcfgen.pipeline import generate
from wcfgen.write import MANIFEST_NAME, jsontext


class Kind(StrEnum):
    CONTRACT = "contract"


class Number(IntEnum):
    ONE = 1


_CHARACTERS = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # lone surrogates: escaped as \udXXX
    st.characters(max_codepoint=0x1F),  # control characters
    st.sampled_from('"\\/\x7f\u2028\u2029\ufeff\U0001f600'),
)
_TEXT = st.text(_CHARACTERS, max_size=8)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),  # big ints
    st.floats(),  # NaN and Infinity too
    _TEXT,
    st.sampled_from([Kind.CONTRACT, Number.ONE]),  # subclasses: json.dumps's own answer
)
_KEYS = st.one_of(_TEXT, _TEXT, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(_TEXT, children, max_size=5),  # the manifest's: str keys, as given
        st.dictionaries(_KEYS, children, max_size=3),
        st.dictionaries(_TEXT, children, max_size=3).map(OrderedDict),
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_the_text_is_json_dumps_with_indent_2(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, indent=2)


@pytest.mark.parametrize(
    "value",
    [{}, [], (), {"a": {}, "b": [], "c": [{}]}, [[[]]], "", 0, -1, True, False, None, 1.5, float("-inf"), 10**100],
)
def test_empty_containers_and_top_level_scalars(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, indent=2)


def test_bools_stay_bools_and_ints_ints() -> None:
    assert jsontext.dumps({"a": True, "b": 1, "c": [False, 0, None]}) == (
        '{\n  "a": true,\n  "b": 1,\n  "c": [\n    false,\n    0,\n    null\n  ]\n}'
    )


def test_errors_are_json_dumps_errors() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference detected"):
        jsontext.dumps({"a": cycle})
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsontext.dumps({"a": [Path("x")]})
    with pytest.raises(TypeError, match="keys must be str"):
        jsontext.dumps({("a",): 1})


@pytest.mark.parametrize("spec", [SCHEMAS, SPECS / "world", SPECS / "showcase"], ids=lambda spec: spec.name)
def test_a_generated_manifest_is_json_dumps_text(spec: Path, tmp_path: Path) -> None:
    generate(spec, tmp_path)
    written = (tmp_path / MANIFEST_NAME).read_text("utf-8")
    manifest = json.loads(written)
    assert manifest["models"] and manifest["files"]
    assert written == jsontext.dumps(manifest) + "\n" == json.dumps(manifest, indent=2) + "\n"
    if spec == SCHEMAS:
        assert written == (GENERATED / MANIFEST_NAME).read_text("utf-8")  # the committed bytes
