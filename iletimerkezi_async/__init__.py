"""Typed, retrying, concurrency-safe async client for the iletimerkezi.com JSON API."""

from ._version import __version__
from .client import AsyncClient
from .errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ContactNotFoundError,
    DecodeError,
    IletiMerkeziError,
    MethodNotFoundError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
)
from .sansio import Contact, Credentials, CustomField, compute_hash, validate_contact_id

__all__ = [
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "Contact",
    "ContactNotFoundError",
    "Credentials",
    "CustomField",
    "DecodeError",
    "IletiMerkeziError",
    "MethodNotFoundError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "__version__",
    "compute_hash",
    "validate_contact_id",
]
