"""The fake's phonebook: its contacts and group tree, the one state the contact and
group handlers (``testing/phonebook.py``, ``testing/groups.py``) read and change.

The provider does not document what deleting a group does to its contacts and
subgroups. The fake deletes the whole subtree and unlinks the contacts (they stay in
the phonebook, without those group ids); a group's ``count`` is the number of
contacts that list it directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from iletimerkezi_async.sansio import Contact, Group

from .stats import FakeStats

__all__ = ["GroupRecord", "PhonebookState", "build_groups", "fold", "subtree"]


def fold(text: str) -> str:
    """``text`` for case-insensitive matching in Turkish: ``I`` -> ``ı``, ``İ`` -> ``i``,
    then ``str.casefold`` (so ``"IŞIK"`` and ``"ışık"`` match; ``"isik"`` does not)."""
    return text.replace("I", "ı").replace("İ", "i").casefold()


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


def _by_id(contact: Contact) -> int:
    return contact.id


class PhonebookState:
    """Contacts by id and groups by id, with the id counters and the search cache.

    Every change goes through a method here, which keeps the searches and group
    listings (cached until the phonebook changes) true. ``stats`` is where get-contact
    counts the ids asked for.
    """

    def __init__(self, stats: FakeStats) -> None:
        self.stats = stats
        self.custom_field_ids: set[int] | None = None
        self._contacts: dict[int, Contact] = {}
        self._groups: dict[int, GroupRecord] = {}
        self._last_contact_id = 0
        self._last_group_id = 0
        self._lookups: dict[tuple[str, object], list[int]] = {}

    # -- contacts --------------------------------------------------------------------

    @property
    def contacts(self) -> Mapping[int, Contact]:
        """Id -> contact (a read-only live view)."""
        return MappingProxyType(self._contacts)

    def next_contact_id(self) -> int:
        """The id add-contact gives the next contact."""
        return self._last_contact_id + 1

    def put(self, *contacts: Contact) -> None:
        """Store ``contacts``, replacing any with the same id."""
        for contact in contacts:
            self._contacts[contact.id] = contact
            self._last_contact_id = max(self._last_contact_id, contact.id)
            if contact.groups:
                # A new group must not inherit members that name an id no group has yet.
                self._last_group_id = max(self._last_group_id, *contact.groups)
        self._lookups.clear()

    def remove(self, contact_id: int) -> None:
        """Delete a contact (``KeyError`` if unknown)."""
        del self._contacts[contact_id]
        self._lookups.clear()

    def search(self, folded_key: str) -> list[int]:
        """Ids of the contacts matching a :func:`fold`-ed key, in id order.

        Cached until the phonebook changes, so walking 100 pages scans it once.
        """
        cached = self._lookups.get(("search", folded_key))
        if cached is None:
            cached = [
                contact.id
                for contact in sorted(self._contacts.values(), key=_by_id)
                if any(
                    folded_key in fold(text)
                    for text in (contact.name, contact.surname, contact.gsm, contact.email)
                    if text
                )
            ]
            self._lookups[("search", folded_key)] = cached
        return cached

    # -- groups ----------------------------------------------------------------------

    def group(self, group_id: int) -> GroupRecord | None:
        """The stored group ``group_id``, or ``None``."""
        return self._groups.get(group_id)

    def built_groups(self) -> dict[int, Group]:
        """Every group by id as a :class:`Group`, with its count and subgroups."""
        return build_groups(self._groups, self._contacts.values())

    def group_tree(self) -> list[Group]:
        """The root groups, each with its subtree: what get-groups answers."""
        built = self.built_groups()
        return [built[g.id] for g in self._groups.values() if g.parent is None]

    def members(self, group_id: int) -> list[int]:
        """Ids of the contacts in group ``group_id``, in id order (cached like a search)."""
        cached = self._lookups.get(("group", group_id))
        if cached is None:
            cached = sorted(cid for cid, c in self._contacts.items() if group_id in c.groups)
            self._lookups[("group", group_id)] = cached
        return cached

    def add_group(self, name: str, parent: int | None, group_id: int | None = None) -> int:
        """Store a group and return its id: ``group_id``, or one above every group id
        in use (stored contacts' included). ``ValueError`` for an unknown parent or a
        taken id."""
        if parent is not None and parent not in self._groups:
            raise ValueError(f"no group {parent} to add a subgroup to")
        if group_id is not None and group_id in self._groups:
            raise ValueError(f"group {group_id} exists already")
        new_id = self._last_group_id + 1 if group_id is None else group_id
        self._groups[new_id] = GroupRecord(new_id, name, parent)
        self._last_group_id = max(self._last_group_id, new_id)
        self._lookups.clear()
        return new_id

    def ancestors(self, group_id: int | None) -> Iterator[int]:
        """``group_id`` and the ids above it, up to the root."""
        while group_id is not None:
            yield group_id
            group_id = self._groups[group_id].parent

    def edit_group(self, group_id: int, name: str, parent: int | None) -> GroupRecord:
        """Rename and move a group (``KeyError`` if unknown); the caller checks that
        ``parent`` exists and is not inside the group's own subtree."""
        record = self._groups[group_id]
        record.name, record.parent = name, parent
        self._lookups.clear()
        return record

    def remove_group(self, group_id: int) -> None:
        """Delete a group and its subgroups, unlinking their contacts (``KeyError`` if
        unknown)."""
        gone = subtree(self._groups, self._groups[group_id].id)
        for removed in gone:
            del self._groups[removed]
        for contact in list(self._contacts.values()):
            if not gone.isdisjoint(contact.groups):
                kept = tuple(g for g in contact.groups if g not in gone)
                self._contacts[contact.id] = attrs.evolve(contact, groups=kept)
        self._lookups.clear()

    def summary(self) -> str:
        """``contacts=N, groups=M`` for a repr."""
        return f"contacts={len(self._contacts)}, groups={len(self._groups)}"
