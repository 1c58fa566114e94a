"""Rows for the group methods."""

from __future__ import annotations

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import Contact, Group, groups

from . import CREDENTIALS, Answer, MethodCase, ok
from .contacts import AYSE, CURRENT, LEGACY

TREE = [
    Group(1, "Müşteriler", 2),
    Group(2, "Bayiler", 0, (Group(3, "İzmir", 1), Group(4, "Ankara", 0))),
]
# The D24 get-groups template: count as a string, children absent when none.
TREE_CURRENT = [
    {"id": 1, "name": "Müşteriler", "count": "2"},
    {
        "id": 2,
        "name": "Bayiler",
        "count": "0",
        "children": [
            {"id": 3, "name": "İzmir", "count": "1"},
            {"id": 4, "name": "Ankara", "count": "0"},
        ],
    },
]
# Pre-2024: everything a string, lists wrapped as in the XML (<group>, <child>).
TREE_LEGACY = {
    "group": [
        {"id": "1", "name": "Müşteriler", "count": "2"},
        {
            "id": "2",
            "name": "Bayiler",
            "count": "0",
            "children": {
                "child": [
                    {"id": "3", "name": "İzmir", "count": "1"},
                    {"id": "4", "name": "Ankara", "count": "0"},
                ]
            },
        },
    ]
}
DEEP = Group(5, "a", 1, (Group(6, "b", 2, (Group(7, "c", 3),)),))

