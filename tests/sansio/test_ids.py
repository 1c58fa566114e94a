import pytest

from iletimerkezi_async.sansio import validate_contact_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (1007, 1007),
        (2**63, 2**63),
        (10**30, 10**30),
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
    # DESIGN.md promises ValueError for every malformed id; Python expects TypeError.
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
