"""Mono's own WCF REST client (WebChannelFactory<IShowcase>, XML) calling `wcfgen mock`: every request
it sends passes the stub's decoding, and every answer (the page's XML example) reads back in WCF as
the value the binding reads from the same example.

ShowcaseClient.exe makes every call once (see its header and test_mono_client_to_generated_server.py);
its "got" is DataContractSerializer's dump of what WCF's client returned.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from tests.conftest import SPECS
from tests.interop.showcase import toolchain
from tests.interop.showcase.test_mono_client_to_generated_server import MonoCall, _mono_call
from wcfgen.index import TypeIndex
from wcfgen.mock import page_examples
from wcfgen.pipeline import load
from wcfgen.testing import running_mock

pytestmark = pytest.mark.interop

# What Mono's client cannot do, against the mock as against the stub (see the stub's test).
_WRAPPED = (
    "System.NotImplementedException: More than one parameters including {} "
    "that are not contained in the URI template {} was found."
)
MONO_LIMITS = {
    "Download": "System.NotImplementedException: Raw",
    "Concat": _WRAPPED.format("b", "Concat"),
    "Sum": _WRAPPED.format("y", "Sum"),
}


@pytest.fixture(scope="module")
def calls(showcase_build: toolchain.Build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, MonoCall]:
    responses = tmp_path_factory.mktemp("responses")
    (responses / "Showcase").mkdir()
    (responses / "Showcase" / "Download.bin").write_bytes(b"raw bytes")  # the page has no example of a stream
    with running_mock(SPECS / "showcase", responses=responses) as mock:
        stdout = toolchain.run_client(showcase_build.client_exe, mock.base_url("Showcase"))
    found = [_mono_call(line) for line in stdout.decode("utf-8").splitlines()]
    return {call.call: call for call in found}


def test_mono_reads_every_answer_of_the_mock(calls: dict[str, MonoCall], showcase_package: ModuleType) -> None:
    (api,) = load(SPECS / "showcase")
    operations = {op.name: op for op in api.services[0].operations}
    server = importlib.import_module("showcase.showcase.server")
    index = TypeIndex(api)
    read = 0
    assert len(calls) >= len(operations)
    for label, call in calls.items():
        if call.operation in MONO_LIMITS:
            assert call.error == MONO_LIMITS[call.operation], label
            continue
        assert call.error is None, (label, call.error)  # the stub took Mono's request, and Mono read the answer
        op = operations[call.operation]
        examples = page_examples(op, index)
        if "xml" not in examples:
            assert call.got is None, label  # a void answer
            continue
        codec = getattr(server, f"_{op.python_name.upper()}_RESPONSE")
        assert call.got is not None, label
        assert codec.decode(call.got, "xml") == codec.decode(examples["xml"], "xml"), label
        read += 1
    assert read >= 15
