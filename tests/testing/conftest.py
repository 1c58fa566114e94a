"""Shared fixtures for the testing-kit tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

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


WirePost = Callable[[FakeIletiMerkezi, str, Mapping[str, object]], tuple[int, dict[str, Any]]]


@pytest.fixture
def wire_post() -> WirePost:
    """``wire_post(fake, method, fields)``: one raw request with valid credentials
    (no client in between); the HTTP status and the ``response`` object."""

    def post(
        provider: FakeIletiMerkezi, method: str, fields: Mapping[str, object]
    ) -> tuple[int, dict[str, Any]]:
        auth = {"key": provider.api_key, "hash": provider.api_hash}
        body = json.dumps({"request": {"authentication": auth, **fields}}).encode()
        answer = provider.handle("POST", f"/v1/{method}/json", {}, body)
        return answer.status, json.loads(answer.body)["response"]

    return post
