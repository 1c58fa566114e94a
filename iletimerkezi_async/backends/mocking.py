"""Whether a test library is mocking httpx right now.

The default backend's own connections bypass the httpx and httpcore classes that test
libraries patch, so while one of them is patched it sends through an httpx client
instead, where the mock sees every request.
"""

from __future__ import annotations

import httpcore
import httpx

__all__ = ["mocked"]

# What test libraries replace to see requests: respx, httpcore's connection method (or,
# with using="httpx", the client's transport lookup); pytest-httpx, the transport's
# method. Each is judged by the module that defines it, not by identity with what was
# there at import, so the answer does not depend on import order; instrumentation that
# wraps a method transparently (wrapt keeps ``__module__``) does not count as a mock.
_DEFINED_IN = ("httpcore._async.connection", "httpx._transports.default", "httpx._client")
_unmocked: list[tuple[object, ...]] = []  # the methods last seen to be the originals


def mocked() -> bool:
    """Whether a test library replaced one of the methods it patches to see requests."""
    current = (
        httpcore.AsyncHTTPConnection.handle_async_request,
        httpx.AsyncHTTPTransport.handle_async_request,
        getattr(httpx.AsyncClient, "_transport_for_url", None),
    )
    if _unmocked and current == _unmocked[0]:  # compares by identity first: the usual case
        return False
    for method, module in zip(current, _DEFINED_IN, strict=True):
        if getattr(method, "__module__", module) != module:
            return True
    _unmocked[:] = [current]
    return False
