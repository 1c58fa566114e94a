"""How the demo does one write: never twice unless it provably did not happen."""

from __future__ import annotations

import pytest

from iletimerkezi_async import AmbiguousOrderError, RateLimitError, SenderError, ServerError
from iletimerkezi_async.cli.demo_writes import MAX_TRIES, WriteFailed, write_once


class Write:
    """A write failing with the given errors in turn, then answering ``"done"``."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.sent = 0

    async def __call__(self) -> str:
        self.sent += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def maybe() -> ServerError:
    return ServerError(503, "x", may_have_been_applied=True)


async def test_a_write_that_may_have_been_applied_is_checked_not_repeated() -> None:
    log: list[str] = []
    write = Write(maybe())

    async def applied(_: object) -> str:
        return "found"

    assert await write_once("add", write, applied, log) == "found"
    assert write.sent == 1
    assert log == [
        "add: ServerError, may_have_been_applied=True; read back: it was applied, not sent again"
    ]


async def test_it_is_sent_again_only_when_it_provably_did_not_happen() -> None:
    log: list[str] = []
    write = Write(maybe(), RateLimitError(429, "x"))

    async def not_applied(_: object) -> None:
        return None

    assert await write_once("add", write, not_applied, log) == "done"
    assert write.sent == 3
    assert [line.split("; ")[1] for line in log] == [
        "read back: it was not applied, sent again",
        "the provider never took it, sent again",
    ]


async def test_refusals_and_failed_checks_end_it() -> None:
    async def ambiguous(_: object) -> None:
        raise AmbiguousOrderError("two fit", ["1", "2"])

    log: list[str] = []
    with pytest.raises(SenderError):
        await write_once("send", Write(SenderError(450, "x")), ambiguous, log)
    with pytest.raises(AmbiguousOrderError):
        await write_once("send", Write(maybe()), ambiguous, log)
    assert log[0].endswith("refused: not sent again")
    assert log[1].endswith("read back failed (two fit): not sent again")
    with pytest.raises(WriteFailed):
        await write_once("send", Write(*[RateLimitError(429, "x")] * MAX_TRIES), ambiguous, [])
