import datetime

import pytest

from iletimerkezi_async.sansio import Credentials, blacklist

CREDENTIALS = Credentials("key", "hash")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"page": 0}, "page must be an int from 1 to"),
        ({"page": "2"}, "page must be an int from 1 to"),
        ({"row_count": 1001}, "row_count must be an int from 1 to 1000"),
        ({"row_count": 0}, "row_count"),
        ({"start": datetime.datetime(2024, 1, 1)}, "start must be an aware datetime"),
        ({"end": "2024-01-01"}, "end must be an aware datetime or a date"),
        (
            {"start": datetime.date(2024, 2, 1), "end": datetime.date(2024, 1, 1)},
            "start .* is after end",
        ),
    ],
)
def test_bad_listing_arguments_raise_before_any_request(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        blacklist.get_blacklist(CREDENTIALS, **kwargs)  # type: ignore[arg-type]


def test_aware_times_are_sent_in_istanbul_time() -> None:
    new_york = datetime.timezone(datetime.timedelta(hours=-5))
    call = blacklist.get_blacklist(
        CREDENTIALS, start=datetime.datetime(2024, 12, 31, 20, 30, 15, tzinfo=new_york)
    )
    assert b'"start":"2025-01-01 04:30:15"' in call.request.body


@pytest.mark.parametrize("build", [blacklist.add_blacklist, blacklist.delete_blacklist])
@pytest.mark.parametrize("number", ["", "abc", "+90 505 x", None, "9" * 40])
def test_malformed_numbers_raise_value_error_naming_number(build: object, number: object) -> None:
    with pytest.raises(ValueError, match=r"^number:"):
        build(CREDENTIALS, number)  # type: ignore[operator]


def test_the_request_never_shows_the_hash_in_repr() -> None:
    call = blacklist.add_blacklist(Credentials("key", "SECRET-HASH-123"), "+905050047824")
    assert "SECRET-HASH-123" not in repr(call)
