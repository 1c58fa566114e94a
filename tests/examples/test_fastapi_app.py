from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import load_example

pytestmark = pytest.mark.usefixtures("credentials_env")


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    fake = FakeIletiMerkezi()
    fake.generate(5)
    return fake


@pytest.fixture
def app(fake: FakeIletiMerkezi) -> FastAPI:
    module = load_example("fastapi_app")
    return module.create_app(
        api_key=fake.api_key, api_hash=fake.api_hash, transport=fake.transport, max_retries=1
    )


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    # Run the app's lifespan as a server would, then talk to it in-process.
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://service"
        ) as http,
    ):
        yield http


async def test_found_contact_is_returned_as_json(
    http: httpx.AsyncClient, fake: FakeIletiMerkezi
) -> None:
    contact = fake.contacts[3]
    response = await http.get("/contacts/3")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == 3
    assert body["name"] == contact.name
    assert body["surname"] == contact.surname
    assert body["groups"] == list(contact.groups)


async def test_the_contact_is_the_json_of_to_dict_and_documented(
    http: httpx.AsyncClient, fake: FakeIletiMerkezi
) -> None:
    response = await http.get("/contacts/2")
    assert response.json() == fake.contacts[2].to_dict()
    spec = (await http.get("/openapi.json")).json()
    answer = spec["paths"]["/contacts/{contact_id}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Contact"
    }
    assert set(spec["components"]["schemas"]["Contact"]["properties"]) == {
        "id",
        "name",
        "surname",
        "email",
        "gsm",
        "custom_fields",
        "groups",
    }


async def test_unknown_contact_is_404(http: httpx.AsyncClient) -> None:
    response = await http.get("/contacts/999")
    assert response.status_code == 404


async def test_provider_outage_is_502_after_retries(
    http: httpx.AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.script(Fault.server_error(503), Fault.server_error(503))
    response = await http.get("/contacts/1")
    assert response.status_code == 502
    assert fake.stats.requests == 2


async def test_one_client_serves_every_request(
    http: httpx.AsyncClient, app: FastAPI, fake: FakeIletiMerkezi
) -> None:
    shared = app.state.iletimerkezi
    for contact_id in (1, 2, 3):
        assert (await http.get(f"/contacts/{contact_id}")).status_code == 200
    assert app.state.iletimerkezi is shared
    assert fake.stats.requests == 3


async def test_client_is_closed_when_the_app_stops(app: FastAPI) -> None:
    async with app.router.lifespan_context(app):
        shared = app.state.iletimerkezi
        assert not shared.is_closed
    assert shared.is_closed
