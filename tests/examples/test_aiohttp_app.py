from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import load_example


@pytest.fixture
async def served(credentials_env: None) -> AsyncIterator[tuple[FakeIletiMerkezi, TestClient]]:
    fake = FakeIletiMerkezi()
    fake.generate(5)
    module = load_example("aiohttp_app")
    async with fake.serve() as base_url:
        # The whole service on aiohttp, talking to the fake over a real socket.
        app = module.create_app(
            api_key=fake.api_key, api_hash=fake.api_hash, base_url=base_url, backend="aiohttp"
        )
        async with TestClient(TestServer(app)) as client:
            yield fake, client


async def test_found_contact_is_returned_as_json(
    served: tuple[FakeIletiMerkezi, TestClient],
) -> None:
    fake, client = served
    response = await client.get("/contacts/2")
    assert response.status == 200
    body = await response.json()
    assert body["id"] == 2
    assert body["name"] == fake.contacts[2].name


async def test_unknown_contact_is_404(served: tuple[FakeIletiMerkezi, TestClient]) -> None:
    _, client = served
    response = await client.get("/contacts/404")
    assert response.status == 404


async def test_invalid_id_is_422(served: tuple[FakeIletiMerkezi, TestClient]) -> None:
    _, client = served
    response = await client.get("/contacts/12a")
    assert response.status == 422


def test_init_app_reads_credentials_from_the_environment(credentials_env: None) -> None:
    module = load_example("aiohttp_app")
    assert module.init_app() is not None
