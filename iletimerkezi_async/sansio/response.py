"""Decoding answers: (HTTP status, body bytes) -> a model, or one of our typed errors."""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable
from typing import TypeVar

from iletimerkezi_async.errors import DecodeError

from .converter import describe_failure, entries, structure, structure_contact
from .models import Contact
from .status import OK, error_class_for

__all__ = [
    "decode_empty",
    "decode_get_contact",
    "decode_list",
    "decode_model",
    "decode_status",
    "load_json",
    "payload",
]

T = TypeVar("T")


def _code(value: object) -> int | None:
    if type(value) is int:
        return value
    # Real codes have three digits; a huge digit string must not reach int().
    if type(value) is str and len(value) <= 9 and value.isascii() and value.isdigit():
        return int(value)
    return None


def _text(value: object) -> str:
    """Server text made safe to print: scalars as JSON, containers only named."""
    if type(value) is str:
        # A lone surrogate (from a "\ud800" escape) cannot be written as UTF-8.
        return value if value.isascii() else value.encode("utf-8", "replace").decode()
    if value is None or type(value) in (bool, int, float):
        return json.dumps(value)
    if type(value) is decimal.Decimal:  # a number with a fraction, read exactly
        return str(value)
    return f"<{'a list' if type(value) is list else 'an object'}>"


def _errors(response: dict[str, object], status: object) -> dict[str, str]:
    # A 422 may carry a field -> message map beside `status`; inside it is read too.
    raw = response.get("errors")
    if raw is None and type(status) is dict:
        raw = status.get("errors")
    if type(raw) is not dict:
        return {}
    errors = {}
    for field, value in raw.items():
        if type(value) is list:
            errors[_text(field)] = "; ".join(_text(item) for item in value)
        else:
            errors[_text(field)] = _text(value)
    return errors


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def load_json(body: bytes) -> object:
    """``body`` as JSON, with the standard library, every number exactly as written:
    integers as ``int``, numbers with a fraction or exponent as ``decimal.Decimal``
    (``100.50`` keeps its digits: money never passes through a float). ``NaN`` and
    ``Infinity``, which the standard library accepts by default, are refused: they
    are not JSON, and no amount may be NaN."""
    return json.loads(body, parse_float=decimal.Decimal, parse_constant=_no_constant)


_loads: Callable[[bytes], object] = load_json
try:  # the `speedups` extra: about twice as fast as the standard library on these bodies
    import orjson

    def _loads(body: bytes) -> object:
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            # orjson refuses some JSON the standard library reads: let the standard
            # library have the final word. (Numbers with a fraction, and integers
            # beyond 64 bits, it reads as floats: answers that carry money are read
            # with load_json instead, and the decoders refuse a float as an id.)
            return load_json(body)

except ImportError:  # pragma: no cover - depends on the environment
    pass


def _parse(status_code: int, body: bytes, contact_id: int | None, exact_numbers: bool) -> object:
    try:
        return load_json(body) if exact_numbers else _loads(body)
    except (ValueError, RecursionError) as error:  # also UnicodeDecodeError, orjson's errors
        what = "an empty body" if not body.strip() else "a body that is not JSON"
        if 200 <= status_code < 300:
            raise DecodeError(
                f"HTTP {status_code} with {what}", http_status=status_code, contact_id=contact_id
            ) from error
        cls = error_class_for(status_code)
        raise cls(status_code, f"HTTP {status_code} with {what}", contact_id=contact_id) from error


