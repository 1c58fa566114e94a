"""The fake's phonebook groups: the group methods, over the fake's
:class:`~.phonebook_state.PhonebookState` (which says what deleting a group does)."""

from __future__ import annotations

from collections.abc import Mapping

from .phonebook import contact_page
from .phonebook_state import GroupRecord, PhonebookState
from .protocol import FakeRequest, Handler, Reject, object_field, page_args, reply, wire_id
from .shapes import FakeResponse, encode_contacts, encode_group, encode_groups

__all__ = ["HANDLERS", "group_id"]


# -- reading a request's fields ----------------------------------------------------------


def group_id(state: PhonebookState, group: Mapping[str, object]) -> int:
    """``group.id`` of an existing group: 462 when empty, 422 malformed, 463 unknown."""
    raw = group.get("id")
    if raw is None or raw == "":
        raise Reject(462)
    found = wire_id(raw)
    if found is None:
        raise Reject(422, {"group.id": "Grup id sayısal bir değer olmalıdır."})
    if state.group(found) is None:
        raise Reject(463)
    return found


def _parent(state: PhonebookState, group: Mapping[str, object]) -> int | None:
    raw = group.get("parent")
    if raw in (None, "", 0, "0", []):  # a root group: "empty or 0" (D22 sent [])
        return None
    found = wire_id(raw)
    if found is None:
        raise Reject(422, {"group.parent": "Üst grup id sayısal bir değer olmalıdır."})
    if state.group(found) is None:
        raise Reject(463)
    return found


def _name(group: Mapping[str, object]) -> str:
    name = group.get("name")
    if name is None or (type(name) is str and not name.strip()):
        raise Reject(461)
    if type(name) is not str:
        raise Reject(422, {"group.name": "Grup adı metin olmalıdır."})
    return name


def _answer(record: GroupRecord, request: FakeRequest) -> FakeResponse:
    # add-group and edit-group answer the id and the name only.
    ident: int | str = record.id if request.shape == "current" else str(record.id)
    return reply(request, {"group": {"id": ident, "name": record.name}})


# -- the methods --------------------------------------------------------------------------


def get_groups(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """get-groups: every root group with its subtree (count as a string, as documented)."""
    return reply(request, {"groups": encode_groups(state.group_tree(), request.shape)})


def get_group(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """get-group: one group and its subtree; 462/422/463 for an empty/bad/unknown id."""
    found = group_id(state, object_field(request, "group"))
    return reply(request, {"group": encode_group(state.built_groups()[found], request.shape)})


def get_group_contacts(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """get-group-contacts: a page of the group's direct members, by id; 465 when the
    page is empty (no member, or past the end), 464 for a page below 1."""
    group = object_field(request, "group")
    found = group_id(state, group)
    page, row_count = page_args(group)
    rows = contact_page(state, state.members(found), page, row_count)
    return reply(request, {"contacts": encode_contacts(rows, request.shape)})


def add_group(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """add-group: 461 for an empty name, 463 for an unknown parent."""
    group = object_field(request, "group")
    name = _name(group)
    parent = _parent(state, group)
    return _answer(GroupRecord(state.add_group(name, parent), name, parent), request)


def edit_group(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """edit-group: rename and move; 462/463 for the id, 461 for the name, 463 for an
    unknown parent, 422 for a parent inside the group's own subtree."""
    group = object_field(request, "group")
    found = group_id(state, group)
    name = _name(group)
    parent = _parent(state, group)
    if found in state.ancestors(parent):
        raise Reject(422, {"group.parent": "Grup kendi alt grubuna taşınamaz."})
    return _answer(state.edit_group(found, name, parent), request)


def delete_group(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """delete-group: removes the group and its subgroups, and unlinks their contacts."""
    state.remove_group(group_id(state, object_field(request, "group")))
    return reply(request)


HANDLERS: Mapping[str, Handler[PhonebookState]] = {
    "get-groups": get_groups,
    "get-group": get_group,
    "get-group-contacts": get_group_contacts,
    "add-group": add_group,
    "edit-group": edit_group,
    "delete-group": delete_group,
}
