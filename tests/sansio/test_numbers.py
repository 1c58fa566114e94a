import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async import InvalidArgumentError
from iletimerkezi_async.sansio import normalize_number
from iletimerkezi_async.sansio.numbers import MAX_DIGITS, canonical_number


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


NATIONAL = st.text(alphabet="0123456789", min_size=9, max_size=9).map(lambda rest: "5" + rest)


@given(NATIONAL, st.sampled_from(["{}", "0{}", "90{}", "+90{}", "+90 ({}) ", "0090{}"]))
def test_every_form_of_a_turkish_number_has_one_canonical_form(national: str, form: str) -> None:
    assert canonical_number(form.format(national)) == "90" + national


SHAPE = "is not a phone number (digits with an optional leading +; spaces, dashes and "
SHAPE += "parentheses are ignored)"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+49 172 5744833", "491725744833"),
        ("0049 172 5744833", "491725744833"),
        ("+4930123456", "4930123456"),  # ten digits after "+": a country code, kept
        ("905057023100", "905057023100"),
    ],
)
def test_canonical_form_keeps_country_codes(raw: str, expected: str) -> None:
    assert canonical_number(raw) == expected


def test_canonical_form_refuses_what_normalize_refuses() -> None:
    with pytest.raises(InvalidArgumentError, match="number"):
        canonical_number("0505 ABC")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1" * 32, "1" * 32),  # MAX_DIGITS: longer than any real number, still taken
        ("+" + "9" * 32, "+" + "9" * 32),
        ("7", "7"),
        (0, "0"),
        (10**32 - 1, "9" * 32),
    ],
)
def test_up_to_32_digits_are_taken(raw: object, expected: str) -> None:
    assert MAX_DIGITS == 32
    assert normalize_number(raw, "number") == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1" * 33, f"number: '{'1' * 33}' {SHAPE}"),
        ("+" + "9" * 33, f"number: '+{'9' * 33}' {SHAPE}"),
        ("12a", f"number: '12a' {SHAPE}"),
        ("", f"number: '' {SHAPE}"),
        ("x" * 40, f"number: '{'x' * 40}' {SHAPE}"),  # shown up to 40 characters
        ("x" * 41, f"number: 41 characters {SHAPE}"),  # then only counted
        (10**32, f"number: {10**32} is not a phone number (more than 32 digits)"),
        (10**400, "number: an int of 1329 bits is not a phone number (more than 32 digits)"),
        (-1, "number: a phone number must be a str (or a non-negative int), got int"),
        (False, "number: a phone number must be a str (or a non-negative int), got bool"),
        (5.0, "number: a phone number must be a str (or a non-negative int), got float"),
        (None, "number: a phone number must be a str (or a non-negative int), got NoneType"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else None,
)
def test_each_rule_says_what_is_wrong(raw: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^number: ") as caught:
        normalize_number(raw, "number")
    assert str(caught.value) == message


def test_canonical_form_adds_90_only_to_turkish_national_forms() -> None:
    assert canonical_number("0123") == "0123"  # a leading 0, but not eleven digits
    assert canonical_number("12345678901") == "12345678901"  # eleven digits, no leading 0
    assert canonical_number("05057023100") == "905057023100"


def test_canonical_form_names_the_number_by_default() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^number: '0505 ABC' is not a phone"):
        canonical_number("0505 ABC")
    with pytest.raises(InvalidArgumentError, match=r"^recipients\[2\]: "):
        canonical_number("x", "recipients[2]")
