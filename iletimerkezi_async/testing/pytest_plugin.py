"""pytest plugin (auto-loaded through the ``pytest11`` entry point): ``iletimerkezi_fake``.

Imports the fake only when a test asks for the fixture, so loading the plugin
costs nothing for suites that never use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from iletimerkezi_async.testing import FakeIletiMerkezi

__all__ = ["iletimerkezi_fake"]


@pytest.fixture
def iletimerkezi_fake() -> FakeIletiMerkezi:
    """A fresh ``FakeIletiMerkezi`` (seed 0, current shape) holding contacts 1..10.

    Point a client at it with ``transport=iletimerkezi_fake.transport`` and the
    fake's ``api_key`` / ``api_hash``, or serve it with ``iletimerkezi_fake.serve()``.
    """
    from iletimerkezi_async.testing import FakeIletiMerkezi

    fake = FakeIletiMerkezi(seed=0)
    fake.generate(10, start_id=1)
    return fake
