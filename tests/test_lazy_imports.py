"""What importing the package loads: little, so that services and CLIs start fast.

The time itself is measured by ``make bench`` (benchmarks/import_time.py); these tests
hold the structure that makes it small, in fresh interpreters.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import iletimerkezi_async
import iletimerkezi_async.sansio


def _loaded_after(code: str) -> set[str]:
    script = (
        f"import sys\nbefore = set(sys.modules)\n{code}\n"
        "loaded = sorted(set(sys.modules) - before)\nimport json\nprint(json.dumps(loaded))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(ran.stdout))


def test_importing_the_package_loads_only_its_version() -> None:
    loaded = _loaded_after("import iletimerkezi_async")
    ours = {name for name in loaded if name.startswith("iletimerkezi_async")}
    assert ours == {"iletimerkezi_async", "iletimerkezi_async._version"}
    assert not loaded & {"attrs", "cattrs", "httpx", "asyncio", "json", "email.utils"}


def test_a_model_comes_without_the_client_or_the_other_areas() -> None:
    loaded = _loaded_after("from iletimerkezi_async import Contact")
    assert "iletimerkezi_async.sansio.models" in loaded
    assert not loaded & {
        "iletimerkezi_async.client",
        "iletimerkezi_async.sansio.orders",
        "iletimerkezi_async.sansio.consent",
        "httpx",
    }


def test_the_whole_pure_layer_leaves_email_and_openssl_for_when_they_are_needed() -> None:
    # email.utils (Retry-After dates) and hashlib/hmac (a hash from a secret, webhook
    # tokens) are imported by the functions that use them.
    loaded = _loaded_after("from iletimerkezi_async.sansio import *")
    assert not loaded & {"email.utils", "hashlib", "hmac", "httpx", "asyncio"}


@pytest.mark.parametrize("module", [iletimerkezi_async, iletimerkezi_async.sansio])
def test_every_public_name_resolves_and_is_listed(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    for name in names:
        assert getattr(module, name) is not None
    assert set(names) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        getattr(module, "nope")  # noqa: B009
