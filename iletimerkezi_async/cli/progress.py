"""A progress bar on stderr (rich, from the ``cli`` extra), or nothing."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Self

__all__ = ["ProgressBar", "stdout_shares_the_terminal"]


def stdout_shares_the_terminal() -> bool:
    """Whether stdout and stderr are the same terminal (a user's shell, unredirected)."""
    try:
        if not (sys.stdout.isatty() and sys.stderr.isatty()):
            return False
        return os.fstat(sys.stdout.fileno()).st_rdev == os.fstat(sys.stderr.fileno()).st_rdev
    except (OSError, ValueError):  # closed or not a real file
        return False


class ProgressBar:
    """``with ProgressBar(total, enabled=...) as bar: bar.advance()``.

    Drawn only when enabled, stderr is a terminal and rich is installed. A command
    that writes to stdout while the bar runs passes ``writes_stdout=True``: the
    bar is then not drawn when stdout is the same terminal, where each output
    line would be glued onto the bar's line (the lines show the progress there).
    """

    def __init__(
        self,
        total: int | None,
        *,
        description: str,
        enabled: bool = True,
        writes_stdout: bool = False,
    ) -> None:
        self._progress = None
        self._task = None
        if writes_stdout and stdout_shares_the_terminal():
            return
        if enabled and sys.stderr.isatty():
            try:
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TimeElapsedColumn,
                )
            except ImportError:  # pragma: no cover - the cli extra is missing
                return
            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._task = self._progress.add_task(description, total=total)

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, steps: int = 1) -> None:
        """Move the bar on by ``steps``."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, steps)
