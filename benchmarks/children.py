"""Measurements that need a fresh interpreter (peak RSS): ``run.py`` runs itself again
with one of its hidden child flags, and the child prints its result as its last line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["run_child"]

RUN_PY = Path(__file__).resolve().parent / "run.py"


def run_child(*args: str) -> dict[str, Any]:
    """Run ``run.py`` with ``args`` in a fresh interpreter; its last line, as JSON."""
    child = subprocess.run(
        [sys.executable, str(RUN_PY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    row: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return row
