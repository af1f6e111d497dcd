"""``wcfgen.testing``: a running mock of your API in your tests (needs the ``server`` extra).

In ``conftest.py``, one line gives every test that names the fixture a mock serving the
spec folder's API on 127.0.0.1, the answers being the help pages' examples::

    from wcfgen.testing import mock_fixture

    k2_mock = mock_fixture("schemas/k2")  # session-scoped; responses=, delay=, fail_rate=, seed= as `wcfgen mock`

    def test_new_call_event(k2_mock):
        with Client(k2_mock.base_url("PBX")) as client:  # your generated binding's client
            assert client.new_call_event(CallEvent()) is True

Outside pytest, :func:`running_mock` is the same mock as a context manager, and :func:`serving`
runs any ASGI app under uvicorn on a free loopback port for the block.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .mock import MockOptions, Mounted, mock_app
from .mock.serve import serving

__all__ = ["RunningMock", "mock_fixture", "running_mock", "serving"]


@dataclass(frozen=True)
class RunningMock:
    url: str  # http://127.0.0.1:<port>
    services: tuple[Mounted, ...]

    def base_url(self, service: str, api: str | None = None) -> str:
        """The address of ``service`` (of ``api``, when several APIs have one so named): pass it to its Client."""
        found = [m for m in self.services if m.service == service and api in (None, m.api)]
        if len(found) != 1:
            names = ", ".join(f"{m.api}/{m.service}" for m in self.services)
            raise KeyError(f"{service!r}{f' of {api!r}' if api else ''} is not one service of the mock ({names})")
        return self.url + found[0].prefix


@contextmanager
def running_mock(
    spec_dir: str | os.PathLike[str],
    *,
    responses: str | os.PathLike[str] | None = None,
    delay: float = 0.0,
    fail_rate: float = 0.0,
    seed: int = 0,
    host: str = "127.0.0.1",
    port: int = 0,
) -> Iterator[RunningMock]:
    """A mock of every API in ``spec_dir``, served for the block (see ``wcfgen mock``)."""
    options = MockOptions(Path(responses) if responses is not None else None, delay, fail_rate, seed)
    with mock_app(Path(spec_dir), options) as mock, serving(mock.app, host, port) as url:
        yield RunningMock(url, mock.services)


def mock_fixture(spec_dir: str | os.PathLike[str], *, scope: str = "session", **options: Any) -> Callable[..., Any]:
    """A pytest fixture yielding a :class:`RunningMock` of ``spec_dir`` (relative to the working directory).

    ``options`` are :func:`running_mock`'s: ``responses``, ``delay``, ``fail_rate``, ``seed``.
    """
    import pytest

    def fixture() -> Iterator[RunningMock]:
        with running_mock(spec_dir, **options) as mock:
            yield mock

    fixture.__doc__ = f"A running wcfgen mock of {os.fspath(spec_dir)!r}."
    return pytest.fixture(scope=scope)(fixture)  # type: ignore[call-overload,no-any-return]
