"""The fake provider's clock, which tests move to drive time-based rules."""

import datetime

import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi

ISTANBUL = datetime.timezone(datetime.timedelta(hours=3))


def test_the_clock_runs_in_istanbul_time_by_default():
    now = FakeIletiMerkezi().clock.now()
    assert now.utcoffset() == datetime.timedelta(hours=3)
    real = datetime.datetime.now(datetime.UTC)
    assert abs((now - real).total_seconds()) < 5


def test_frozen_clock_moves_only_when_told():
    clock = FakeIletiMerkezi().clock
    start = datetime.datetime(2026, 4, 29, 4, 32, 24, tzinfo=ISTANBUL)
    clock.freeze(start)
    assert clock.now() == start
    clock.advance(600)
    assert clock.now() == start + datetime.timedelta(minutes=10)
    clock.advance(datetime.timedelta(seconds=-1))
    assert clock.now() == start + datetime.timedelta(seconds=599)


def test_set_and_unfreeze_keep_the_moment():
    clock = FakeIletiMerkezi().clock
    when = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    clock.set(when)
    assert abs((clock.now() - when).total_seconds()) < 5
    clock.freeze()
    frozen = clock.now()
    clock.unfreeze()
    assert abs((clock.now() - frozen).total_seconds()) < 5
    with pytest.raises(ValueError, match="aware"):
        clock.set(datetime.datetime(2030, 1, 1))


async def test_watchers_hear_every_move_until_they_stop():
    clock = FakeIletiMerkezi().clock
    moves: list[bool] = []
    stop = clock.watch(lambda: moves.append(clock.frozen))
    assert not clock.frozen
    clock.advance(1)
    clock.freeze()
    clock.set(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    await clock.sleep(5)
    clock.unfreeze()
    clock.unfreeze()  # already running: no move
    assert moves == [False, True, True, True, False]
    stop()
    clock.advance(1)
    assert len(moves) == 5
