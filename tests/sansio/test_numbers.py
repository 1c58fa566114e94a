import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async.sansio import normalize_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+90 (505) 702-31-00", "+905057023100"),
        ("905057023100", "905057023100"),
        ("0505 702 31 00", "05057023100"),
        ("5057023100\t", "5057023100"),
        (905057023100, "905057023100"),
    ],
)
def test_separators_are_removed(raw: object, expected: str) -> None:
    assert normalize_number(raw, "number") == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "  ",
        "+",
        "90+505",
        "++905",
        "0505x",
        "٠٥٠٥",
        "1" * 33,
        "905\n",
        -5,
        True,
        5.0,
        None,
        b"905",
    ],
)
def test_anything_else_is_a_value_error_naming_the_argument(raw: object) -> None:
    with pytest.raises(ValueError, match=r"^recipient:"):
        normalize_number(raw, "recipient")


@given(st.text(max_size=40))
def test_result_is_always_digits_with_an_optional_plus(raw: str) -> None:
    try:
        number = normalize_number(raw, "n")
    except ValueError:
        return
    digits = number.removeprefix("+")
    assert digits.isascii()
    assert digits.isdigit()
