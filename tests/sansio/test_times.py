import datetime

import pytest

from iletimerkezi_async.sansio.times import istanbul_text


def test_aware_datetimes_are_converted_to_istanbul_time() -> None:
    utc = datetime.datetime(2024, 12, 31, 22, 0, 5, 999_999, tzinfo=datetime.UTC)
    assert istanbul_text(utc, "at") == "2025-01-01 01:00:05"  # no fraction on the wire


def test_dates_are_the_first_or_the_last_second_of_the_day() -> None:
    day = datetime.date(2024, 2, 29)
    assert istanbul_text(day, "start") == "2024-02-29 00:00:00"
    assert istanbul_text(day, "end", end_of_day=True) == "2024-02-29 23:59:59"
    assert istanbul_text(datetime.date(999, 1, 2), "start") == "0999-01-02 00:00:00"


@pytest.mark.parametrize(
    ("value", "allow_date"),
    [
        (datetime.datetime(2024, 1, 1), True),
        (datetime.date(2024, 1, 1), False),
        ("2024-01-01 00:00:00", True),
        (1_700_000_000, True),
    ],
)
def test_anything_else_is_a_value_error_naming_the_argument(
    value: object, allow_date: bool
) -> None:
    with pytest.raises(ValueError, match=r"^consent_date must be an aware datetime"):
        istanbul_text(value, "consent_date", allow_date=allow_date)
