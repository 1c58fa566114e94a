"""A client wired to a fresh fake provider, in-process, retries sleeping on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeIletiMerkezi


@pytest.fixture(params=["current", "legacy", "mixed"])
def fake(request: pytest.FixtureRequest) -> FakeIletiMerkezi:
    """An empty fake phonebook, answering in each response shape in turn."""
    return FakeIletiMerkezi(shape=request.param)


@pytest.fixture
def client(fake: FakeIletiMerkezi, fast_client_factory: Callable[..., Any]) -> AsyncClient:
    """The real client talking to ``fake`` through ``fake.transport``."""
    client: AsyncClient = fast_client_factory(
        api_key=fake.api_key, api_hash=fake.api_hash, transport=fake.transport
    )
    return client