CASES: list[MethodCase] = [
    MethodCase(
        name="get-groups",
        build=groups.get_groups,
        method="get-groups",
        kind="read",
        golden={},
        answers=[
            Answer(ok(groups=TREE_CURRENT), TREE, name="current"),
            Answer(ok("200", groups=TREE_LEGACY), TREE, name="legacy"),
            Answer(
                ok(groups=[{"id": 1, "name": "Müşteriler", "count": 2, "children": []}]),
                [Group(1, "Müşteriler", 2)],
                name="count as a number, empty children",
            ),
            Answer(
                ok(groups={"group": {"id": "1", "name": "Müşteriler", "count": "2"}}),
                [Group(1, "Müşteriler", 2)],
                name="legacy, one group",
            ),
            Answer(
                ok(
                    groups=[
                        {
                            "id": 5,
                            "name": "a",
                            "count": 1,
                            "children": [
                                {
                                    "id": 6,
                                    "name": "b",
                                    "count": 2,
                                    "children": [{"id": 7, "name": "c", "count": 3}],
                                }
                            ],
                        }
                    ]
                ),
                [DEEP],
                name="nested twice",
            ),
            Answer(ok(groups=[]), [], name="no groups"),
            Answer(
                ok(groups=[{"id": 1, "name": "x", "count": "many"}]), DecodeError, name="bad count"
            ),
            Answer(
                ok(groups=[{"id": 1, "name": "x", "children": [{"name": "y"}]}]),
                DecodeError,
                name="child without id",
            ),
        ],
        without_payload=[],
        codes=(400, 401, 404),
    ),
    MethodCase(
        name="get-group",
        build=lambda credentials: groups.get_group(credentials, "2"),
        method="get-group",
        kind="read",
        golden={"group": {"id": 2}},
        answers=[
            Answer(
                ok(
                    group={
                        "id": 2,
                        "name": "Bayiler",
                        "count": 0,
                        "children": [
                            {"id": 3, "name": "İzmir", "count": 1},
                            {"id": 4, "name": "Ankara", "count": 0},
                        ],
                    }
                ),
                TREE[1],
                name="current",
            ),
            Answer(ok("200", group=TREE_LEGACY["group"][1]), TREE[1], name="legacy"),  # type: ignore[index]
            Answer(ok(group={"id": 9, "name": "x", "count": 0}), DecodeError, name="another group"),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 463),
        ids={"group_id": 2},
    ),
    MethodCase(
        name="get-group-contacts",
        build=lambda credentials: groups.get_group_contacts(credentials, 12, page=3, row_count=2),
        method="get-group-contacts",
        kind="read",
        golden={"group": {"id": 12, "page": 3, "rowCount": 2}},
        answers=[
            Answer(ok(contacts=[CURRENT]), [AYSE], name="current"),
            Answer(ok("200", contacts={"contact": [LEGACY]}), [AYSE], name="legacy"),
            Answer(
                {"response": {"status": {"code": 465, "message": "Kişi bulunamadı"}}},
                [],
                status=465,
                name="465 is an empty page",
            ),
            Answer(ok(contacts=[{"id": 1}]), DecodeError, name="a bad row"),
        ],
        without_payload=[],
        codes=(400, 401, 404, 463, 464),
        ids={"group_id": 12},
    ),
    MethodCase(
        name="add-group",
        build=lambda credentials: groups.add_group(credentials, "Müşteriler"),
        method="add-group",
        kind="write",
        golden={"group": {"name": "Müşteriler", "parent": ""}},
        answers=[
            Answer(
                ok(group={"id": 1, "name": "Müşteriler"}), Group(1, "Müşteriler"), name="current"
            ),
            Answer(
                ok("200", group={"id": "1", "name": "Müşteriler"}),
                Group(1, "Müşteriler"),
                name="legacy",
            ),
            Answer(ok(group={"id": "", "name": "x"}), DecodeError, name="empty id"),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 461, 463),
    ),
    MethodCase(
        name="add-group (subgroup)",
        build=lambda credentials: groups.add_group(credentials, "İzmir", parent_id="2"),
        method="add-group",
        kind="write",
        golden={"group": {"name": "İzmir", "parent": 2}},
        answers=[Answer(ok(group={"id": 3, "name": "İzmir"}), Group(3, "İzmir"), name="current")],
        without_payload=DecodeError,
        codes=(463,),
        ids={"group_id": 2},
    ),
    MethodCase(
        name="edit-group",
        build=lambda credentials: groups.edit_group(credentials, 3, name="İzmir", parent_id=2),
        method="edit-group",
        kind="write",
        golden={"group": {"id": 3, "name": "İzmir", "parent": 2}},
        answers=[
            Answer(ok(group={"id": 3, "name": "İzmir"}), Group(3, "İzmir"), name="current"),
            Answer(ok("200", group={"id": "3", "name": "İzmir"}), Group(3, "İzmir"), name="legacy"),
            Answer(ok(group={"id": 4, "name": "İzmir"}), DecodeError, name="another group"),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 461, 462, 463),
        ids={"group_id": 3},
    ),
    MethodCase(
        name="edit-group (to root)",
        build=lambda credentials: groups.edit_group(credentials, "3", name="İzmir"),
        method="edit-group",
        kind="write",
        golden={"group": {"id": 3, "name": "İzmir", "parent": ""}},
        answers=[Answer(ok(group={"id": 3, "name": "İzmir"}), Group(3, "İzmir"), name="current")],
        without_payload=DecodeError,
        ids={"group_id": 3},
    ),
    MethodCase(
        name="delete-group",
        build=lambda credentials: groups.delete_group(credentials, 3),
        method="delete-group",
        kind="write",
        golden={"group": {"id": 3}},
        answers=[Answer(ok(), None, name="current"), Answer(ok("200"), None, name="legacy")],
        without_payload=None,
        codes=(400, 401, 404, 463),
        ids={"group_id": 3},
    ),
]

INVALID = [
    (lambda: groups.get_group(CREDENTIALS, "x"), "group_id"),
    (lambda: groups.get_group_contacts(CREDENTIALS, 1, page=0), "page"),
    (lambda: groups.get_group_contacts(CREDENTIALS, 1, row_count=5000), "row_count"),
    (lambda: groups.add_group(CREDENTIALS, ""), "name"),
    (lambda: groups.add_group(CREDENTIALS, "  "), "name"),
    (lambda: groups.add_group(CREDENTIALS, "x", parent_id=-3), "parent_id"),
    (lambda: groups.edit_group(CREDENTIALS, 3, name="x", parent_id=3), "its own parent"),
    (lambda: groups.edit_group(CREDENTIALS, 3, name=""), "name"),
    (lambda: groups.delete_group(CREDENTIALS, 1.5), "group_id"),  # type: ignore[arg-type]
]

__all__ = ["CASES", "INVALID", "Contact"]
