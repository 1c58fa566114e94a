"""The plain value checks every method shares."""

from __future__ import annotations

import pytest

from iletimerkezi_async import InvalidArgumentError
from iletimerkezi_async.sansio.arguments import int_at_least, seconds


@pytest.mark.parametrize(
    ("value", "wrong_type"),
    [
        (0, False),
        pytest.param(-(10**5000), False, id="huge"),
        (True, True),
        (1.0, True),
        ("2", True),
        (None, True),
    ],
)
def test_int_at_least(value: object, wrong_type: bool) -> None:
    assert int_at_least(1, "size", 1) == 1
    with pytest.raises(InvalidArgumentError, match="size must be an int >= 1") as caught:
        int_at_least(value, "size", 1)
    assert isinstance(caught.value, TypeError) is wrong_type


@pytest.mark.parametrize(
    ("value", "wrong_type"),
    [(-1, False), (float("nan"), False), (float("inf"), False), (False, True), ("1", True)],
)
def test_seconds(value: object, wrong_type: bool) -> None:
    assert seconds(0, "wait") == 0.0
    assert seconds(float("inf"), "timeout", finite=False) == float("inf")
    with pytest.raises(InvalidArgumentError, match="wait must be a number of seconds") as caught:
        seconds(value, "wait")
    assert isinstance(caught.value, TypeError) is wrong_type
