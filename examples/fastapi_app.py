"""A FastAPI service that looks contacts up through one shared AsyncClient.

Run it (credentials from ILETIMERKEZI_API_KEY / ILETIMERKEZI_API_HASH)::

    uvicorn examples.fastapi_app:app

The client is made once in the app's lifespan and shared by every request: its
connection pool and concurrency cap are per client, so one per process is right.
Handlers return our models as they are: FastAPI serialises a ``Contact`` like
``contact.to_dict()`` and documents it in the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request

from iletimerkezi_async import AsyncClient, Contact, ContactNotFoundError, IletiMerkeziError


def create_app(**client_options: object) -> FastAPI:
    """The app; ``client_options`` go to ``AsyncClient`` (tests pass the fake's transport)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncClient(**client_options) as client:  # type: ignore[arg-type]
            app.state.iletimerkezi = client
            yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/contacts/{contact_id}")
    async def get_contact(contact_id: int, request: Request) -> Contact:
        client: AsyncClient = request.app.state.iletimerkezi
        try:
            return await client.get_contact(contact_id)
        except ContactNotFoundError:
            raise HTTPException(status_code=404, detail="contact not found") from None
        except ValueError:
            raise HTTPException(status_code=422, detail="invalid contact id") from None
        except IletiMerkeziError as error:
            # The provider failed even after retries: a gateway error, not ours.
            raise HTTPException(status_code=502, detail=type(error).__name__) from None

    return app


app = create_app()
