"""Our models in FastAPI (pydantic): response models, OpenAPI schemas, same JSON as to_dict().

The apps run in-process through httpx's ASGI transport, which is what FastAPI's
TestClient wraps (its import warns about httpx with this Starlette release).
"""

from __future__ import annotations

import datetime
import decimal
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Annotated, Literal

import attrs
import httpx
import pytest
from fastapi import Body, FastAPI
from pydantic import BaseModel, TypeAdapter

from iletimerkezi_async import Contact, CustomField
from iletimerkezi_async.sansio.model import Model

# Test-only models with the field types the other API methods' models use.


@attrs.frozen
class Line(Model):
    recipient: str
    price: decimal.Decimal
    kind: Literal["sms", "mms"] = "sms"


@attrs.frozen
class Order(Model):
    id: int
    sent_at: datetime.datetime
    day: datetime.date
    cancelled: bool
    note: str | None
    lines: tuple[Line, ...]
    group_ids: tuple[int, ...] = ()
    finished_at: datetime.datetime | None = None


CONTACT = Contact(
    id=7,
    name="Işıl",
    surname="Öztürk",
    email=None,
    gsm="+905551112233",
    custom_fields=(CustomField(2, "çiçek"),),
    groups=(1, 12),
)
ORDER = Order(
    id=99,
    sent_at=datetime.datetime(2024, 5, 1, 9, 30, 15, 250000, tzinfo=datetime.UTC),
    day=datetime.date(2024, 5, 1),
    cancelled=False,
    note=None,
    lines=(
        Line("905551112233", decimal.Decimal("0.0450")),
        Line("x", decimal.Decimal("1E+2"), "mms"),
    ),
    group_ids=(3,),
    finished_at=datetime.datetime(
        2024, 5, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3))
    ),
)


def make_app() -> FastAPI:
    app = FastAPI()

    @app.get("/contact")
    async def contact() -> Contact:  # the response model comes from the annotation
        return CONTACT

    @app.get("/contacts")
    async def contacts() -> list[Contact]:
        return [CONTACT, CONTACT]

    @app.get("/order")
    async def order() -> Order:
        return ORDER

    return app


def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(make_app()) as client:
        yield client


def as_json(model: Model) -> object:
    return json.loads(json.dumps(model.to_dict()))


async def test_returning_a_contact_gives_the_json_of_to_dict(http: httpx.AsyncClient) -> None:
    response = await http.get("/contact")
    assert response.status_code == 200
    assert response.json() == as_json(CONTACT)
    assert (await http.get("/contacts")).json() == [as_json(CONTACT)] * 2


async def test_nested_tuples_decimals_and_datetimes_serialise_as_to_dict(
    http: httpx.AsyncClient,
) -> None:
    body = (await http.get("/order")).json()
    assert body == as_json(ORDER)
    assert body["sent_at"] == "2024-05-01T09:30:15.250000+00:00"  # not pydantic's "Z"
    assert body["lines"][0]["price"] == "0.0450"  # a string: no float rounding
    assert body["lines"][1]["price"] == "1E+2"


def test_pydantic_dumps_the_same_json_as_to_dict() -> None:
    for model in (CONTACT, ORDER):
        dumped = TypeAdapter(type(model)).dump_json(model)
        assert json.loads(dumped) == as_json(model)
        assert TypeAdapter(type(model)).dump_python(model, mode="json") == as_json(model)


async def test_the_openapi_schema_lists_the_fields_with_their_types(
    http: httpx.AsyncClient,
) -> None:
    spec = (await http.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    contact_ref = spec["paths"]["/contact"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    assert contact_ref == {"$ref": "#/components/schemas/Contact"}
    contact = schemas["Contact"]["properties"]
    assert contact["id"]["type"] == "integer"
    assert contact["name"]["type"] == "string"
    assert {"type": "null"} in contact["email"]["anyOf"]
    assert {"type": "string"} in contact["email"]["anyOf"]
    assert contact["custom_fields"]["type"] == "array"
    assert contact["custom_fields"]["items"] == {"$ref": "#/components/schemas/CustomField"}
    assert contact["groups"]["items"] == {"type": "integer"}
    assert set(schemas["Contact"]["required"]) >= {"id", "name", "surname"}
    assert schemas["CustomField"]["properties"]["value"]["type"] == "string"

    order = schemas["Order"]["properties"]
    assert order["sent_at"] == {"type": "string", "format": "date-time", "title": "Sent At"}
    assert order["day"]["format"] == "date"
    assert order["cancelled"]["type"] == "boolean"
    assert order["lines"]["items"] == {"$ref": "#/components/schemas/Line"}
    assert {"type": "string", "format": "date-time"} in order["finished_at"]["anyOf"]
    line = schemas["Line"]["properties"]
    assert line["kind"]["enum"] == ["sms", "mms"]
    assert line["price"]["type"] == "string"  # as it is sent


async def test_a_model_can_be_a_request_body_too() -> None:
    app = FastAPI()

    @app.post("/orders")
    async def create(order: Annotated[Order, Body()]) -> Order:  # Body(): not a query
        assert isinstance(order, Order)
        return order

    async with client_for(app) as http:
        response = await http.post("/orders", json=as_json(ORDER))
        assert response.status_code == 200, response.text
        assert response.json() == as_json(ORDER)
        bad = await http.post("/orders", json={"id": "nope"})
        assert bad.status_code == 422


def test_models_are_fields_of_pydantic_models() -> None:
    class Envelope(BaseModel):
        contact: Contact
        orders: list[Order]
        maybe: Order | None = None

    envelope = Envelope(contact=CONTACT, orders=[ORDER])
    assert envelope.contact is CONTACT
    dumped = json.loads(envelope.model_dump_json())
    assert dumped == {"contact": as_json(CONTACT), "orders": [as_json(ORDER)], "maybe": None}
    assert Envelope.model_validate_json(envelope.model_dump_json()) == envelope


def test_importing_the_package_does_not_import_pydantic() -> None:
    code = (
        "import sys, iletimerkezi_async, iletimerkezi_async.sansio\n"
        "from iletimerkezi_async import Contact\n"
        "Contact(id=1, name='a', surname='b').to_dict()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'fastapi'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
