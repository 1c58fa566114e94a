"""Checking the ``page`` / ``rowCount`` arguments of the paged listings."""

from __future__ import annotations

__all__ = ["MAX_ROW_COUNT", "validate_page"]

MAX_ROW_COUNT = 1000
"""The provider's largest page (and its default ``rowCount``)."""


def validate_page(page: int, row_count: int) -> tuple[int, int]:
    """``(page, row_count)`` unchanged, or ``ValueError`` unless ``page`` is an int >= 1
    and ``row_count`` an int from 1 to 1000."""
    if type(page) is not int or page < 1:
        raise ValueError(f"page must be an int >= 1, got {page!r}")
    if type(row_count) is not int or not 1 <= row_count <= MAX_ROW_COUNT:
        raise ValueError(f"row_count must be an int from 1 to {MAX_ROW_COUNT}, got {row_count!r}")
    return page, row_count
