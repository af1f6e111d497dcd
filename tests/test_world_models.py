"""The models stage on the schemas Mono's XsdDataContractExporter exported for the World types
(tests/interop/world/fixtures/schemas): bases in other namespaces, IsReference contracts,
collections of collections and enums. Needs no Mono."""

from __future__ import annotations

import pytest

from tests.interop.world.harness import schema_set
from wcfgen.errors import SpecError
from wcfgen.ir import Api, DataContract, EnumType, QName, SchemaDoc, SourceRef, TypeKind
from wcfgen.models import build_models

WORLD = "http://schemas.contoso.com/world"


def _model(*sets: str) -> Api:
    docs = [
        SchemaDoc(namespace, text, SourceRef(f"{name}-{index}.xsd", 1))
        for name in sets
        for index, (namespace, text) in enumerate(schema_set(name).schemas.items())
    ]
    return build_models(Api("world", "world", "World", "", (), schemas=tuple(docs)))


def _contract(api: Api, name: str) -> DataContract:
    (found,) = [c for c in api.contracts if c.qname.name == name]
    return found


def _enum(api: Api, name: str) -> EnumType:
    (found,) = [e for e in api.enums if e.qname.name == name]
    return found


@pytest.mark.parametrize("exported", ["derived", "leaf", "namespaces"])
def test_a_base_in_another_namespace_is_resolved_where_the_extension_declares_its_prefix(exported: str) -> None:
    """<xs:extension xmlns:q1="urn:b" base="q1:Base">: xsdata 26.10 reads q1 against the complex
    type's namespaces (docs/upstream/xsdata-extension-prefix.md); wcfgen reads the element's."""
    api = _model(exported)
    derived, leaf = _contract(api, "Derived"), _contract(api, "Leaf")  # Leaf: a known type of Base

    assert derived.qname == QName("urn:d", "Derived") and derived.base == QName("urn:b", "Base")
    assert leaf.qname == QName("urn:l", "Leaf") and leaf.base == QName("urn:d", "Derived")
    assert [(m.wire_name, m.namespace) for m in _contract(api, "Base").members] == [("Name", "urn:b")]
    assert [(m.wire_name, m.namespace) for m in derived.members] == [("Size", "urn:d")]
    assert [(m.wire_name, m.namespace) for m in leaf.members] == [("Last", "urn:l")]
    names = [c.qname.name for c in api.contracts]
    assert names.index("Base") < names.index("Derived") < names.index("Leaf")  # bases first


def test_member_types_in_other_namespaces_resolve_too() -> None:
    holder = _contract(_model("namespaces"), "Holder")
    types = {m.wire_name: (m.type.kind, m.type.qname) for m in holder.members}
    assert types == {
        "Exact": (TypeKind.CONTRACT, QName("urn:d", "Derived")),
        "Item": (TypeKind.CONTRACT, QName("urn:b", "Base")),
        "Items": (TypeKind.LIST, QName("urn:b", "ArrayOfBase")),
    }


def test_an_undeclared_extension_prefix_is_still_an_error_naming_the_schema() -> None:
    docs = schema_set("derived").schemas
    text = docs["urn:d"].replace('xmlns:q1="urn:b" ', "")
    others = [SchemaDoc(ns, schema, SourceRef("other.xsd", 1)) for ns, schema in docs.items() if ns != "urn:d"]
    broken = SchemaDoc("urn:d", text, SourceRef("Derived.xsd", 7))
    api = Api("world", "world", "World", "", (), schemas=(broken, *others))
    with pytest.raises(SpecError, match="'Derived' derives from 'Base', which is not a data contract") as error:
        build_models(api)
    assert (error.value.file, error.value.line) == ("Derived.xsd", 7)


def test_isreference_is_the_pair_of_serialization_attributes_and_no_member() -> None:
    """The exporter writes <xs:attribute ref="ser:Id"/><xs:attribute ref="ser:Ref"/> and nothing else."""
    api = _model("references")
    node, graph, chain = (_contract(api, name) for name in ("Node", "Graph", "Chain"))
    assert node.is_reference and not graph.is_reference and not chain.is_reference
    assert [m.wire_name for m in node.members] == ["Children", "Name", "Parent"]


def test_collections_of_collections_keep_every_level() -> None:
    grids = {m.wire_name: m.type for m in _contract(_model("collections"), "Grids").members}
    nested = grids["Nested"]
    assert nested.kind is TypeKind.DICT and nested.item is not None and nested.item.kind is TypeKind.DICT
    assert nested.item_name == QName("http://schemas.microsoft.com/2003/10/Serialization/Arrays", "KeyValueOfstringArrayOfKeyValueOfstringintty7Ep6D1")
    items = grids["Items"]  # List<List<Item>>: the inner lists in the item's namespace
    assert items.item is not None and items.item.item_name == QName(WORLD, "Item")
    assert items.item_name == QName(WORLD, "ArrayOfItem") and items.item_nillable


def test_enum_numbers_come_from_the_annotations_or_the_declaration_order() -> None:
    api = _model("enums")
    assert [(m.wire_name, m.number) for m in _enum(api, "Level").members] == [("Low", 1), ("High", 2)]
    assert [(m.wire_name, m.number) for m in _enum(api, "Mood").members] == [("so-so", 1), ("Very Good", 7)]
    rights = _enum(api, "Rights")  # flags: 2**index unless annotated (Remove = 8 is the fourth)
    assert rights.flags and [(m.wire_name, m.number) for m in rights.members] == [
        ("None", 0), ("Read", 1), ("Write", 2), ("Remove", 8)
    ]
