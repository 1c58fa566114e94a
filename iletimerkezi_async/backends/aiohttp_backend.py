"""The aiohttp backend (``backend="aiohttp"``, extra ``iletimerkezi-async[aiohttp]``).

aiohttp spends far less CPU per request than httpx, which matters when a bulk
lookup runs at high concurrency. Same retries, errors and size cap as the default.
"""

from __future__ import annotations

import builtins
import ssl

import httpx

try:
    import aiohttp
    import yarl
    from aiohttp.http_exceptions import ContentEncodingError
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'backend="aiohttp" needs aiohttp: pip install "iletimerkezi-async[aiohttp]"'
    ) from missing

from .._version import __version__
from ..errors import DecodeError, TimeoutError, TransportError
from ..sansio import HTTPRequest
from .base import Answer, too_large
from .environment import origin, proxy_for, system_tls_context

__all__ = ["AiohttpBackend"]

USER_AGENT = f"iletimerkezi-async/{__version__} aiohttp/{aiohttp.__version__}"
"""What the client says it is, with the HTTP library under it."""

_CHUNK = 1 << 16

# Raised before a byte of the request was written: the provider never saw it.
# ClientConnectorError covers DNS, refused, TLS-at-connect and proxy-connect failures.
_NOT_SENT: tuple[type[BaseException], ...] = (aiohttp.ClientConnectorError,)
if hasattr(aiohttp, "ConnectionTimeoutError"):  # aiohttp >= 3.10: a connect timeout
    _NOT_SENT += (aiohttp.ConnectionTimeoutError,)


class AiohttpBackend:
    """Sends over an ``aiohttp.ClientSession`` made on first use (it needs a running loop).

    The proxy comes from the same variables as httpx's, by the same rules, read once
    here: aiohttp's ``trust_env`` would re-read them on every request (~1 ms each) and
    knows no ``ALL_PROXY``. A SOCKS proxy, which aiohttp cannot use, is a ``ValueError``.
    Idle connections close after ``keepalive_expiry`` seconds (aiohttp's own timer).
    """

    def __init__(
        self,
        base_url: httpx.URL,
        *,
        timeout: httpx.Timeout,
        max_connections: int,
        max_response_bytes: int,
        keepalive_expiry: float,
    ) -> None:
        self._base_url = base_url
        self._origin = origin(base_url)
        self._keepalive_expiry = keepalive_expiry
        self._timeout = aiohttp.ClientTimeout(
            total=None,
            sock_connect=timeout.connect,
            sock_read=timeout.read,
        )
        self._max_connections = max_connections
        self._limit = max_response_bytes
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, yarl.URL] = {}
        proxy = proxy_for(base_url, backend="aiohttp")
        self._proxy = proxy.url if proxy is not None else None
        # aiohttp's own trust store (the system's), with SSL_CERT_FILE / SSL_CERT_DIR read now,
        # as the httpx backend reads them.
        https = base_url.scheme == "https"
        self._tls: ssl.SSLContext | bool = system_tls_context() if https else True

    def _url(self, path: str) -> yarl.URL:
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = yarl.URL(str(self._base_url.join(path)), encoded=True)
        return url

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._max_connections,
            limit_per_host=0,
            keepalive_timeout=self._keepalive_expiry,
            ssl=self._tls,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            auto_decompress=True,
            headers={"User-Agent": USER_AGENT},
        )
        return self._session

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request``; map aiohttp failures to our errors."""
        session = self._session or self._open()
        try:
            async with session.request(
                request.method,
                self._url(request.path),
                data=request.body,
                headers=request.headers,
                allow_redirects=False,
                proxy=self._proxy,
            ) as response:
                body = await self._read(response)
                return Answer(response.status, response.headers.get("Retry-After"), body)
        except aiohttp.ClientPayloadError as error:
            if isinstance(error.__cause__, ContentEncodingError):
                # A body that does not decompress is a bad answer, not a bad connection.
                raise DecodeError(
                    f"the answer's content encoding is broken ({type(error).__name__})"
                ) from error
            raise TransportError(self._message(error)) from error
        except builtins.TimeoutError as error:  # aiohttp's timeouts subclass it
            raise TimeoutError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error
        except (aiohttp.ClientError, OSError) as error:
            raise TransportError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error

    def _message(self, error: BaseException) -> str:
        detail = f": {error}" if str(error) else ""
        return f"{type(error).__name__} talking to {self._origin}{detail}"

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        limit = self._limit
        length = response.content_length
        if length is not None and length > limit:
            raise DecodeError(too_large(response.status, limit), http_status=response.status)
        if length is not None and not response.headers.get("Content-Encoding"):
            return await response.read()
        # No usable length: count as it arrives, after decompression.
        chunks = []
        size = 0
        while chunk := await response.content.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise DecodeError(too_large(response.status, limit), http_status=response.status)
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
