"""The client's concurrency cap: first come, first served, and no slot ever lost."""

from __future__ import annotations

import asyncio
import random

import pytest

from iletimerkezi_async._slots import Slots


async def test_slots_are_handed_out_in_arrival_order() -> None:
    slots = Slots(1)
    order: list[int] = []

    async def take(number: int) -> None:
        await slots.acquire()
        order.append(number)
        await asyncio.sleep(0)
        slots.release()

    await asyncio.gather(*(take(number) for number in range(20)))
    assert order == list(range(20))


async def test_never_more_holders_than_slots() -> None:
    slots = Slots(3)
    holding = 0
    most = 0

    async def hold() -> None:
        nonlocal holding, most
        await slots.acquire()
        holding += 1
        most = max(most, holding)
        await asyncio.sleep(0.001)
        holding -= 1
        slots.release()

    await asyncio.gather(*(hold() for _ in range(50)))
    assert most == 3


async def test_a_slot_handed_to_a_waiter_cancelled_at_that_moment_is_passed_on() -> None:
    slots = Slots(1)
    await slots.acquire()
    first = asyncio.ensure_future(slots.acquire())
    second = asyncio.ensure_future(slots.acquire())
    await asyncio.sleep(0)
    slots.release()  # handed to ``first``...
    first.cancel()  # ...which is cancelled before it runs
    await asyncio.sleep(0)
    assert first.cancelled()
    await asyncio.wait_for(second, 1)  # the slot went on to ``second``


@pytest.mark.parametrize("seed", range(5))
async def test_random_cancels_lose_no_slot(seed: int) -> None:
    rng = random.Random(seed)
    slots = Slots(4)

    async def use() -> None:
        await slots.acquire()
        try:
            await asyncio.sleep(rng.random() / 1000)
        finally:
            slots.release()

    tasks = [asyncio.ensure_future(use()) for _ in range(200)]
    for _ in range(60):
        await asyncio.sleep(rng.random() / 2000)
        rng.choice(tasks).cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    # All four slots are free again: four holders at once, none waiting.
    await asyncio.wait_for(asyncio.gather(*(slots.acquire() for _ in range(4))), 1)
    blocked = asyncio.ensure_future(slots.acquire())
    await asyncio.sleep(0.01)
    assert not blocked.done()
    blocked.cancel()


async def test_try_acquire_takes_only_a_free_slot_and_never_jumps_the_queue() -> None:
    slots = Slots(1)
    assert slots.try_acquire() is True
    assert slots.try_acquire() is False  # none free: no wait, no slot
    waiter = asyncio.ensure_future(slots.acquire())
    await asyncio.sleep(0)
    slots.release()  # handed to the waiter, not freed
    assert slots.try_acquire() is False
    await waiter
    slots.release()
    assert slots.try_acquire() is True
