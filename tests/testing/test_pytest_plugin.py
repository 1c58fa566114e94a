"""The pytest11 entry point: a user's suite gets the ``iletimerkezi_fake`` fixture."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

USER_TESTS = """
import httpx
import pytest

from iletimerkezi_async.sansio import Credentials, build_get_contact, decode_get_contact
from iletimerkezi_async.testing import FakeIletiMerkezi


def test_fixture_holds_ten_contacts(iletimerkezi_fake):
    assert isinstance(iletimerkezi_fake, FakeIletiMerkezi)
    assert sorted(iletimerkezi_fake.contacts) == list(range(1, 11))
    assert iletimerkezi_fake.stats.requests == 0


def test_each_test_gets_a_fresh_fake(iletimerkezi_fake):
    assert len(iletimerkezi_fake.contacts) == 10
    iletimerkezi_fake.generate(5)


@pytest.mark.asyncio
async def test_a_client_can_use_it(iletimerkezi_fake):
    credentials = Credentials(iletimerkezi_fake.api_key, iletimerkezi_fake.api_hash)
    request = build_get_contact(credentials, 7)
    async with httpx.AsyncClient(
        transport=iletimerkezi_fake.transport, base_url="https://api.iletimerkezi.com/v1/"
    ) as client:
        response = await client.post(request.path, content=request.body)
    contact = decode_get_contact(response.status_code, response.content, contact_id=7)
    assert contact == iletimerkezi_fake.contacts[7]
"""


@pytest.fixture(autouse=True)
def quiet_pytest_asyncio(pytester: pytest.Pytester) -> None:
    # pytest-asyncio warns at configure time when its loop scope is unset.
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")


def test_users_suite_gets_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    # A subprocess, so the plugin is found through the installed entry point alone.
    result = pytester.runpytest_subprocess("-W", "error", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_fixture_is_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*iletimerkezi_fake*", "*FakeIletiMerkezi*contacts 1..10*"])


def test_fixture_is_the_documented_one(iletimerkezi_fake: object) -> None:
    from iletimerkezi_async.testing import FakeIletiMerkezi, generate_contacts

    assert isinstance(iletimerkezi_fake, FakeIletiMerkezi)
    assert list(iletimerkezi_fake.contacts.values()) == generate_contacts(10, seed=0)
