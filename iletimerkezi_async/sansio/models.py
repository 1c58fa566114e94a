"""The typed results of the phonebook methods."""

from __future__ import annotations

import attrs

from .model import Model

__all__ = ["Contact", "CustomField"]


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
