"""``NOT_GIVEN``: the one "left out" default, told apart from ``None``."""

from __future__ import annotations

import copy
import json
import pickle

import httpx

from iletimerkezi_async import NOT_GIVEN, AsyncClient, NotGiven
from iletimerkezi_async.sansio import Credentials, contacts

CREDENTIALS = Credentials("key", "hash")


def test_there_is_one_instance_and_it_is_false() -> None:
    assert NotGiven() is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"


def test_a_field_left_out_of_an_edit_is_not_sent_and_an_empty_one_is() -> None:
    call = contacts.edit_contact(CREDENTIALS, 7, name="", surname=NOT_GIVEN)
    sent = json.loads(call.request.body)["request"]["contact"]
    assert sent == {"id": 7, "name": ""}


async def test_timeout_left_out_is_the_default_and_none_turns_it_off(clean_env: object) -> None:
    default = AsyncClient("key", "hash", timeout=NOT_GIVEN)
    assert "timeout=Timeout(connect=5.0, read=10.0, write=10.0, pool=10.0)" in repr(default)
    off = AsyncClient("key", "hash", timeout=None)
    assert "timeout=Timeout(timeout=None)" in repr(off)
    async with httpx.AsyncClient(timeout=3.0) as http_client:
        own = AsyncClient("key", "hash", http_client=http_client)
        assert "timeout=None" in repr(own)  # a user's own client keeps its own timeouts
