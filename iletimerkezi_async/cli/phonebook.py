"""The phonebook subcommands: contacts (add/edit/delete/search) and groups.

Each prints JSON on stdout: one object for a single result, JSON Lines for a listing
(every page, streamed as it arrives). A provider error is a JSON object with its
``code`` (exit status 1); a malformed argument exits 2.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any

from ..sansio import CustomField
from ..sansio.paging import MAX_PAGE, MAX_ROW_COUNT
from .commands import client_command, fail, stream, write
from .options import Subcommands, id_number

if TYPE_CHECKING:
    from ..client import AsyncClient

__all__ = ["register"]


def _counted(text: str, largest: int) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= largest):
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1 to {largest}, got {text!r}"
        )
    return int(text)


def _page(text: str) -> int:
    return _counted(text, MAX_PAGE)


def _row_count(text: str) -> int:
    return _counted(text, MAX_ROW_COUNT)


def _search_key(text: str) -> str:
    if len(text.strip()) < 3:
        raise argparse.ArgumentTypeError(
            f"must be at least 3 characters besides blanks, got {text!r}"
        )
    return text


def _group_name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty or blank")
    return text


def _field(text: str) -> CustomField:
    field_id, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected FIELD_ID=VALUE, got {text!r}")
    return CustomField(id_number(field_id), value)


def _contact_flags(parser: argparse.ArgumentParser) -> None:
    for name in ("name", "surname", "email", "gsm"):
        parser.add_argument(f"--{name}")
    parser.add_argument(
        "--custom-field",
        type=_field,
        action="append",
        metavar="ID=VALUE",
        help="a custom field value (repeat for more)",
    )
    parser.add_argument(
        "--group",
        type=id_number,
        action="append",
        metavar="ID",
        help="a group id (repeat for more)",
    )


def _paging_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--page", type=_page, help="only this page (default: every page)")
    parser.add_argument(
        "--row-count", type=_row_count, default=MAX_ROW_COUNT, help="rows per page; default: 1000"
    )


def register(subparsers: Subcommands) -> None:
    """Add the phonebook subcommands to ``subparsers``."""
    _register_contact_writes(subparsers)
    _register_contact_reads(subparsers)
    _register_group_reads(subparsers)
    _register_group_writes(subparsers)


def _register_contact_writes(subparsers: Subcommands) -> None:
    """add-contact, edit-contact, delete-contact."""
    add = client_command(
        subparsers,
        "add-contact",
        _add_contact,
        "add a contact; prints it with its new id",
        "iletimerkezi-async add-contact --name Ayşe --gsm 905321234567 --group 12",
    )
    _contact_flags(add)
    edit = client_command(
        subparsers,
        "edit-contact",
        _edit_contact,
        "change a contact; only the fields given are sent",
        "iletimerkezi-async edit-contact 1007 --email ayse@example.com",
    )
    edit.add_argument("id", type=id_number, metavar="ID")
    _contact_flags(edit)
    edit.add_argument("--no-groups", action="store_true", help="send an empty group list")
    delete = client_command(
        subparsers,
        "delete-contact",
        _delete_contact,
        "delete a contact",
        "iletimerkezi-async delete-contact 1007",
    )
    delete.add_argument("id", type=id_number, metavar="ID")


def _register_contact_reads(subparsers: Subcommands) -> None:
    """search-contacts, get-group-contacts: JSON Lines, page by page."""
    search = client_command(
        subparsers,
        "search-contacts",
        _search_contacts,
        "search name, surname, gsm and email; JSON Lines",
        "iletimerkezi-async search-contacts yılmaz | head",
    )
    search.add_argument("key", type=_search_key, metavar="KEY", help="at least 3 characters")
    _paging_flags(search)
    members = client_command(
        subparsers,
        "get-group-contacts",
        _get_group_contacts,
        "a group's contacts; JSON Lines",
        "iletimerkezi-async get-group-contacts 12 > members.jsonl",
    )
    members.add_argument("id", type=id_number, metavar="ID")
    _paging_flags(members)


def _register_group_reads(subparsers: Subcommands) -> None:
    """get-groups, get-group."""
    client_command(
        subparsers,
        "get-groups",
        _get_groups,
        "every group as a tree; one JSON line per root group",
        "iletimerkezi-async get-groups",
    )
    one = client_command(
        subparsers,
        "get-group",
        _get_group,
        "one group with its subgroups",
        "iletimerkezi-async get-group 12",
    )
    one.add_argument("id", type=id_number, metavar="ID")


def _register_group_writes(subparsers: Subcommands) -> None:
    """add-group, edit-group, delete-group."""
    new = client_command(
        subparsers,
        "add-group",
        _add_group,
        "add a group; prints its id and name",
        "iletimerkezi-async add-group 'İzmir bayileri' --parent 12",
    )
    new.add_argument("name", type=_group_name, metavar="NAME")
    new.add_argument(
        "--parent", type=id_number, help="the parent group's id (default: a root group)"
    )
    change = client_command(
        subparsers,
        "edit-group",
        _edit_group,
        "rename or move a group (without --parent: to the root)",
        "iletimerkezi-async edit-group 13 --name 'İzmir' --parent 12",
    )
    change.add_argument("id", type=id_number, metavar="ID")
    change.add_argument("--name", required=True, type=_group_name)
    change.add_argument(
        "--parent", type=id_number, help="the parent group's id (default: the root)"
    )
    gone = client_command(
        subparsers,
        "delete-group",
        _delete_group,
        "delete a group",
        "iletimerkezi-async delete-group 13",
    )
    gone.add_argument("id", type=id_number, metavar="ID")


# -- running -------------------------------------------------------------------------------


def _contact_args(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {
        key: getattr(args, key)
        for key in ("name", "surname", "email", "gsm")
        if getattr(args, key) is not None
    }
    if args.custom_field:
        fields["custom_fields"] = args.custom_field
    if args.group:
        fields["groups"] = args.group
    return fields


async def _add_contact(client: AsyncClient, args: argparse.Namespace) -> int:
    fields = _contact_args(args)
    if not fields.keys() & {"name", "surname", "email", "gsm"}:
        return fail("add-contact needs at least one of --name, --surname, --email or --gsm")
    write((await client.add_contact(**fields)).to_dict())
    return 0


async def _edit_contact(client: AsyncClient, args: argparse.Namespace) -> int:
    fields = _contact_args(args)
    if args.no_groups:
        fields["groups"] = ()
    if not fields:
        return fail(
            "edit-contact needs at least one of --name, --surname, --email, --gsm, "
            "--custom-field, --group or --no-groups"
        )
    write((await client.edit_contact(args.id, **fields)).to_dict())
    return 0


async def _delete_contact(client: AsyncClient, args: argparse.Namespace) -> int:
    await client.delete_contact(args.id)
    write({"id": args.id, "deleted": True})
    return 0


async def _search_contacts(client: AsyncClient, args: argparse.Namespace) -> int:
    if args.page is not None:
        page = await client.search_contacts(args.key, page=args.page, row_count=args.row_count)
        return await stream(_aiter(page))
    return await stream(client.iter_search_contacts(args.key, row_count=args.row_count))


async def _get_group_contacts(client: AsyncClient, args: argparse.Namespace) -> int:
    if args.page is not None:
        page = await client.get_group_contacts(args.id, page=args.page, row_count=args.row_count)
        return await stream(_aiter(page))
    return await stream(client.iter_group_contacts(args.id, row_count=args.row_count))


async def _get_groups(client: AsyncClient, args: argparse.Namespace) -> int:
    return await stream(_aiter(await client.get_groups()))


async def _get_group(client: AsyncClient, args: argparse.Namespace) -> int:
    write((await client.get_group(args.id)).to_dict())
    return 0


async def _add_group(client: AsyncClient, args: argparse.Namespace) -> int:
    write((await client.add_group(args.name, parent_id=args.parent)).to_dict())
    return 0


async def _edit_group(client: AsyncClient, args: argparse.Namespace) -> int:
    if args.parent == args.id:
        return fail(f"edit-group: --parent must be another group than {args.id} itself")
    write((await client.edit_group(args.id, name=args.name, parent_id=args.parent)).to_dict())
    return 0


async def _delete_group(client: AsyncClient, args: argparse.Namespace) -> int:
    await client.delete_group(args.id)
    write({"id": args.id, "deleted": True})
    return 0


async def _aiter(items: list[Any]) -> AsyncGenerator[Any, None]:
    for item in items:
        yield item
