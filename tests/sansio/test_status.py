import pytest

from iletimerkezi_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ContactNotFoundError,
    MethodNotFoundError,
    RateLimitError,
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
        *[(code, APIError) for code in (110, 300, 402, 403, 450, 452, 463, 473, 499, 600)],
    ],
)
def test_error_class_for(code, cls):
    assert error_class_for(code) is cls
