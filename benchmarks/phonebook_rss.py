"""Peak RSS of ``iter_search_contacts`` against the in-process fake provider.

Run by ``run.py`` in a fresh interpreter per size. The fake always holds the same
100,000 contacts, of which ``matches`` answer the search key: the fake's own memory is
the same in every run, so the difference between runs is what walking more pages
costs the client (the pages are fetched one at a time and dropped once read).

Setting the fake up has a transient peak of its own (the phonebook dict growing) that
can hide the walk's, so on Linux the peak is reset once the setup is done (``5`` to
``/proc/self/clear_refs``) and the walk's own peak read from ``VmHWM``; elsewhere only
``ru_maxrss`` (the whole process) is reported.
"""

from __future__ import annotations

import gc
import resource
import time
from typing import Any

from peak import peak_rss_kib  # beside this file

from iletimerkezi_async import AsyncClient, Contact
from iletimerkezi_async.testing import FakeIletiMerkezi

__all__ = ["PHONEBOOK_SIZE", "search_rss_child"]

PHONEBOOK_SIZE = 100_000
KEY = "ayşe"


def _phonebook(matches: int) -> FakeIletiMerkezi:
    fake = FakeIletiMerkezi()
    # One at a time: a 100,000-item argument tuple would raise the peak RSS of the
    # setup above what the walk needs, and hide it.
    for i in range(1, PHONEBOOK_SIZE + 1):
        name = "Ayşe" if i <= matches else "Mehmet"
        fake.add(Contact(i, name, "Öztürk", None, f"90532{i:07d}"))
    return fake


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Make ``VmHWM`` start again from the current RSS (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


async def search_rss_child(matches: int) -> dict[str, Any]:
    """Walk every page of a search with ``matches`` results; the peak RSS at the end."""
    fake = _phonebook(matches)
    gc.collect()
    setup_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before_kib = _status_kib("VmRSS")
    reset = _reset_peak()
    found = 0
    started = time.perf_counter()
    async with AsyncClient(fake.api_key, fake.api_hash, transport=fake.transport) as client:
        async for contact in client.iter_search_contacts(KEY):
            found += contact.name == "Ayşe"
    return {
        "matches": matches,
        "found": found,
        "pages": fake.stats.requests,
        "seconds": time.perf_counter() - started,
        "setup_maxrss_kib": setup_kib,
        "maxrss_kib": peak_rss_kib(),
        # The walk alone: RSS when it started, and its peak (None without /proc).
        "walk_start_kib": before_kib,
        "walk_peak_kib": _status_kib("VmHWM") if reset else None,
    }
