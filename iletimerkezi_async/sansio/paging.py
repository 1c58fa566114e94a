"""Checking the ``page`` / ``rowCount`` arguments of the paged listings: the one place."""

from __future__ import annotations

from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from .arguments import int_at_least
from .shown import shown

__all__ = ["MAX_PAGE", "MAX_ROW_COUNT", "validate_page", "validate_page_number"]

MAX_ROW_COUNT = 1000
"""The provider's largest page (and its default ``rowCount``) in every paged listing."""

MAX_PAGE = 2**31 - 1
"""The largest page number sent: far past any listing's end (those pages are empty),
and a bound that keeps an absurd int from failing later, while the body is built."""


def validate_page_number(page: object, name: str = "page") -> int:
    """``page`` unchanged, or ``InvalidArgumentError`` naming ``name`` unless it is an int from 1
    to :data:`MAX_PAGE`."""
    if type(page) is not int:
        raise InvalidArgumentTypeError(
            f"{name} must be an int from 1 to {MAX_PAGE}, got {shown(page)}"
        )
    if not 1 <= page <= MAX_PAGE:
        raise InvalidArgumentError(f"{name} must be an int from 1 to {MAX_PAGE}, got {shown(page)}")
    return page


def validate_page(page: object, row_count: object) -> tuple[int, int]:
    """``(page, row_count)`` unchanged, or ``InvalidArgumentError`` unless ``page`` is an int from
    1 to :data:`MAX_PAGE` and ``row_count`` an int from 1 to 1000."""
    validate_page_number(page)
    if int_at_least(row_count, "row_count", 1) > MAX_ROW_COUNT:
        raise InvalidArgumentError(
            f"row_count must be an int from 1 to {MAX_ROW_COUNT}, got {shown(row_count)}"
        )
    return page, row_count  # type: ignore[return-value]
