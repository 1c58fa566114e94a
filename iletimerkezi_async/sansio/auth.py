"""Credentials: the API key and the hash the provider checks on every request."""

from __future__ import annotations

import json

import attrs

from ..errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["Credentials", "compute_hash"]


def compute_hash(api_key: str, secret: str) -> str:
    """Return the request hash for ``api_key``: lowercase hex HMAC-SHA256 keyed by ``secret``.

    >>> compute_hash("public_key", "secret_key")
    'b6a736a4b6739ac56db7e903b0ef55bda82fca63fac55d4bd1d6d62c54888b22'
    """
    # Imported here: hashlib loads OpenSSL, and most programs are given the hash.
    import hashlib
    import hmac

    if not isinstance(api_key, str) or not isinstance(secret, str):
        raise InvalidArgumentTypeError("compute_hash(api_key, secret) takes two strings")
    return hmac.new(secret.encode(), api_key.encode(), hashlib.sha256).hexdigest()


def _mask(api_key: str) -> str:
    return api_key[:4] + "…" if len(api_key) > 8 else "…"


def _require_text(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise InvalidArgumentError(f"{name} is empty")
    if value != value.strip():
        raise InvalidArgumentError(f"{name} has leading or trailing whitespace")
    return value


def _api_key(value: str) -> str:
    return _require_text("api_key", value)


def _api_hash(value: str) -> str:
    return _require_text("api_hash", value)


@attrs.frozen(repr=False)
class Credentials:
    """An API key with its hash. ``repr`` shows only the start of the key, never the hash.

    Build it with ``Credentials(api_key, api_hash)`` or, from the panel's secret,
    ``Credentials.from_secret(api_key, secret)``.
    """

    api_key: str = attrs.field(converter=_api_key)
    api_hash: str = attrs.field(converter=_api_hash)
    # The authentication object as JSON, built once: every request body embeds it.
    auth_json: bytes = attrs.field(init=False, eq=False)

    @auth_json.default
    def _auth_json(self) -> bytes:
        auth = {"key": self.api_key, "hash": self.api_hash}
        return json.dumps(auth, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_secret(cls, api_key: str, secret: str) -> Credentials:
        """Credentials whose hash is computed from the panel's ``secret``."""
        return cls(api_key, compute_hash(api_key, _require_text("secret", secret)))

    def __repr__(self) -> str:
        return f"Credentials(api_key={_mask(self.api_key)!r}, api_hash=<hidden>)"