def decode_status(
    status_code: int,
    body: bytes,
    *,
    contact_id: int | None = None,
    exact_numbers: bool = False,
) -> dict[str, object]:
    """Check the status of any answer; return its ``response`` object when the code is 200.

    The body's ``status.code`` wins; the HTTP status stands in when the body has
    none. A non-200 code raises the matching :class:`APIError` with the provider's
    message verbatim; a body that is not JSON raises by HTTP status, or
    :class:`DecodeError` on a 2xx. (A :class:`RateLimitError`'s ``retry_after`` is
    read from the answer's headers, by whoever holds them: the client sets it.)

    With ``exact_numbers`` (answers that carry money), numbers are read from the
    JSON text exactly, as :func:`load_json` reads them, whichever JSON library is
    installed; otherwise orjson reads the body when it is installed.
    """
    document = _parse(status_code, body, contact_id, exact_numbers)
    response = document.get("response") if type(document) is dict else None
    status = response.get("status") if type(response) is dict else None
    code = _code(status.get("code")) if type(status) is dict else None
    if code is None:
        code = status_code
    if code != OK:
        message = status.get("message") if type(status) is dict else None
        message = _text(message) if type(message) is str else f"HTTP {status_code}"
        errors = _errors(response, status) if type(response) is dict else {}
        raise error_class_for(code)(code, message, errors, contact_id=contact_id)
    if type(response) is not dict:
        raise DecodeError(
            "expected an object @ $.response", http_status=status_code, contact_id=contact_id
        )
    return response


def decode_get_contact(
    status_code: int,
    body: bytes,
    *,
    contact_id: int | None = None,
) -> Contact:
    """Decode a get-contact answer into a :class:`Contact`, or raise one of our errors.

    With ``contact_id`` given, an answer about another contact is a :class:`DecodeError`
    and every error carries that id.
    """
    response = decode_status(status_code, body, contact_id=contact_id)
    if "contact" not in response:
        raise DecodeError(
            "required field missing @ $.response.contact",
            http_status=status_code,
            contact_id=contact_id,
        )
    raw = response["contact"]
    try:
        contact = structure_contact(raw)
    except Exception as error:
        raise DecodeError(
            describe_failure(raw, "$.response.contact"),
            http_status=status_code,
            contact_id=contact_id,
        ) from error
    if contact_id is not None and contact.id != contact_id:
        raise DecodeError(
            f"the answer is about contact {contact.id} @ $.response.contact.id",
            http_status=status_code,
            contact_id=contact_id,
        )
    return contact


def payload(response: dict[str, object], key: str, status_code: int) -> object:
    """The ``key`` member of a 200 answer's ``response``; :class:`DecodeError` if missing."""
    if key not in response:
        raise DecodeError(f"required field missing @ $.response.{key}", http_status=status_code)
    return response[key]


def decode_model(
    status_code: int,
    body: bytes,
    *,
    key: str,
    cls: type[T],
    exact_numbers: bool = False,
) -> T:
    """An answer whose ``response.<key>`` is one ``cls`` (a model known to the converter);
    ``exact_numbers`` as for :func:`decode_status`."""
    response = decode_status(status_code, body, exact_numbers=exact_numbers)
    raw = payload(response, key, status_code)
    try:
        return structure(raw, cls)
    except Exception as error:
        raise DecodeError(
            describe_failure(raw, f"$.response.{key}", cls), http_status=status_code
        ) from error


def decode_list(
    status_code: int,
    body: bytes,
    *,
    key: str,
    cls: type[T],
    wrapper: str,
    missing_is_empty: bool = False,
) -> list[T]:
    """An answer whose ``response.<key>`` is a list of ``cls`` in any collection shape
    (a list, ``{wrapper: [...]}``, a lone object, ``""``/``null`` for none)."""
    response = decode_status(status_code, body)
    if missing_is_empty and key not in response:
        return []
    return structure_list(payload(response, key, status_code), cls, wrapper, key, status_code)


def structure_list(raw: object, cls: type[T], wrapper: str, path: str, status_code: int) -> list[T]:
    """Every item of the collection ``raw`` (any shape) as ``cls``; :class:`DecodeError`
    naming the item that failed."""
    try:
        items = entries(raw, wrapper)
    except ValueError as error:
        raise DecodeError(f"{error} @ $.response.{path}", http_status=status_code) from error
    result = []
    for index, item in enumerate(items):
        try:
            result.append(structure(item, cls))
        except Exception as error:
            where = f"$.response.{path}[{index}]"
            raise DecodeError(
                describe_failure(item, where, cls), http_status=status_code
            ) from error
    return result


def decode_empty(status_code: int, body: bytes) -> None:
    """An answer that carries only its status (deletes, cancels): ``None`` on success."""
    decode_status(status_code, body)
