"""Reading the client's settings: credentials from arguments or the environment, base URL."""

from __future__ import annotations

import ipaddress
import os

import httpx

from .sansio import Credentials

__all__ = ["DEFAULT_BASE_URL", "check_base_url", "resolve_credentials"]

DEFAULT_BASE_URL = "https://api.iletimerkezi.com/v1/"

_ENV_KEY = "ILETIMERKEZI_API_KEY"
_ENV_HASH = "ILETIMERKEZI_API_HASH"
_ENV_SECRET = "ILETIMERKEZI_SECRET"


def resolve_credentials(
    api_key: str | None, api_hash: str | None, secret: str | None
) -> Credentials:
    """Credentials from the arguments, each missing one read from its environment variable."""
    api_key = api_key if api_key is not None else os.environ.get(_ENV_KEY)
    if api_hash is None and secret is None:
        api_hash = os.environ.get(_ENV_HASH) or None
        secret = None if api_hash else os.environ.get(_ENV_SECRET) or None
    if not api_key or (not api_hash and not secret):
        missing = "an API key" if not api_key else "an API hash or secret"
        raise ValueError(
            f"iletimerkezi credentials are incomplete: {missing} is missing. Pass "
            f"api_key= and api_hash= (or secret=), or set {_ENV_KEY} and "
            f"{_ENV_HASH} (or {_ENV_SECRET})."
        )
    if api_hash:
        return Credentials(api_key, api_hash)
    assert secret is not None
    return Credentials.from_secret(api_key, secret)


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str | httpx.URL, *, allow_insecure_http: bool) -> httpx.URL:
    """``base_url`` as a URL ending in ``/``; only http(s), and plain http only to loopback.

    Plain http elsewhere would send the hash in clear text, so it needs
    ``allow_insecure_http=True``.
    """
    try:
        url = httpx.URL(str(base_url))
    except (httpx.InvalidURL, TypeError) as error:
        raise ValueError("base_url is not a valid URL") from error
    if url.userinfo:
        # It would show in reprs and logs; the API authenticates in the body anyway.
        raise ValueError("base_url must not carry a user name or password")
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base_url must be an http(s) URL with a host, got {str(url)!r}")
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise ValueError(
            f"base_url {str(url)!r} is plain http to a non-loopback host: credentials would "
            "travel in clear text. Use https, or pass allow_insecure_http=True."
        )
    if url.query or url.fragment:
        raise ValueError(f"base_url must not have a query or fragment, got {str(url)!r}")
    if not url.raw_path.endswith(b"/"):
        url = url.copy_with(raw_path=url.raw_path + b"/")
    return url
