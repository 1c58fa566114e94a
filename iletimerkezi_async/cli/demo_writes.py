"""How the demo does a write through injected faults, as the README teaches: sent again
only when the provider provably never got it; checked (read back) when it may have been
applied; never guessed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from ..errors import IletiMerkeziError, RateLimitError, TransportError

__all__ = ["MAX_TRIES", "WriteFailed", "never_reached", "write_once"]

T = TypeVar("T")

MAX_TRIES = 5
"""Tries of one write before the demo gives up on it."""


class WriteFailed(Exception):
    """A write the demo gave up on: every try failed without the change happening."""


def never_reached(error: IletiMerkeziError) -> bool:
    """Whether the provider provably did not take the request: it was turned away (429)
    or never left this machine. Any other refusal (402, 450, 451 ...) is final."""
    if isinstance(error, RateLimitError):
        return True
    return isinstance(error, TransportError) and not error.request_sent


async def write_once(
    what: str,
    send: Callable[[], Awaitable[T]],
    check: Callable[[IletiMerkeziError], Awaitable[T | None]],
    log: list[str],
    *,
    how: str = "read back",
) -> T:
    """Do the write ``send()`` once, whatever the faults; say in ``log`` what happened.

    After a failure that may have been applied, ``check(error)`` finds out whether it
    was (``how`` names the way, for the log): its result if so (nothing is sent
    again), ``None`` if it provably was not (then it is sent again). A refusal is
    final and raised; so is anything ``check`` raises (``AmbiguousOrderError``, a read
    that failed). :class:`WriteFailed` after :data:`MAX_TRIES` tries.
    """
    for _ in range(MAX_TRIES):
        try:
            return await send()
        except IletiMerkeziError as error:
            failed = (
                f"{what}: {type(error).__name__}, "
                f"may_have_been_applied={error.may_have_been_applied}"
            )
            if error.may_have_been_applied:
                done = await _checked(check, error, f"{failed}; {how}", log)
                if done is not None:
                    return done
            elif never_reached(error):
                log.append(f"{failed}; the provider never took it, sent again")
            else:
                log.append(f"{failed}; refused: not sent again")
                raise
    log.append(f"{what}: gave up after {MAX_TRIES} tries")
    raise WriteFailed(f"{what}: gave up after {MAX_TRIES} tries")


async def _checked(
    check: Callable[[IletiMerkeziError], Awaitable[T | None]],
    error: IletiMerkeziError,
    said: str,
    log: list[str],
) -> T | None:
    """``check(error)``, logged after ``said``: the write's result, or ``None``."""
    try:
        done = await check(error)
    except IletiMerkeziError as unknown:
        log.append(f"{said} failed ({unknown}): not sent again")
        raise
    if done is None:
        log.append(f"{said}: it was not applied, sent again")
    else:
        log.append(f"{said}: it was applied, not sent again")
    return done
