"""The cattrs converters that turn every observed wire shape into our models.

The provider's answers drift (see ``docs/wire-format.md``): numbers arrive as JSON
numbers or numeric strings, money as a number or a string with a decimal comma,
collections as a list, an XML-style wrapper object around a list or a single object,
or ``""``/``null``/``{}``. The lenient hooks here fold all of them into one typed value,
so an area module registers its model with field renames and nothing more::

    register(OrderSummary, submitted_at=field("submitAt"))
    summary = structure(raw, OrderSummary, "$.response.orders[0]")

Two converters share the hooks: ``fast`` (no detailed validation) decodes on the
hot path; ``detailed`` is only run after ``fast`` failed, to say which path broke.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, override

from .models import Contact, CustomField, Group

if TYPE_CHECKING:  # cattrs does not re-export the type of override()'s result
    from cattrs.gen._consts import AttributeOverride

__all__ = [
    "ISTANBUL",
    "describe_failure",
    "detailed",
    "entries",
    "fast",
    "field",
    "kind_of",
    "lenient_decimal",
    "lenient_int",
    "lenient_text",
    "optional_text",
    "register",
    "structure",
    "structure_contact",
    "structure_group",
    "text_id",
]

T = TypeVar("T")

ISTANBUL = datetime.timezone(datetime.timedelta(hours=3), "+03")
"""Turkey's time zone: UTC+03:00 all year since 2016. The provider's times carry no
offset and are Istanbul time."""


def kind_of(value: object) -> str:
    """The JSON type of ``value`` only: the value itself could be anything the server sent."""
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        decimal.Decimal: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def lenient_int(value: object, _: object = None) -> int:
    """An int from a JSON integer or a string of up to 30 ASCII digits."""
    if type(value) is int:
        return value
    if type(value) is str and len(value) <= 30 and value.isascii() and value.isdigit():
        return int(value)
    raise ValueError(f"expected an integer or a string of digits, got {kind_of(value)}")


def lenient_text(value: object, _: object = None) -> str:
    """A string; ``null`` is ``""`` and a number is its digits (XML-to-JSON turns
    all-digit text into numbers)."""
    if type(value) is str:
        if not value.isascii():
            # A lone surrogate (from a "\ud800" escape) is not text anyone can store.
            value.encode("utf-8")  # raises UnicodeEncodeError, a ValueError
        return value
    if value is None:
        return ""
    if type(value) is int:
        return str(value)
    raise ValueError(f"expected a string, got {kind_of(value)}")


def optional_text(value: object, _: object = None) -> str | None:
    """Like :func:`lenient_text`, but ``""`` and ``null`` are ``None``."""
    if value is None or value == "":
        return None
    return lenient_text(value)


def text_id(value: object, _: object = None) -> str:
    """An id kept as a string (order ids): up to 30 digits, as a string or a JSON integer
    (the ids ``validate_order_id`` takes back)."""
    if type(value) is int and 0 <= value < 10**30:
        return str(value)
    if type(value) is str and 0 < len(value) <= 30 and value.isascii() and value.isdigit():
        return value
    raise ValueError(f"expected an id (digits), got {kind_of(value)}")


_MAX_AMOUNT_DIGITS = 40  # significant digits of an amount (and characters, as a string)
_MAX_AMOUNT_EXPONENT = 30  # amounts below 10**30 in magnitude


def lenient_decimal(value: object, _: object = None) -> decimal.Decimal:
    """Money, exactly as the answer wrote it: a JSON number (read as ``Decimal`` or
    ``int`` by the decoders' JSON parsing, never as a float), or a numeric string with a
    decimal point or comma (``"0,0372"``). Trailing zeros are kept (``100.50``); an
    exponent is applied (``1.0584E1`` is ``10.584``, ``1E+2`` is ``100``). Never NaN,
    infinite, longer than 40 digits or beyond 10**30."""
    if type(value) is decimal.Decimal:
        number = value
    elif type(value) is int:
        number = decimal.Decimal(value)
    elif type(value) is str and 0 < len(value) <= _MAX_AMOUNT_DIGITS:
        try:
            number = decimal.Decimal(value.strip().replace(",", "."))
        except decimal.InvalidOperation:
            raise ValueError(f"expected a decimal number, got {kind_of(value)}") from None
    elif type(value) is float:
        # Only a JSON parser that rounds gives a float: refuse it rather than guess.
        raise ValueError("expected a decimal number read exactly, got a float")
    else:
        raise ValueError(f"expected a decimal number, got {kind_of(value)}")
    return _plain_amount(number)


def _plain_amount(number: decimal.Decimal) -> decimal.Decimal:
    """``number`` if it is a finite amount in range, without a positive exponent."""
    if not number.is_finite():
        raise ValueError("expected a finite decimal number")
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) > _MAX_AMOUNT_DIGITS or (number and number.adjusted() >= _MAX_AMOUNT_EXPONENT):
        raise ValueError("expected an amount, got a number out of range")
    if exponent > 0:  # 1E+2: the same amount, written as 100
        return decimal.Decimal((sign, digits + (0,) * exponent, 0))
    return number


def istanbul_datetime(value: object, _: object = None) -> datetime.datetime:
    """``"2026-04-29 04:32:24"`` (Istanbul time, no offset) as an aware datetime at +03:00;
    a time with an offset (``"...Z"``, ``"+00:00"``) is converted to +03:00."""
    if type(value) is str and len(value) <= 40:
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                return parsed.replace(tzinfo=ISTANBUL)
            try:  # an offset of its own ("Z", "+00:00"): the same instant in Istanbul time
                return parsed.astimezone(ISTANBUL)
            except OverflowError:
                raise ValueError("expected a date and time, got one out of range") from None
    raise ValueError(f"expected a date and time (YYYY-MM-DD HH:MM:SS), got {kind_of(value)}")


def optional_datetime(value: object, _: object = None) -> datetime.datetime | None:
    """Like :func:`istanbul_datetime`, but ``""`` and ``null`` are ``None``."""
    if value is None or value == "":
        return None
    return istanbul_datetime(value)


def optional_decimal(value: object, _: object = None) -> decimal.Decimal | None:
    """Like :func:`lenient_decimal`, but ``""`` and ``null`` are ``None``."""
    if value is None or value == "":
        return None
    return lenient_decimal(value)


def entries(value: object, wrapper: str) -> list[object]:
    """The items of a collection in any of its shapes: a list, ``{wrapper: [...]}``,
    ``{wrapper: item}``, a lone object, or ``""``/``null``/``{}`` for none."""
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
    raise ValueError(f"expected a list or an object, got {kind_of(value)}")


def _custom_fields(value: object, _: object = None) -> tuple[CustomField, ...]:
    fields = []
    for index, entry in enumerate(entries(value, "custom_field")):
        if type(entry) is not dict:
            raise ValueError(f"item {index}: expected an object, got {kind_of(entry)}")
        if entry.get("id") == "":
            continue  # the pre-2024 template's empty element: no field
        try:
            item = CustomField(lenient_int(entry["id"]), lenient_text(entry.get("value")))
        except KeyError:
            raise ValueError(f"item {index}: required field id is missing") from None
        except ValueError as error:
            raise ValueError(f"item {index}: {error}") from None
        fields.append(item)
    return tuple(fields)


def _groups(value: object, _: object = None) -> tuple[int, ...]:
    ids: list[int] = []
    for index, entry in enumerate(entries(value, "group")):
        try:
            if type(entry) is dict:
                if "id" not in entry:
                    raise ValueError("required field id is missing")
                inner = entry["id"]
                if inner == "":
                    continue  # the pre-2024 template's empty element: no group
                ids.extend(
                    [lenient_int(i) for i in inner]
                    if type(inner) is list
                    else (lenient_int(inner),)
                )
            else:
                ids.append(lenient_int(entry))
        except ValueError as error:
            raise ValueError(f"item {index}: {error}") from None
    return tuple(ids)


# Deeper than any real phonebook; stops a hostile answer from exhausting the stack.
_MAX_GROUP_DEPTH = 64


def _count(value: object) -> int:
    # add-group/edit-group answers have no count; the docs' template sends "0".
    if value is None or value == "":
        return 0
    return lenient_int(value)


def _group(value: object, depth: int) -> Group:
    if type(value) is not dict:
        raise ValueError(f"expected an object, got {kind_of(value)}")
    if depth > _MAX_GROUP_DEPTH:
        raise ValueError(f"groups nested deeper than {_MAX_GROUP_DEPTH} levels")
    if "id" not in value:
        raise ValueError("id: required field missing")
    where = "id"
    try:
        group_id = lenient_int(value["id"])
        where = "name"
        name = lenient_text(value.get("name"))
        where = "count"
        count = _count(value.get("count"))
        where = "children"
        # The XML form <children><child>...</child></children> arrives as {"child": [...]}.
        items = entries(value.get("children"), "child")
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    children = []
    for index, item in enumerate(items):
        try:
            children.append(_group(item, depth + 1))
        except ValueError as error:
            raise ValueError(f"children[{index}].{error}") from None
    return Group(group_id, name, count, tuple(children))


def structure_group(raw: object, _: object = None) -> Group:
    """Decode a ``group`` object (with its ``children``, to any depth up to 64).

    ``count`` may be a number, a numeric string, or missing (add-group's answer):
    0 then. ``children`` may be missing, a list, or the XML-style ``{"child": [...]}``.
    """
    return _group(_lone(raw), 0)


# Per registered class, its fields' overrides (wire names, hooks): see :func:`register`.
_OVERRIDES: dict[type[object], dict[str, AttributeOverride]] = {}

# Per registered class, its fields' wire names where they differ: error paths name the
# keys of the answer (``consentDate``), which is what a reader can find in it.
_WIRE_NAMES: dict[type[object], dict[str, str]] = {}


def _make(detailed_validation: bool) -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=detailed_validation)
    # Every scalar the provider sends drifts between types: these hooks accept each form.
    converter.register_structure_hook(int, lenient_int)
    converter.register_structure_hook(str, lenient_text)
    converter.register_structure_hook(decimal.Decimal, lenient_decimal)
    converter.register_structure_hook(datetime.datetime, istanbul_datetime)
    converter.register_structure_hook(str | None, optional_text)
    converter.register_structure_hook(decimal.Decimal | None, optional_decimal)
    converter.register_structure_hook(datetime.datetime | None, optional_datetime)
    # Recursive and small: decoded by hand, the same in both converters.
    converter.register_structure_hook(Group, structure_group)
    # A registered model's hook is generated when it is first decoded, not at import:
    # a program pays only for the models it uses (cattrs keeps the hook once made).
    converter.register_structure_hook_factory(
        _OVERRIDES.__contains__,
        lambda cls: make_dict_structure_fn(
            cls,
            converter,
            **_OVERRIDES[cls],  # type: ignore[arg-type]
        ),
    )
    return converter


fast = _make(detailed_validation=False)
detailed = _make(detailed_validation=True)


def field(
    rename: str | None = None, hook: Callable[[object, object], object] | None = None
) -> AttributeOverride:
    """How one model field is read: its wire name (``rename``) and/or its own ``hook``."""
    return override(rename=rename, struct_hook=hook)


def register(cls: type[object], **fields: AttributeOverride) -> None:
    """Teach both converters ``cls``, with the given per-field overrides (see :func:`field`).

    Nothing is generated yet: the hook is made on the first decode of a ``cls``.
    """
    _WIRE_NAMES[cls] = {name: o.rename for name, o in fields.items() if o.rename is not None}
    _OVERRIDES[cls] = fields


register(
    Contact,
    email=field(hook=optional_text),
    gsm=field(hook=optional_text),
    custom_fields=field(hook=_custom_fields),
    groups=field(hook=_groups),
)
# Looked up at the first contact decoded; then the hot path calls it without dispatching.
_structure_contact: Callable[[object, type[Contact]], Contact] | None = None


def _lone(raw: object) -> object:
    return raw[0] if type(raw) is list and len(raw) == 1 else raw  # an object wrapped in a list


def structure_contact(raw: object) -> Contact:
    """Decode a ``contact`` object of any observed shape. Raises on a malformed one."""
    global _structure_contact
    raw = _lone(raw)
    if type(raw) is not dict:
        raise ValueError(f"expected an object, got {kind_of(raw)}")
    if _structure_contact is None:
        _structure_contact = fast.get_structure_hook(Contact)
    return _structure_contact(raw, Contact)


def structure(raw: object, cls: type[T]) -> T:
    """Decode ``raw`` as ``cls`` (registered with :func:`register`). Raises on a malformed one."""
    raw = _lone(raw)
    if type(raw) is not dict:
        raise ValueError(f"expected an object, got {kind_of(raw)}")
    return fast.structure(raw, cls)


def _format(error: BaseException, _type: object) -> str:
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ValueError | TypeError):
        return str(error)
    return f"invalid value ({type(error).__name__})"


def describe_failure(raw: object, path: str, cls: type[object] = Contact) -> str:
    """Say, in ``transform_error`` style, where ``raw`` fails to be a ``cls`` at ``path``."""
    raw = _lone(raw)
    if type(raw) is not dict:
        return f"expected an object, got {kind_of(raw)} @ {path}"
    try:
        detailed.structure(raw, cls)
    except Exception as error:
        return "; ".join(_failures(error, path))
    return f"invalid {cls.__name__} @ {path}"


def _failures(error: BaseException, path: str) -> list[str]:
    """``cattrs.transform_error``'s messages, with each field named by its wire key."""
    found: list[str] = []
    without: list[Exception]
    if isinstance(error, cattrs.IterableValidationError):
        items, without = error.group_exceptions()
        for inner, item in items:
            found += _failures(inner, f"{path}[{item.index!r}]")
    elif isinstance(error, cattrs.ClassValidationError):
        fields, without = error.group_exceptions()
        wire = _WIRE_NAMES.get(error.cl, {})
        for inner, attribute in fields:
            found += _failures(inner, f"{path}.{wire.get(attribute.name, attribute.name)}")
    else:
        return [f"{_format(error, None)} @ {path}"]
    return found + [f"{_format(inner, None)} @ {path}" for inner in without]
