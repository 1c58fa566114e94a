"""The account: get-balance and get-sender, both reads with no arguments."""

from __future__ import annotations

from ..errors import DecodeError
from .auth import Credentials
from .call import Call, build_request
from .converter import lenient_text
from .orders import Balance
from .response import decode_model, decode_status

__all__ = ["get_balance", "get_sender"]


def _decode_balance(status_code: int, body: bytes) -> Balance:
    return decode_model(status_code, body, key="balance", cls=Balance, exact_numbers=True)


def get_balance(credentials: Credentials) -> Call[Balance]:
    """get-balance: the money (TRY) and SMS credit left. No side effects."""
    request = build_request(credentials, "get-balance", {})
    return Call("get-balance", "read", request, _decode_balance)


def _decode_senders(status_code: int, body: bytes) -> list[str]:
    response = decode_status(status_code, body)
    raw = response.get("senders")
    if raw is None or raw == "" or raw == []:  # a new account may have none
        return []
    inner = raw.get("sender") if type(raw) is dict else raw
    if inner is None or inner == "" or inner == {}:
        return []
    items = inner if type(inner) is list else [inner]
    try:
        return [lenient_text(item) for item in items]
    except ValueError as error:
        where = "$.response.senders.sender"
        raise DecodeError(f"{error} @ {where}", http_status=status_code) from error


def get_sender(credentials: Credentials) -> Call[list[str]]:
    """get-sender: the account's approved sender names (possibly none)."""
    request = build_request(credentials, "get-sender", {})
    return Call("get-sender", "read", request, _decode_senders)
