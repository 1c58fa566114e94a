"""One loop timer for every attempt's time budget: exact, and cancels only what ran out."""

from __future__ import annotations

import asyncio
import time

import pytest

from iletimerkezi_async._budget import BudgetWatch


async def attempt(watch: BudgetWatch, budget: float, work: float) -> str:
    """``work`` seconds under a ``budget``: "done", or "budget" when it ran out."""
    key = watch.start(budget)
    try:
        await asyncio.sleep(work)
    except asyncio.CancelledError:
        if watch.stop(key):
            return "budget"
        raise
    watch.stop(key)
    return "done"


async def test_an_attempt_within_its_budget_is_left_alone() -> None:
    watch = BudgetWatch()
    assert await attempt(watch, 1.0, 0.01) == "done"
    watch.close()


async def test_each_budget_runs_out_on_time_and_only_its_own_task_is_cancelled() -> None:
    watch = BudgetWatch()
    started = time.monotonic()
    ended: dict[float, float] = {}

    async def timed(budget: float, work: float) -> str:
        outcome = await attempt(watch, budget, work)
        ended[budget] = time.monotonic() - started
        return outcome

    # Registered latest-budget first, so the timer must move earlier twice.
    outcomes = await asyncio.gather(timed(5.0, 0.3), timed(0.2, 5.0), timed(0.1, 5.0))
    assert outcomes == ["done", "budget", "budget"]
    assert 0.09 <= ended[0.1] < 0.19
    assert 0.19 <= ended[0.2] < 0.29
    assert 0.29 <= ended[5.0] < 1.0
    watch.close()


async def test_a_cancel_from_elsewhere_stays_a_cancel() -> None:
    watch = BudgetWatch()
    task = asyncio.ensure_future(attempt(watch, 5.0, 5.0))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    watch.close()


async def test_a_budget_already_spent_ends_the_attempt_at_its_first_wait() -> None:
    watch = BudgetWatch()
    assert await attempt(watch, -1.0, 5.0) == "budget"
    watch.close()


async def test_a_closed_watch_cancels_nothing_more() -> None:
    watch = BudgetWatch()
    task = asyncio.ensure_future(attempt(watch, 0.05, 0.2))
    await asyncio.sleep(0)
    watch.close()
    assert await task == "done"


async def test_a_watch_arms_again_after_its_timer_found_nothing_left() -> None:
    watch = BudgetWatch()
    assert await attempt(watch, 0.01, 5.0) == "budget"  # the timer fired, nothing is left
    assert await attempt(watch, 0.01, 5.0) == "budget"
    assert await attempt(watch, 5.0, 0.01) == "done"
    watch.close()


async def test_a_closed_watch_can_watch_again() -> None:
    watch = BudgetWatch()
    assert await attempt(watch, 5.0, 0.01) == "done"  # arms a timer for 5 s
    watch.close()
    assert await attempt(watch, 0.01, 5.0) == "budget"
    watch.close()
