"""Rows for the blacklist methods."""

from __future__ import annotations

import datetime

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import BlacklistPage, blacklist

from . import Answer, MethodCase, ok

UTC = datetime.UTC
NUMBERS = ["+905050047824", "+905330000099"]
PAGE = BlacklistPage(7906, tuple(NUMBERS))

CASES = [
    MethodCase(
        name="get-blacklist",
        build=lambda credentials: blacklist.get_blacklist(credentials),
        method="get-blacklist",
        kind="read",
        golden={"blacklist": {"page": 1, "rowCount": 1000}},
        answers=[
            Answer(ok(blacklist={"count": 7906, "number": NUMBERS}), PAGE, name="current"),
            Answer(ok("200", blacklist={"count": "7906", "number": NUMBERS}), PAGE, name="legacy"),
            Answer(ok(blacklist={"count": 0, "number": []}), BlacklistPage(0, ()), name="empty"),
            Answer(ok(blacklist={"count": "0"}), BlacklistPage(0, ()), name="number missing"),
            Answer(ok(blacklist={"count": 1, "number": None}), BlacklistPage(1, ()), name="null"),
            Answer(
                ok(blacklist={"count": 1, "number": "+905330000099"}),
                BlacklistPage(1, ("+905330000099",)),
                name="a lone number",
            ),
            Answer(
                ok(blacklist={"count": 1, "number": [905330000099]}),
                BlacklistPage(1, ("905330000099",)),
                name="a number as a JSON number",
            ),
            # An account with no blocked numbers: every empty form is an empty listing.
            *(
                Answer(ok(blacklist=empty), BlacklistPage(0, ()), name=f"blacklist {empty!r}")
                for empty in (None, "", {})
            ),
            Answer(ok(blacklist={"count": 5}), BlacklistPage(5, ()), name="a page past the end"),
            Answer(ok(blacklist=[]), DecodeError, name="blacklist a list"),
            Answer(ok(blacklist={"number": NUMBERS}), DecodeError, name="no count"),
            Answer(ok(blacklist={"count": "7,906", "number": []}), DecodeError, name="bad count"),
            Answer(ok(blacklist={"count": 2, "number": [None]}), DecodeError, name="null number"),
            Answer(ok(blacklist={"count": 2, "number": [{}]}), DecodeError, name="object number"),
            Answer(b"<xml/>", DecodeError, name="not JSON"),
        ],
        without_payload=BlacklistPage(0, ()),
        codes=(400, 401, 404, 422, 464),
    ),
    MethodCase(
        name="get-blacklist filtered",
        build=lambda credentials: blacklist.get_blacklist(
            credentials,
            start=datetime.datetime(2024, 9, 26, 22, 10, tzinfo=UTC),
            end=datetime.date(2024, 9, 30),
            page=3,
            row_count=50,
        ),
        method="get-blacklist",
        kind="read",
        golden={
            "blacklist": {
                "filter": {"start": "2024-09-27 01:10:00", "end": "2024-09-30 23:59:59"},
                "page": 3,
                "rowCount": 50,
            }
        },
        answers=[
            Answer(
                ok(blacklist={"count": 1, "number": NUMBERS[:1]}), BlacklistPage(1, (NUMBERS[0],))
            )
        ],
        without_payload=BlacklistPage(0, ()),
    ),
    MethodCase(
        name="get-blacklist from a date",
        build=lambda credentials: blacklist.get_blacklist(
            credentials, start=datetime.date(2024, 9, 27)
        ),
        method="get-blacklist",
        kind="read",
        golden={
            "blacklist": {"filter": {"start": "2024-09-27 00:00:00"}, "page": 1, "rowCount": 1000}
        },
        answers=[],
        without_payload=BlacklistPage(0, ()),
    ),
    MethodCase(
        name="add-blacklist",
        build=lambda credentials: blacklist.add_blacklist(credentials, "+90 (505) 004-78 24"),
        method="add-blacklist",
        # Idempotent at the provider: retried like a read.
        kind="read",
        golden={"blacklist": {"number": "+905050047824"}},
        answers=[
            Answer(ok(), None, name="current"),
            Answer(ok("200"), None, name="legacy"),
            Answer(b"", DecodeError, name="empty body"),
        ],
        without_payload=None,
        codes=(400, 401, 404, 466),
    ),
    MethodCase(
        name="delete-blacklist",
        build=lambda credentials: blacklist.delete_blacklist(credentials, "905050047824"),
        method="delete-blacklist",
        kind="write",
        golden={"blacklist": {"number": "905050047824"}},
        answers=[
            Answer(ok(), None, name="current"),
            Answer(ok("200"), None, name="legacy"),
        ],
        without_payload=None,
        codes=(400, 401, 404, 466, 474),
    ),
]
