"""Checking contact ids before any request is built."""

from __future__ import annotations

from ..errors import ContactIdTypeError, InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["MAX_CONTACT_ID_DIGITS", "validate_contact_id", "validate_id", "validate_order_id"]

MAX_CONTACT_ID_DIGITS = 30
"""The longest id accepted, in decimal digits, whether given as an int or a string."""

# One bound for both forms: an int and its decimal string must get the same answer.
_LIMIT = 10**MAX_CONTACT_ID_DIGITS
_ACCEPTED = (
    f"a contact id must be an int >= 0 or a string of ASCII digits, "
    f"at most {MAX_CONTACT_ID_DIGITS} digits"
)


def validate_contact_id(contact_id: int | str) -> int:
    """Return ``contact_id`` as an ``int``, or raise before any I/O.

    Accepted: an ``int`` from 0 to 10**30 - 1, or a ``str`` of 1 to 30 ASCII digits
    (``"1007"``, ``"007"``): the same ids either way. Everything else raises
    ``InvalidArgumentError``: negatives, longer ids, ``""``, whitespace, signs, ``"1e3"``,
    non-ASCII digits, and (as :class:`ContactIdTypeError`, also a ``TypeError``)
    ``bool``, ``float``, ``None`` and other types.
    """
    if isinstance(contact_id, str):
        if (
            contact_id.isascii()
            and contact_id.isdigit()
            and len(contact_id) <= MAX_CONTACT_ID_DIGITS
        ):
            return int(contact_id)
        shown = repr(contact_id) if len(contact_id) <= 40 else f"{len(contact_id)} characters"
        raise InvalidArgumentError(f"{_ACCEPTED}, got {shown}")
    if isinstance(contact_id, int) and not isinstance(contact_id, bool):
        if not 0 <= contact_id < _LIMIT:
            shown = (
                repr(contact_id)
                if -_LIMIT < contact_id < _LIMIT
                else f"an int of {_digits(contact_id)}"
            )
            raise InvalidArgumentError(f"{_ACCEPTED}, got {shown}")
        return int(contact_id)
    raise ContactIdTypeError(f"{_ACCEPTED}, got {type(contact_id).__name__} {contact_id!r}")


def _digits(value: int) -> str:
    # Beyond ~4300 digits str(int) raises; the bit length gives the size without it.
    if value.bit_length() > 4000:
        return f"{value.bit_length()} bits"
    return f"{len(str(value))} digits"


def validate_id(value: int | str, name: str) -> int:
    """Any provider id (group, contact ...) as an ``int``: the rules of
    :func:`validate_contact_id`, with ``name`` (the argument) in the error message."""
    try:
        return validate_contact_id(value)
    except ValueError as error:
        message = str(error).replace("a contact id", name, 1)
        raise type(error)(message) from None


def validate_order_id(order_id: int | str, name: str = "order_id") -> str:
    """An order id as the string the provider uses (leading zeros kept), or
    ``InvalidArgumentError``.

    Accepted: an ``int`` from 0 to 10**30 - 1 or a ``str`` of 1 to 30 ASCII digits
    (the same bound as :func:`validate_contact_id`); not ``bool``.
    """
    accepted = (
        f"{name} must be an int >= 0 or a string of ASCII digits, "
        f"at most {MAX_CONTACT_ID_DIGITS} digits"
    )
    if isinstance(order_id, str):
        if 0 < len(order_id) <= MAX_CONTACT_ID_DIGITS and order_id.isascii() and order_id.isdigit():
            return order_id
        shown = repr(order_id) if len(order_id) <= 40 else f"{len(order_id)} characters"
    elif isinstance(order_id, int) and not isinstance(order_id, bool):
        if 0 <= order_id < _LIMIT:
            return str(order_id)
        shown = repr(order_id) if -_LIMIT < order_id < _LIMIT else f"an int of {_digits(order_id)}"
    else:
        raise InvalidArgumentTypeError(f"{accepted}, got {type(order_id).__name__}")
    raise InvalidArgumentError(f"{accepted}, got {shown}")
