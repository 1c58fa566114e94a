"""What the commands print: JSON that every reader keeps exactly, jq included."""

from __future__ import annotations

import json

from iletimerkezi_async.cli.output import MAX_EXACT_INTEGER, json_line
from iletimerkezi_async.sansio import Contact
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import InProcess

HUGE = 123456789012345678901234567890  # 30 digits: jq would print 1.2345678901234568e+29


def test_integers_beyond_2_to_the_53_are_strings_and_the_rest_numbers() -> None:
    line = json_line(
        {
            "id": MAX_EXACT_INTEGER,
            "next": MAX_EXACT_INTEGER + 1,
            "low": -MAX_EXACT_INTEGER,
            "lower": -MAX_EXACT_INTEGER - 1,
            "groups": [7, HUGE],
            "nested": {"children": [{"id": HUGE}]},
            "flag": True,
            "amount": "10.50",
            "none": None,
        }
    )
    assert line.endswith(b"\n")
    assert json.loads(line) == {
        "id": 9007199254740991,
        "next": "9007199254740992",
        "low": -9007199254740991,
        "lower": "-9007199254740992",
        "groups": [7, str(HUGE)],
        "nested": {"children": [{"id": str(HUGE)}]},
        "flag": True,
        "amount": "10.50",
        "none": None,
    }


async def test_get_contact_prints_a_huge_id_as_a_string(cli_in_process: InProcess) -> None:
    fake = FakeIletiMerkezi(shape="legacy")  # ids as strings of digits, as JSON keeps them
    contact = Contact(HUGE, "Ayşe", "Yılmaz", groups=(7, 2**60))
    fake.add(contact)
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        ran = await cli_in_process("get-contact", str(HUGE), str(HUGE + 1), env=env)
    assert ran.code == 1  # the second one does not exist
    found, missing = sorted(
        (json.loads(line) for line in ran.stdout.splitlines()), key=lambda line: "error" in line
    )
    assert found["id"] == str(HUGE)
    assert found["groups"] == [7, str(2**60)]
    assert (missing["id"], missing["contact_id"]) == (str(HUGE + 1), str(HUGE + 1))
    # The Python API is not affected: to_dict() keeps ints.
    assert contact.to_dict()["id"] == HUGE
