"""The default backend, on httpx."""

from __future__ import annotations

import httpx

from ..errors import DecodeError, TimeoutError, TransportError
from ..sansio import HTTPRequest
from .base import Answer, too_large

__all__ = ["HttpxBackend"]


class HttpxBackend:
    """Sends over an ``httpx.AsyncClient``: ours (closed by :meth:`aclose`) or the user's."""

    def __init__(
        self,
        base_url: httpx.URL,
        *,
        client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        timeout: httpx.Timeout | None,
        max_connections: int,
        max_response_bytes: int,
    ) -> None:
        self._owned = client is None
        if client is None:
            # Keep-alive equal to the connection cap: a smaller keep-alive pool closes
            # and reopens sockets under steady load.
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            client = httpx.AsyncClient(
                transport=transport, limits=limits, timeout=timeout, follow_redirects=False
            )
        self._client = client
        self._base_url = base_url
        self._urls: dict[str, httpx.URL] = {}
        self._timeout = timeout
        self._limit = max_response_bytes

    def _url(self, path: str) -> httpx.URL:
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = self._base_url.join(path)
        return url

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request``; map httpx failures to our errors."""
        http_request = self._client.build_request(
            request.method,
            self._url(request.path),
            headers=request.headers,
            content=request.body,
            timeout=self._timeout if self._timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
        try:
            response = await self._client.send(http_request, stream=True)
            try:
                body = await self._read(response)
            finally:
                await response.aclose()
        except httpx.TimeoutException as error:
            raise TimeoutError(f"{type(error).__name__} talking to the provider") from error
        except httpx.DecodingError as error:
            raise DecodeError(
                f"the answer's content encoding is broken ({type(error).__name__})",
            ) from error
        except (httpx.HTTPError, httpx.StreamError, OSError) as error:
            raise TransportError(
                f"{type(error).__name__} talking to the provider: {error}"
                if str(error)
                else f"{type(error).__name__} talking to the provider"
            ) from error
        return Answer(response.status_code, response.headers.get("retry-after"), body)

    async def _read(self, response: httpx.Response) -> bytes:
        limit = self._limit
        length = response.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise DecodeError(
                too_large(response.status_code, limit), status_code=response.status_code
            )
        # Counted as it arrives too: Content-Length may be absent or wrong, and the
        # cap applies to the decoded (decompressed) size.
        chunks = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise DecodeError(
                    too_large(response.status_code, limit), status_code=response.status_code
                )
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        """Close the httpx client if we made it; a user's client is left open."""
        if self._owned:
            await self._client.aclose()
