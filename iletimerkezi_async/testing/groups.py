"""The fake's phonebook groups: the tree the group methods read and change.

The provider does not document what deleting a group does to its contacts and
subgroups. The fake deletes the whole subtree and unlinks the contacts (they stay in
the phonebook, without those group ids); a group's ``count`` is the number of
contacts that list it directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from iletimerkezi_async.sansio import Contact, Group

from .phonebook import contact_page
from .protocol import FakeRequest, Handler, Reject, object_field, page_args, reply, wire_id
from .shapes import FakeResponse, encode_contacts, encode_group, encode_groups

if TYPE_CHECKING:
    from .fake import FakeIletiMerkezi

__all__ = ["HANDLERS", "GroupRecord", "build_groups", "subtree"]


@attrs.define
class GroupRecord:
    """One stored group: its ``id``, ``name`` and ``parent`` id (``None`` at the root)."""

    id: int
    name: str
    parent: int | None = None


def build_groups(
    records: Mapping[int, GroupRecord], contacts: Iterable[Contact]
) -> dict[int, Group]:
    """Every group as a :class:`Group` with its member count and subgroups, by id."""
    counts = Counter(group for contact in contacts for group in set(contact.groups))
    children: dict[int | None, list[int]] = {}
    for record in records.values():
        children.setdefault(record.parent, []).append(record.id)
    built: dict[int, Group] = {}

    def build(group_id: int) -> Group:
        # Iterative enough: trees are shallow, and the fake forbids cycles.
        if group_id not in built:
            record = records[group_id]
            kids = tuple(build(child) for child in sorted(children.get(group_id, ())))
            built[group_id] = Group(record.id, record.name, counts[record.id], kids)
        return built[group_id]

    for group_id in sorted(records):
        build(group_id)
    return built


def subtree(records: Mapping[int, GroupRecord], group_id: int) -> set[int]:
    """``group_id`` and the ids of every group below it."""
    found = {group_id}
    changed = True
    while changed:
        changed = False
        for record in records.values():
            if record.parent in found and record.id not in found:
                found.add(record.id)
                changed = True
    return found


def _ancestors(records: Mapping[int, GroupRecord], group_id: int | None) -> Iterator[int]:
    while group_id is not None:
        yield group_id
        group_id = records[group_id].parent


# -- reading a request's fields ----------------------------------------------------------


def group_id(fake: FakeIletiMerkezi, group: Mapping[str, object]) -> int:
    """``group.id`` of an existing group: 462 when empty, 422 malformed, 463 unknown."""
    raw = group.get("id")
    if raw is None or raw == "":
        raise Reject(462)
    found = wire_id(raw)
    if found is None:
        raise Reject(422, {"group.id": "Grup id sayısal bir değer olmalıdır."})
    if found not in fake._groups:
        raise Reject(463)
    return found


def _parent(fake: FakeIletiMerkezi, group: Mapping[str, object]) -> int | None:
    raw = group.get("parent")
    if raw in (None, "", 0, "0", []):  # a root group: "empty or 0" (D22 sent [])
        return None
    found = wire_id(raw)
    if found is None:
        raise Reject(422, {"group.parent": "Üst grup id sayısal bir değer olmalıdır."})
    if found not in fake._groups:
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


def get_groups(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """get-groups: every root group with its subtree (count as a string, as documented)."""
    return reply(request, {"groups": encode_groups(fake.group_tree(), request.shape)})


def get_group(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """get-group: one group and its subtree; 462/422/463 for an empty/bad/unknown id."""
    found = group_id(fake, object_field(request, "group"))
    return reply(request, {"group": encode_group(fake.groups[found], request.shape)})


def get_group_contacts(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """get-group-contacts: a page of the group's direct members, by id; 465 when the
    page is empty (no member, or past the end), 464 for a page below 1."""
    group = object_field(request, "group")
    found = group_id(fake, group)
    page, row_count = page_args(group)
    rows = contact_page(fake, fake._members(found), page, row_count)
    return reply(request, {"contacts": encode_contacts(rows, request.shape)})


def add_group(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """add-group: 461 for an empty name, 463 for an unknown parent."""
    group = object_field(request, "group")
    name = _name(group)
    parent = _parent(fake, group)
    added = fake.add_group(name, parent_id=parent)
    return _answer(fake._groups[added.id], request)


def edit_group(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """edit-group: rename and move; 462/463 for the id, 461 for the name, 463 for an
    unknown parent, 422 for a parent inside the group's own subtree."""
    group = object_field(request, "group")
    found = group_id(fake, group)
    name = _name(group)
    parent = _parent(fake, group)
    if found in _ancestors(fake._groups, parent):
        raise Reject(422, {"group.parent": "Grup kendi alt grubuna taşınamaz."})
    record = fake._groups[found]
    record.name, record.parent = name, parent
    fake._phonebook_changed()
    return _answer(record, request)


def delete_group(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """delete-group: removes the group and its subgroups, and unlinks their contacts."""
    fake.remove_group(group_id(fake, object_field(request, "group")))
    return reply(request)


HANDLERS: Mapping[str, Handler] = {
    "get-groups": get_groups,
    "get-group": get_group,
    "get-group-contacts": get_group_contacts,
    "add-group": add_group,
    "edit-group": edit_group,
    "delete-group": delete_group,
}
