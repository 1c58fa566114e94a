"""The base every public result model shares: a plain-JSON form for logs, APIs and the CLI."""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = ["Model", "to_jsonable"]


def to_jsonable(value: object) -> object:
    """``value`` as plain JSON data: models become dicts, tuples lists,
    ``Decimal`` a string (no float rounding), dates and times ISO 8601 strings."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetime too
        return value.isoformat()
    return value


class Model:
    """Base class of the result models (``Contact``, ``Group``, ``Order`` ...).

    Each is a frozen attrs class: compare, hash and pattern-match them freely.
    ``to_dict()`` gives plain JSON data (for ``json.dumps``, aiohttp, logs), and
    pydantic (FastAPI included) takes every model as a field or response type,
    serialising it to that same JSON, without this package depending on pydantic.
    """

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        """The model as plain JSON data (``json.dumps`` takes it as is).

        Nested models become dicts, tuples lists, ``Decimal`` amounts strings and
        datetimes ISO 8601 strings with their offset.
        """
        return {
            field.name: to_jsonable(getattr(self, field.name))
            for field in attrs.fields(type(self))  # type: ignore[arg-type]
        }

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[object], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Called by pydantic (FastAPI): the schema of this model, from its attrs fields.

        pydantic is imported only here, when pydantic itself asks.
        """
        from ._pydantic import model_core_schema

        return model_core_schema(cls, handler)
