import pytest

from iletimerkezi_async.sansio import Credentials, validate_contact_id
from iletimerkezi_async.sansio.messaging import cancel_order

CREDENTIALS = Credentials("key", "hash")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (1007, 1007),
        (2**63, 2**63),
        (10**30 - 1, 10**30 - 1),
        ("9" * 30, 10**30 - 1),
        ("0", 0),
        ("1007", 1007),
        ("007", 7),
        ("18446744073709551616", 2**64),
    ],
)
def test_accepts_non_negative_ints_and_ascii_digit_strings(value, expected):
    result = validate_contact_id(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        -1,
        1.0,
        12.5,
        "",
        " 12",
        "12 ",
        "12a",
        "1e3",
        "-1",
        "+1",
        "1_000",
        "\u0661\u0662",  # Arabic-Indic digits: str.isdigit() alone accepts them
        "\uff11\uff12",  # fullwidth digits
        "\u00b2",  # superscript two
        None,
        b"12",
        [1],
    ],
    ids=repr,
)
def test_rejects_everything_else(value):
    with pytest.raises((ValueError, TypeError)) as error:
        validate_contact_id(value)
    message = str(error.value)
    assert "int" in message
    assert "digits" in message


@pytest.mark.parametrize("value", [True, 1.0, None, b"12", [1]], ids=repr)
def test_wrong_types_raise_type_error_that_is_also_a_value_error(value):
    # Every malformed id is a ValueError (one except clause); Python expects TypeError.
    with pytest.raises(TypeError) as error:
        validate_contact_id(value)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize("value", [-1, "", "12a", "-1", "\u0661\u0662"], ids=repr)
def test_wrong_values_raise_value_error(value):
    with pytest.raises(ValueError, match="digits"):
        validate_contact_id(value)


def test_overlong_digit_string_message_says_what_is_accepted():
    with pytest.raises(ValueError, match="contact id"):
        validate_contact_id("1" * 5000)


@pytest.mark.parametrize("digits", [31, 40, 2000])
def test_one_length_rule_for_ints_and_strings(digits):
    # 10**40 used to be sent while its 41-digit string was refused.
    as_int = 10 ** (digits - 1)
    for value in (as_int, str(as_int)):
        with pytest.raises(ValueError, match="at most 30 digits") as error:
            validate_contact_id(value)
        assert not isinstance(error.value, TypeError)
    assert validate_contact_id(10**29) == validate_contact_id("1" + "0" * 29)


@pytest.mark.parametrize("order_id", [10**30 - 1, "9" * 30, "0" * 30, 0])
def test_order_ids_up_to_30_digits_either_form(order_id: int | str) -> None:
    assert cancel_order(CREDENTIALS, order_id).ids == {"order_id": str(order_id)}


@pytest.mark.parametrize(
    "order_id",
    [10**30, "1" * 31, 10**5000, -(10**5000), -1, True, 1.0],
    ids=["10**30", "31 digits", "10**5000", "-10**5000", "-1", "True", "1.0"],
)
def test_order_ids_beyond_30_digits_name_the_argument(order_id: object) -> None:
    with pytest.raises(
        ValueError, match="order_id must be an int >= 0 or a string of ASCII digits"
    ):
        cancel_order(CREDENTIALS, order_id)  # type: ignore[arg-type]
