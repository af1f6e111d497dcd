"""wcfgen.runtime.deadline: the request body's deadline (BODY_TIMEOUT) on asyncio, and anyio's elsewhere."""

from __future__ import annotations

import asyncio

import anyio
import pytest

from wcfgen.runtime.deadline import AsyncioDeadline, deadline


def test_a_block_that_finishes_in_time_is_left_alone() -> None:
    async def main() -> str:
        with deadline(1.0):
            await asyncio.sleep(0)
        await asyncio.sleep(0.02)  # no cancellation left behind for later awaits
        return "done"

    assert asyncio.run(main()) == "done"


def test_a_block_that_overruns_raises_timeout_error_and_the_task_goes_on() -> None:
    async def main() -> int:
        with pytest.raises(TimeoutError), deadline(0.01):
            await asyncio.sleep(5)
        await asyncio.sleep(0.02)  # the task is no longer cancelled
        task = asyncio.current_task()
        assert task is not None
        return task.cancelling()

    assert asyncio.run(main()) == 0


def test_a_cancellation_from_outside_stays_a_cancellation() -> None:
    async def victim() -> None:
        with deadline(5.0):
            await asyncio.sleep(5)

    async def main() -> None:
        task = asyncio.create_task(victim())
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_asyncio_gets_its_own_timer_and_trio_gets_anyio() -> None:
    async def kind() -> type:
        return type(deadline(1.0))

    assert asyncio.run(kind()) is AsyncioDeadline
    pytest.importorskip("trio")
    assert anyio.run(kind, backend="trio") is not AsyncioDeadline
