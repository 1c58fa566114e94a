"""An aiohttp web service that looks contacts up through one shared AsyncClient.

Run it (credentials from ILETIMERKEZI_API_KEY / ILETIMERKEZI_API_HASH)::

    python -m aiohttp.web -H 127.0.0.1 -P 8080 examples.aiohttp_app:init_app

The client lives in a cleanup context: made at startup, closed at shutdown, and
shared by all requests. ``backend="aiohttp"`` keeps the whole service on aiohttp.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from iletimerkezi_async import AsyncClient, ContactNotFoundError, IletiMerkeziError

CLIENT = web.AppKey("iletimerkezi", AsyncClient)


def create_app(**client_options: object) -> web.Application:
    """The app; ``client_options`` go to ``AsyncClient``."""

    async def client_context(app: web.Application) -> AsyncIterator[None]:
        async with AsyncClient(**client_options) as client:  # type: ignore[arg-type]
            app[CLIENT] = client
            yield

    async def get_contact(request: web.Request) -> web.Response:
        try:
            contact = await request.app[CLIENT].get_contact(request.match_info["contact_id"])
        except ContactNotFoundError:
            raise web.HTTPNotFound(text="contact not found") from None
        except ValueError:
            raise web.HTTPUnprocessableEntity(text="invalid contact id") from None
        except IletiMerkeziError as error:
            raise web.HTTPBadGateway(text=type(error).__name__) from None
        return web.json_response(contact.to_dict())  # plain JSON data, nested and all

    app = web.Application()
    app.cleanup_ctx.append(client_context)
    app.router.add_get("/contacts/{contact_id}", get_contact)
    return app


def init_app(argv: list[str] | None = None) -> web.Application:
    """Entry point for ``python -m aiohttp.web``: options from the environment."""
    return create_app(backend="aiohttp")
