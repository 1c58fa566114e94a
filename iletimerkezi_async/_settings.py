"""Reading the client's settings: credentials from arguments or the environment, base URL.

The same checks serve the Python API and the command line; only the way a message
names an option differs (``api_key=`` in Python, ``--api-key`` on the command line),
so each check takes a :class:`Spelling`.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

import attrs
import httpx

from .errors import InvalidArgumentError
from .sansio import Credentials

__all__ = [
    "CLI_SPELLING",
    "DEFAULT_BASE_URL",
    "ENV_BASE_URL",
    "ENV_HASH",
    "ENV_KEY",
    "ENV_SECRET",
    "ENV_SENDER",
    "PYTHON_SPELLING",
    "Spelling",
    "check_base_url",
    "resolve_credentials",
]

DEFAULT_BASE_URL = "https://api.iletimerkezi.com/v1/"

ENV_KEY = "ILETIMERKEZI_API_KEY"
ENV_HASH = "ILETIMERKEZI_API_HASH"
ENV_SECRET = "ILETIMERKEZI_SECRET"
ENV_BASE_URL = "ILETIMERKEZI_BASE_URL"
ENV_SENDER = "ILETIMERKEZI_SENDER"


@attrs.frozen
class Spelling:
    """How error messages name the options: as Python arguments or as command-line flags."""

    api_key: str
    api_hash: str
    secret: str | None  # None: there is no such option (the CLI keeps secrets out of `ps`)
    base_url: str
    insecure_http: str


PYTHON_SPELLING = Spelling(
    api_key="api_key=",
    api_hash="api_hash=",
    secret="secret=",
    base_url="base_url",
    insecure_http="pass allow_insecure_http=True",
)
CLI_SPELLING = Spelling(
    api_key="--api-key",
    api_hash="--api-hash",
    secret=None,
    base_url="--base-url",
    insecure_http="add --allow-insecure-http",
)


def _refuse_empty(value: str | None, option: str, variable: str) -> None:
    # An empty argument is a mistake (an unset variable in the caller's config, say),
    # not a request to fall back on the environment: say so instead of asking for
    # a variable that may well be set.
    if isinstance(value, str) and not value.strip():
        raise InvalidArgumentError(
            f"{option} was given but is empty; give the value, or leave {option} out "
            f"to read {variable}"
        )


def _from_secret_checked(api_key: str, api_hash: str | None, secret: str, spell: Spelling) -> str:
    """The hash for ``secret``; when a hash was given too, it must be the same one."""
    computed = Credentials.from_secret(api_key, secret).api_hash  # checks the secret's text
    if api_hash is not None and not hmac.compare_digest(computed, api_hash):
        raise InvalidArgumentError(
            f"both {spell.api_hash} and {spell.secret} were given, and the hash is not the "
            "one the secret gives for this API key; pass only one of them"
        )
    return computed


def resolve_credentials(
    api_key: str | None,
    api_hash: str | None,
    secret: str | None,
    *,
    spelling: Spelling = PYTHON_SPELLING,
) -> Credentials:
    """Credentials from the arguments, each missing one read from its environment variable.

    ``None`` means "not given": the variable is read. An empty or blank argument is
    refused rather than replaced. When both ``api_hash`` and ``secret`` are given
    they must agree (the hash must be the secret's HMAC of the key), so a stale hash
    never silently wins over a correct secret. From the environment, a hash wins over
    a secret.
    """
    _refuse_empty(api_key, spelling.api_key, ENV_KEY)
    _refuse_empty(api_hash, spelling.api_hash, ENV_HASH)
    _refuse_empty(secret, spelling.secret or "the secret", ENV_SECRET)
    api_key = api_key if api_key is not None else os.environ.get(ENV_KEY) or None
    if api_hash is None and secret is None:
        api_hash = os.environ.get(ENV_HASH) or None
        secret = None if api_hash else os.environ.get(ENV_SECRET) or None
    if not api_key or (api_hash is None and secret is None):
        raise InvalidArgumentError(_missing_message(api_key, spelling))
    if secret is not None:
        api_hash = _from_secret_checked(api_key, api_hash, secret, spelling)
    assert api_hash is not None
    return Credentials(api_key, api_hash)


def _missing_message(api_key: str | None, spell: Spelling) -> str:
    missing = "an API key" if not api_key else "an API hash or secret"
    hash_options = f"{spell.api_hash} (or {spell.secret})" if spell.secret else spell.api_hash
    return (
        f"iletimerkezi credentials are incomplete: {missing} is missing. Pass "
        f"{spell.api_key} and {hash_options}, or set {ENV_KEY} and "
        f"{ENV_HASH} (or {ENV_SECRET})."
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(
    base_url: str | httpx.URL,
    *,
    allow_insecure_http: bool,
    spelling: Spelling = PYTHON_SPELLING,
) -> httpx.URL:
    """``base_url`` as a URL ending in ``/``; only http(s), and plain http only to loopback.

    Plain http elsewhere would send the hash in clear text, so it needs
    ``allow_insecure_http=True`` (``--allow-insecure-http`` on the command line).
    """
    name = spelling.base_url
    try:
        url = httpx.URL(str(base_url))
    except (httpx.InvalidURL, TypeError) as error:
        raise InvalidArgumentError(f"{name} is not a valid URL") from error
    if url.userinfo:
        # It would show in reprs and logs; the API authenticates in the body anyway.
        raise InvalidArgumentError(f"{name} must not carry a user name or password")
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidArgumentError(f"{name} must be an http(s) URL with a host, got {str(url)!r}")
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise InvalidArgumentError(
            f"{name} {str(url)!r} is plain http to a non-loopback host: credentials would "
            f"travel in clear text. Use https, or {spelling.insecure_http}."
        )
    if url.query or url.fragment:
        raise InvalidArgumentError(f"{name} must not have a query or fragment, got {str(url)!r}")
    if not url.raw_path.endswith(b"/"):
        url = url.copy_with(raw_path=url.raw_path + b"/")
    return url
