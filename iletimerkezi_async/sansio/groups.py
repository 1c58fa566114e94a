"""Phonebook groups: one function per provider method, each returning a :class:`Call`.

Wire facts: get-groups answers a tree (``children`` nested, absent when empty; ``count``
a numeric string in its docs), get-group one group with ``count`` as a number; the
pre-2024 shape wraps lists as ``{"group": [...]}`` and ``{"child": [...]}``. add-group
and edit-group answer only ``{"id", "name"}``. ``parent`` is ``""`` for a root group.
"""

from __future__ import annotations

from functools import partial

from ..errors import DecodeError, InvalidArgumentError, InvalidArgumentTypeError
from .auth import Credentials
from .call import Call, build_request
from .contacts import decode_contact_page
from .ids import validate_id
from .models import Contact, Group
from .paging import MAX_ROW_COUNT, validate_page
from .response import decode_empty, decode_list, decode_model
from .shown import shown

__all__ = [
    "add_group",
    "delete_group",
    "edit_group",
    "get_group",
    "get_group_contacts",
    "get_groups",
]

_ROOT = ""  # the docs' "parent" of a root group ("empty"; edit-group also allows 0)


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise InvalidArgumentTypeError(f"name must be a non-blank str, got {shown(name)}")
    if not name.strip():
        raise InvalidArgumentError(f"name must be a non-blank str, got {shown(name)}")
    return name


def _parent(parent_id: int | str | None) -> int | None:
    return None if parent_id is None else validate_id(parent_id, "parent_id")


def get_groups(credentials: Credentials) -> Call[list[Group]]:
    """get-groups: the root groups, each with its subgroups in ``children`` (a tree)."""
    return Call("get-groups", "read", build_request(credentials, "get-groups", {}), _decode_groups)


def get_group(credentials: Credentials, group_id: int | str) -> Call[Group]:
    """get-group: one group with its subgroups; 463 (``GroupNotFoundError``) if unknown.

    An answer about another group than the one asked for is a ``DecodeError``.
    """
    gid = validate_id(group_id, "group_id")
    return Call(
        "get-group",
        "read",
        build_request(credentials, "get-group", {"group": {"id": gid}}),
        partial(_decode_group, gid),
        {"group_id": gid},
    )


def get_group_contacts(
    credentials: Credentials, group_id: int | str, *, page: int = 1, row_count: int = MAX_ROW_COUNT
) -> Call[list[Contact]]:
    """get-group-contacts: one page of a group's contacts.

    An empty group, or a page past the end, is ``[]`` (the provider answers 465 there);
    an unknown group raises ``GroupNotFoundError`` (463).
    """
    gid = validate_id(group_id, "group_id")
    page, row_count = validate_page(page, row_count)
    fields = {"group": {"id": gid, "page": page, "rowCount": row_count}}
    return Call(
        "get-group-contacts",
        "read",
        build_request(credentials, "get-group-contacts", fields),
        decode_contact_page,
        {"group_id": gid},
    )


def add_group(
    credentials: Credentials, name: str, *, parent_id: int | str | None = None
) -> Call[Group]:
    """add-group (a write): the new group (its id and name; ``count`` 0, no children).

    ``parent_id`` makes it a subgroup; an unknown parent is ``GroupNotFoundError``
    carrying that id. A blank ``name`` is an ``InvalidArgumentError`` (the provider's 461).
    """
    parent = _parent(parent_id)
    fields = {"group": {"name": _name(name), "parent": _ROOT if parent is None else parent}}
    return Call(
        "add-group",
        "write",
        build_request(credentials, "add-group", fields),
        partial(_decode_group, None),
        {} if parent is None else {"group_id": parent},
    )


def edit_group(
    credentials: Credentials,
    group_id: int | str,
    *,
    name: str,
    parent_id: int | str | None = None,
) -> Call[Group]:
    """edit-group (a write): rename and/or move a group; the answer has id and name.

    The provider takes the whole state: ``parent_id=None`` makes (or keeps) it a
    root group, so pass the current parent to keep a subgroup where it is. A group
    cannot be its own parent (``InvalidArgumentError``).
    """
    gid = validate_id(group_id, "group_id")
    parent = _parent(parent_id)
    if parent == gid:
        raise InvalidArgumentError(
            f"a group cannot be its own parent (group_id = parent_id = {gid})"
        )
    fields = {
        "group": {"id": gid, "name": _name(name), "parent": _ROOT if parent is None else parent}
    }
    return Call(
        "edit-group",
        "write",
        build_request(credentials, "edit-group", fields),
        partial(_decode_group, gid),
        {"group_id": gid},
    )


def delete_group(credentials: Credentials, group_id: int | str) -> Call[None]:
    """delete-group (a write): ``None`` once deleted. What becomes of its contacts
    and subgroups at the provider is not documented."""
    gid = validate_id(group_id, "group_id")
    return Call(
        "delete-group",
        "write",
        build_request(credentials, "delete-group", {"group": {"id": gid}}),
        decode_empty,
        {"group_id": gid},
    )


def _decode_groups(status_code: int, body: bytes) -> list[Group]:
    return decode_list(
        status_code,
        body,
        key="groups",
        cls=Group,
        wrapper="group",
        missing_is_empty=True,
    )


def _decode_group(group_id: int | None, status_code: int, body: bytes) -> Group:
    group = decode_model(status_code, body, key="group", cls=Group)
    if group_id is not None and group.id != group_id:
        raise DecodeError(
            f"the answer is about group {group.id} @ $.response.group.id",
            http_status=status_code,
            group_id=group_id,
        )
    return group
