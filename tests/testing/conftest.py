"""Shared fixtures for the testing-kit tests."""

from __future__ import annotations

import pytest

from iletimerkezi_async.sansio import Credentials
from iletimerkezi_async.testing import FakeIletiMerkezi


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    """A fake with contacts 1..20, seed 0, current shape."""
    provider = FakeIletiMerkezi()
    provider.generate(20)
    return provider


@pytest.fixture
def credentials(fake: FakeIletiMerkezi) -> Credentials:
    """The credentials the fake accepts."""
    return Credentials(fake.api_key, fake.api_hash)
