"""Work a second core can do while this process goes on: a forked child, on Linux only.

A large API's build is one core's work for seconds: reading hundreds of help pages, verifying
megabytes of generated Python (see :mod:`wcfgen.write.verify`), decoding every operation's examples.
Part of it runs here, in a child forked for it: the child inherits everything it needs, so nothing
is pickled on the way in, and it sends back the value or the :class:`~wcfgen.errors.WcfgenError` it
raised. Where fork is not the safe default (macOS, Windows) and when the child fails in any other
way (killed, a value that does not pickle), the work is done again in this process, so the answer is
always the one the work gives here.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from .errors import WcfgenError

T = TypeVar("T")
Item = TypeVar("Item")
_PARALLEL = sys.platform == "linux" and hasattr(os, "fork")


class Background(Generic[T]):
    """``work()`` started now where it can run beside this process; :meth:`result` waits for it."""

    def __init__(self, work: Callable[[], T], *, parallel: bool = True) -> None:
        """``parallel``: fork where it is safe (Linux, a second core, this one thread); else work here."""
        self._work = work
        self._child: tuple[int, int] | None = None  # (pid, read end of its pipe)
        # a fork copies only this thread: another one might hold a lock the child would wait for
        if parallel and _PARALLEL and (os.cpu_count() or 1) > 1 and threading.active_count() == 1:
            self._child = self._fork()

    def _fork(self) -> tuple[int, int] | None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: do the work, send the outcome, leave without running any cleanup
            os.close(read)
            code = 1
            try:
                try:
                    outcome: tuple[str, object] = ("value", self._work())
                except WcfgenError as exc:
                    outcome = ("error", exc)
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return pid, read

    def result(self) -> T:
        """The work's value (or its error raised here), computed in this process if the child gave none."""
        if self._child is None:
            return self._work()
        pid, read = self._child
        self._child = None
        with os.fdopen(read, "rb") as pipe:
            try:  # as it arrives: the pickle's bytes are never held beside the values they make
                outcome = pickle.load(pipe)  # from our own forked child, through our own pipe
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                outcome = None  # the child died halfway: its exit status says so below
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or outcome is None:
            return self._work()
        kind, value = outcome
        if kind == "error" and isinstance(value, WcfgenError):
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the child without its value: this process failed before it needed it."""
        if self._child is None:
            return
        pid, read = self._child
        self._child = None
        os.close(read)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it had finished
            pass
        os.waitpid(pid, 0)


def in_halves(work: Callable[[Sequence[Item]], list[T]], items: Sequence[Item], *, parallel: bool = True) -> list[T]:
    """``work(items)``, its second half done beside this process (a :class:`Background`): the same
    values in the same order, and of two errors the first half's, as one call of ``work`` would."""
    if len(items) < 2:
        return work(items)
    half = (len(items) + 1) // 2
    rest = Background(lambda: work(items[half:]), parallel=parallel)
    try:
        first = work(items[:half])
    except BaseException:
        rest.cancel()
        raise
    return [*first, *rest.result()]
