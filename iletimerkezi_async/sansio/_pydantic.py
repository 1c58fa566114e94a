"""The pydantic core schema of a :class:`~.model.Model`: FastAPI and pydantic take our models.

Imported only by ``Model.__get_pydantic_core_schema__``, which pydantic calls:
importing the package never imports pydantic. The schema is built from the attrs
fields and their type hints, each field's schema by pydantic itself (ints,
strings, ``X | None``, ``tuple[X, ...]``, ``Decimal``, dates, ``Literal``, nested
models through this same hook). Serialising gives the same JSON as ``to_dict()``.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable
from typing import Protocol

import attrs
from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from .model import Model

__all__ = ["model_core_schema"]


class _Factory(Protocol):
    # attrs' stubs type Factory as a function; at run time it is an object with these.
    factory: Callable[[], object]
    takes_self: bool


def _isoformat(value: datetime.datetime) -> str:
    return value.isoformat()


def _keep_isoformat(schema: object) -> None:
    """Serialise every datetime in ``schema`` with ``isoformat()``, as ``to_dict()`` does.

    pydantic writes UTC as ``"Z"``, ``to_dict()`` as ``"+00:00"``. The JSON schema
    (a date-time string) stays pydantic's: the serializer names no return type.
    """
    if isinstance(schema, dict):
        if schema.get("type") == "datetime" and "serialization" not in schema:
            schema["serialization"] = core_schema.plain_serializer_function_ser_schema(
                _isoformat, when_used="json-unless-none"
            )
        for value in schema.values():
            _keep_isoformat(value)
    elif isinstance(schema, list):
        for item in schema:
            _keep_isoformat(item)


def _field_schema(hint: object, handler: GetCoreSchemaHandler) -> CoreSchema:
    schema = handler.generate_schema(hint)
    _keep_isoformat(schema)
    return schema


def _default(field: attrs.Attribute[object], schema: CoreSchema) -> CoreSchema:
    default = field.default
    if default is attrs.NOTHING:
        return schema
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = typing.cast(_Factory, default)
        if factory.takes_self:
            return schema  # cannot be computed without the instance: leave it to attrs
        return core_schema.with_default_schema(schema, default_factory=factory.factory)
    return core_schema.with_default_schema(schema, default=default)


def model_core_schema(cls: type[Model], handler: GetCoreSchemaHandler) -> CoreSchema:
    """The core schema for ``cls``: validates dicts (and instances), serialises fields."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, core_schema.TypedDictField] = {}
    for field in attrs.fields(typing.cast("type[attrs.AttrsInstance]", cls)):
        if not field.init:
            continue
        schema = _default(field, _field_schema(hints[field.name], handler))
        fields[field.name] = core_schema.typed_dict_field(
            schema, required=field.default is attrs.NOTHING
        )
    as_fields = core_schema.typed_dict_schema(fields, cls=cls)
    names = tuple(fields)

    def build(data: dict[str, object]) -> Model:
        return cls(**data)

    def field_values(model: Model) -> dict[str, object]:
        # The attribute values, serialised by each field's own schema.
        return {name: getattr(model, name) for name in names}

    from_fields = core_schema.no_info_after_validator_function(build, as_fields)
    return core_schema.json_or_python_schema(
        json_schema=from_fields,
        python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_fields]),
        serialization=core_schema.plain_serializer_function_ser_schema(
            field_values, return_schema=as_fields
        ),
        ref=f"{cls.__module__}.{cls.__qualname__}",
    )
