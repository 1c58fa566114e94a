"""The typed results of the phonebook methods."""

from __future__ import annotations

import attrs

from .model import Model

__all__ = ["Contact", "CustomField", "Group"]


@attrs.frozen
class CustomField(Model):
    """One phonebook field set on a contact: the field's ``id`` and the contact's ``value``."""

    id: int
    value: str


@attrs.frozen
class Contact(Model):
    """A phonebook contact.

    ``email`` and ``gsm`` are ``None`` when the provider has none (it sends ``""``).
    ``gsm`` is kept as sent, with or without a leading ``+``. ``groups`` holds
    group ids. Every response shape the provider has used decodes to the same value.
    """

    id: int
    name: str
    surname: str
    email: str | None = None
    gsm: str | None = None
    custom_fields: tuple[CustomField, ...] = ()
    groups: tuple[int, ...] = ()


@attrs.frozen
class Group(Model):
    """A phonebook group: its ``id``, ``name``, ``count`` (contacts in it) and subgroups.

    ``children`` holds the subgroups, themselves ``Group`` values (a tree). The
    answers of add-group and edit-group carry only the id and the name: there
    ``count`` is 0 and ``children`` empty (ask ``get_group`` for the rest).
    """

    id: int
    name: str
    count: int = 0
    children: tuple[Group, ...] = ()
