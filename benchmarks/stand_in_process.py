"""The stand-in provider (``stand_in.py``) as a child process of the benchmark, and its
counters: its own CPU time, requests answered, connections accepted and open."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["StandIn", "stand_in_process"]

HERE = Path(__file__).resolve().parent


class StandIn:
    """Starts ``stand_in.py`` and asks it for its own CPU time over a pipe."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "stand_in.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            self.close()
            raise RuntimeError(f"the stand-in did not start (said {line!r})")
        self.port = int(line[1])

    def cpu(self) -> tuple[float, int, int]:
        """(CPU seconds used so far, requests answered, connections accepted)."""
        seconds, served, connections, _ = self._ask()
        return float(seconds), int(served), int(connections)

    def open_connections(self) -> int:
        """Client connections the stand-in has open right now."""
        return int(self._ask()[3])

    def _ask(self) -> list[str]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write("cpu\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().split()[1:]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def stand_in_process() -> Iterator[StandIn]:
    """A running stand-in, stopped on the way out."""
    stand_in = StandIn()
    try:
        yield stand_in
    finally:
        stand_in.close()
