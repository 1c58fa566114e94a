"""The cattrs converters that turn every observed shape of a contact into :class:`Contact`.

The provider has documented two shapes, and XML-to-JSON conversion on its side
produces more (see ``docs/wire-format.md``): collections may be a list, a wrapper
object around a list or a single object, or ``""``/``null``/``{}``/missing; ids
may be numbers or numeric strings. The hooks below fold all of them into one model.

Two converters share the hooks: ``fast`` (no detailed validation) decodes on the
hot path; ``detailed`` is only run after ``fast`` failed, to say which path broke.
"""

from __future__ import annotations

import cattrs
from cattrs.gen import make_dict_structure_fn, override

from .models import Contact, CustomField

__all__ = ["describe_failure", "detailed", "fast", "structure_contact"]


def _kind(value: object) -> str:
    # Name the JSON type only: the value itself could be anything the server sent.
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _int(value: object, _: object = None) -> int:
    if type(value) is int:
        return value
    if type(value) is str and len(value) <= 30 and value.isascii() and value.isdigit():
        return int(value)
    raise ValueError(f"expected an integer or a string of digits, got {_kind(value)}")


def _text(value: object, _: object = None) -> str:
    if type(value) is str:
        if not value.isascii():
            # A lone surrogate (from a "\ud800" escape) is not text anyone can store.
            value.encode("utf-8")  # raises UnicodeEncodeError, a ValueError
        return value
    if value is None:
        return ""
    if type(value) is int:  # XML-to-JSON turns all-digit text into numbers
        return str(value)
    raise ValueError(f"expected a string, got {_kind(value)}")


def _optional_text(value: object, _: object = None) -> str | None:
    if value is None or value == "":
        return None
    return _text(value)


def _entries(value: object, wrapper: str) -> list[object]:
    """The items of a collection in any of its shapes."""
    if value is None or value == "":
        return []
    if type(value) is list:
        return value
    if type(value) is dict:
        if wrapper in value:
            inner = value[wrapper]
            if inner is None or inner == "" or inner == {}:  # an empty XML element
                return []
            return inner if type(inner) is list else [inner]
        return [value] if value else []
    raise ValueError(f"expected a list or an object, got {_kind(value)}")


def _custom_fields(value: object, _: object = None) -> tuple[CustomField, ...]:
    fields = []
    for index, entry in enumerate(_entries(value, "custom_field")):
        if type(entry) is not dict:
            raise ValueError(f"item {index}: expected an object, got {_kind(entry)}")
        if entry.get("id") == "":
            continue  # the pre-2024 template's empty element: no field
        try:
            field = CustomField(_int(entry["id"]), _text(entry.get("value")))
        except KeyError:
            raise ValueError(f"item {index}: required field id is missing") from None
        except ValueError as error:
            raise ValueError(f"item {index}: {error}") from None
        fields.append(field)
    return tuple(fields)


def _groups(value: object, _: object = None) -> tuple[int, ...]:
    ids: list[int] = []
    for index, entry in enumerate(_entries(value, "group")):
        try:
            if type(entry) is dict:
                if "id" not in entry:
                    raise ValueError("required field id is missing")
                inner = entry["id"]
                if inner == "":
                    continue  # the pre-2024 template's empty element: no group
                ids.extend([_int(i) for i in inner] if type(inner) is list else (_int(inner),))
            else:
                ids.append(_int(entry))
        except ValueError as error:
            raise ValueError(f"item {index}: {error}") from None
    return tuple(ids)


def _make(detailed_validation: bool) -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=detailed_validation)
    converter.register_structure_hook(
        Contact,
        make_dict_structure_fn(
            Contact,
            converter,
            id=override(struct_hook=_int),
            name=override(struct_hook=_text),
            surname=override(struct_hook=_text),
            email=override(struct_hook=_optional_text),
            gsm=override(struct_hook=_optional_text),
            custom_fields=override(struct_hook=_custom_fields),
            groups=override(struct_hook=_groups),
        ),
    )
    return converter


fast = _make(detailed_validation=False)
detailed = _make(detailed_validation=True)
# Looked up once: the hot path calls the generated function without dispatching.
_structure_fast = fast.get_structure_hook(Contact)


def structure_contact(raw: object) -> Contact:
    """Decode a ``contact`` object of any observed shape. Raises on a malformed one."""
    if type(raw) is list and len(raw) == 1:  # a lone contact wrapped in a list
        raw = raw[0]
    if type(raw) is not dict:
        raise ValueError(f"expected an object, got {_kind(raw)}")
    return _structure_fast(raw, Contact)  # type: ignore[no-any-return]


def _format(error: BaseException, _type: object) -> str:
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ValueError | TypeError):
        return str(error)
    return f"invalid value ({type(error).__name__})"


def describe_failure(raw: object, path: str) -> str:
    """Say, in ``transform_error`` style, where ``raw`` fails to be a contact at ``path``."""
    if type(raw) is list and len(raw) == 1:
        raw = raw[0]
    if type(raw) is not dict:
        return f"expected an object, got {_kind(raw)} @ {path}"
    try:
        detailed.structure(raw, Contact)
    except Exception as error:
        return "; ".join(cattrs.transform_error(error, path, format_exception=_format))
    return f"invalid contact @ {path}"
