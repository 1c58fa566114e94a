"""Settings both backends read from the environment, resolved once, at construction.

Proxies follow httpx's rules (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``,
``NO_PROXY``, lower-case names winning over upper-case ones, as in
:func:`urllib.request.getproxies`), so ``backend="aiohttp"`` goes through the same proxy
as the default backend. A proxy a backend cannot use is a ``ValueError`` naming the
variable when the client is made, not an ``ImportError`` from its first call.
"""

from __future__ import annotations

import functools
import importlib.util
import ipaddress
import os
import ssl
import urllib.request
from typing import NamedTuple

import httpx

__all__ = ["ProxySetting", "origin", "proxy_for", "system_tls_context", "tls_context"]

_HTTPX_SCHEMES = ("http", "https", "socks5", "socks5h")
_AIOHTTP_SCHEMES = ("http", "https")


class ProxySetting(NamedTuple):
    """The proxy for the base URL: its URL and the variable it came from."""

    url: str
    variable: str

    def __repr__(self) -> str:
        # The proxy URL may carry a password: show where it points, never its userinfo.
        return f"ProxySetting({self.variable}={_safe(self.url)})"


def origin(url: httpx.URL) -> str:
    """``scheme://host[:port]`` of ``url``: what error messages name (never a path or body)."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def _safe(proxy_url: str) -> str:
    """A proxy URL for messages: scheme, host and port only (no user name or password)."""
    try:
        return origin(httpx.URL(proxy_url))
    except httpx.InvalidURL:
        return "<an invalid URL>"


def _variable(key: str, value: str) -> str:
    # urllib lets the lower-case name win; name the one that actually holds the value.
    for name in (f"{key}_proxy", f"{key.upper()}_PROXY"):
        if os.environ.get(name) == value:
            return name
    return f"{key.upper()}_PROXY"


def _bypassed(url: httpx.URL, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` exempts ``url``, by httpx's (curl's) rules."""
    host = url.host.lower()
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if entry == "*":
            return True
        if not entry:
            continue
        if "://" in entry:  # a full pattern such as "https://host:port"
            try:
                pattern = httpx.URL(entry)
            except httpx.InvalidURL:
                continue
            if pattern.scheme not in ("all", url.scheme) or pattern.host != host:
                continue
            if pattern.port is not None and pattern.port != url.port:
                continue
            return True
        if _is_ip(entry) or entry == "localhost":
            if entry.split("/")[0].strip("[]") == host:
                return True
        elif host == entry.lstrip(".") and not entry.startswith("."):
            return True  # "example.com" matches the domain itself...
        elif host.endswith(entry if entry.startswith(".") else "." + entry):
            return True  # ...and its subdomains; ".example.com" only the subdomains
    return False


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("/")[0].strip("[]"))
    except ValueError:
        return False
    return True


def proxy_for(base_url: httpx.URL, *, backend: str) -> ProxySetting | None:
    """The proxy httpx would use for ``base_url``, checked for ``backend``.

    Raises ``ValueError`` naming the variable when the proxy cannot be used: an unknown
    scheme, SOCKS without the ``socksio`` package, or SOCKS with aiohttp.
    """
    found = urllib.request.getproxies()
    if _bypassed(base_url, found.get("no", "")):
        return None
    for key in (base_url.scheme, "all"):
        value = found.get(key)
        if value:
            url = value if "://" in value else f"http://{value}"
            setting = ProxySetting(url, _variable(key, value))
            _check(setting, backend)
            return setting
    return None


def _check(setting: ProxySetting, backend: str) -> None:
    where = f"{setting.variable}={_safe(setting.url)}"
    try:
        scheme = httpx.URL(setting.url).scheme
    except httpx.InvalidURL as error:
        raise ValueError(f"{setting.variable} is not a valid proxy URL") from error
    if backend == "aiohttp" and scheme.startswith("socks"):
        raise ValueError(
            f"{where}: aiohttp cannot use a SOCKS proxy; use the default httpx backend "
            '(pip install "httpx[socks]"), or list the host in NO_PROXY'
        )
    schemes = _AIOHTTP_SCHEMES if backend == "aiohttp" else _HTTPX_SCHEMES
    if scheme not in schemes:
        raise ValueError(f"{where}: the proxy scheme must be one of {', '.join(schemes)}")
    if scheme.startswith("socks") and importlib.util.find_spec("socksio") is None:
        raise ValueError(f"{where} needs the socksio package: pip install httpx[socks]")


def tls_context() -> ssl.SSLContext:
    """httpx's default TLS context (CA bundle, or ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``).

    Loading the CA bundle takes ~0.1 s, so contexts are shared per process and
    per value of those variables. A bad path is a ``ValueError`` naming the variable.
    """
    return _context("httpx", os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def system_tls_context() -> ssl.SSLContext:
    """The system's trust store, as aiohttp uses by default, with ``SSL_CERT_FILE`` /
    ``SSL_CERT_DIR`` read now (aiohttp's own default reads them once per process,
    whenever it is first used). Shared as :func:`tls_context`'s are."""
    return _context("system", os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.lru_cache(maxsize=8)
def _context(kind: str, cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    try:
        return httpx.create_ssl_context() if kind == "httpx" else ssl.create_default_context()
    except (OSError, ssl.SSLError) as error:
        variable = "SSL_CERT_FILE" if cert_file else "SSL_CERT_DIR"
        raise ValueError(
            f"{variable} does not name a usable CA certificate {'file' if cert_file else 'dir'}"
            f" ({type(error).__name__})"
        ) from error
