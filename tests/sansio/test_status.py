import pytest

from iletimerkezi_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ContactNotFoundError,
    DuplicateOrderError,
    GroupNotFoundError,
    InsufficientBalanceError,
    MessageTextError,
    MethodNotFoundError,
    OrderNotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RecipientError,
    ReportNotReadyError,
    SenderError,
    ServerError,
)
from iletimerkezi_async.sansio import error_class_for


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (400, BadRequestError),
        (422, BadRequestError),
        (401, AuthenticationError),
        (404, MethodNotFoundError),
        (465, ContactNotFoundError),
        (429, RateLimitError),
        *[(code, ServerError) for code in (500, 501, 502, 503, 504, 599)],
        (402, InsufficientBalanceError),
        (403, PermissionDeniedError),
        *[(code, SenderError) for code in (450, 459, 460)],
        (451, DuplicateOrderError),
        *[(code, RecipientError) for code in (452, 466)],
        *[(code, MessageTextError) for code in (453, 454)],
        (455, OrderNotFoundError),
        (456, ReportNotReadyError),
        (463, GroupNotFoundError),
        *[
            (code, BadRequestError)
            for code in (457, 458, 461, 462, 464, 468, 469, 470, 471, 472, 473, 474)
        ],
        *[(code, APIError) for code in (110, 300, 467, 499, 600)],
    ],
)
def test_error_class_for(code, cls):
    assert error_class_for(code) is cls
