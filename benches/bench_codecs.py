"""Per-object encode/decode time of wcfgen's WCF codecs vs. xsdata's generic serializers.

    python benches/bench_codecs.py            # about 20 s
    python benches/bench_codecs.py -n 2000    # quicker, noisier

Both sides work on the same generated dataclasses: K2's ``CallEvent`` (nine scalar members)
and the reconstructed sample service's ``Address`` (four strings), generated from
``tests/specs/html/sample-help`` into a temporary folder. Richer contracts cannot be
compared: xsdata's binding refuses ``uuid.UUID`` fields and wcfgen's enums (the sample's
``Customer``), and it writes its own dialect anyway (no ``ArrayOf`` wrappers, no
``\\/Date()\\/``). The comparison is of the work per object, which is what a client or a
server pays.

Reported: median µs per object over rounds, and ratio = xsdata / wcfgen (> 1: wcfgen is faster).
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "generated")]

from xsdata.formats.dataclass.parsers import JsonParser, XmlParser
from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler
from xsdata.formats.dataclass.serializers import JsonSerializer, XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig

from wcfgen.pipeline import generate


def _sample_package() -> Any:
    """Generate the sample service's binding (verified by wcfgen) and import it."""
    root = Path(tempfile.mkdtemp(prefix="wcfgen-bench-"))
    spec = root / "spec" / "orders"
    (spec / "Orders").mkdir(parents=True)
    (spec / "wcfgen.toml").write_text(
        '[api]\nname = "orders"\npackage = "orders"\n\n[services.Orders]\nbase_url = "http://localhost:8080/OrderService.svc"\n'
    )
    samples = ROOT / "tests" / "specs" / "html" / "sample-help"
    shutil.copy(samples / "operation-get-uritemplate.html", spec / "Orders" / "GetCustomer.html")
    generate(root / "spec", root / "out")
    sys.path.insert(0, str(root / "out"))
    return importlib.import_module("orders.models"), importlib.import_module("orders._runtime")


def _objects() -> list[tuple[str, Any, Any]]:
    k2_models = importlib.import_module("k2.models")
    k2_runtime = importlib.import_module("k2._runtime")
    event = k2_models.CallEvent(
        direction="in", email="a@b.cz", event_name="Ringing", from_="+420 777 123 456", line="1",
        login="operator", reason=None, to="+420 222 333 444", unique_id=1.26743233e15,
    )  # fmt: skip
    models, runtime = _sample_package()
    address = models.Address(city="Brno", country="CZ", line1="Náměstí 1", postal_code="602 00")
    return [
        ("CallEvent", event, k2_runtime.ContractCodec(type(event))),
        ("Address", address, runtime.ContractCodec(type(address))),
    ]


def _per_object(action: Callable[[], object], count: int, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(count):
            action()
        samples.append((time.perf_counter() - start) / count * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=5000, help="objects per round")
    parser.add_argument("-r", "--rounds", type=int, default=5)
    args = parser.parse_args()

    xml_serializer = XmlSerializer(config=SerializerConfig(xml_declaration=False))
    xml_parser = XmlParser(handler=XmlEventHandler)
    json_serializer, json_parser = JsonSerializer(), JsonParser()
    print(f"{'object':10} {'format':6} {'step':7} {'wcfgen µs':>10} {'xsdata µs':>10} {'xsdata/wcfgen':>14}")
    for name, value, codec in _objects():
        cls = type(value)
        ours_xml, ours_json = codec.encode(value, "xml"), codec.encode(value, "json")
        theirs_xml, theirs_json = xml_serializer.render(value).encode(), json_serializer.render(value).encode()
        assert codec.decode(ours_xml, "xml") == value and codec.decode(ours_json, "json") == value
        cases = [
            ("xml", "encode", partial(codec.encode, value, "xml"), partial(xml_serializer.render, value)),
            ("xml", "decode", partial(codec.decode, ours_xml, "xml"), partial(xml_parser.from_bytes, theirs_xml, cls)),
            ("json", "encode", partial(codec.encode, value, "json"), partial(json_serializer.render, value)),
            (
                "json",
                "decode",
                partial(codec.decode, ours_json, "json"),
                partial(json_parser.from_bytes, theirs_json, cls),
            ),
        ]
        for wire_format, step, ours, theirs in cases:
            ours()
            theirs()  # warm both up (plans, caches)
            mine = _per_object(ours, args.count, args.rounds)
            other = _per_object(theirs, args.count, args.rounds)
            print(f"{name:10} {wire_format:6} {step:7} {mine:10.1f} {other:10.1f} {other / mine:14.2f}")


if __name__ == "__main__":
    main()
