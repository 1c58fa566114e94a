"""Import time: what ``import iletimerkezi_async`` costs a service or a CLI on every start.

Each command runs in a fresh interpreter (``python -c CODE``), the commands interleaved
in an order rotated per round, after one untimed run of each (bytecode caches warm).
Medians over the rounds, wall clock including interpreter start-up, as a user sees it.
The baseline is ``import attrs, cattrs`` (the package's own dependencies), in the same
run; bare ``python -c pass`` is shown too.

Run alone with ``python benchmarks/import_time.py [--rounds N]``, or as part of
``benchmarks/run.py`` (``make bench``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Any

BASELINE = "import attrs, cattrs"
PACKAGE = "import iletimerkezi_async"
TARGET = 1.30  # PACKAGE / BASELINE, at most

_BODY = b'{"response":{"status":{"code":200},"contact":{"id":1007,"name":"A","surname":"B"}}}'
COMMANDS = {
    "python -c pass": "pass",
    BASELINE: BASELINE,
    PACKAGE: PACKAGE,
    # What the first call needs from the pure layer: a request built, an answer decoded.
    "import + first get-contact built and decoded": (
        "from iletimerkezi_async.sansio import Credentials, contacts, decode_get_contact\n"
        "contacts.get_contact(Credentials('key', 'hash'), 1007)\n"
        f"decode_get_contact(200, {_BODY!r}, contact_id=1007)"
    ),
    # Every area's models, builders and decoders, none of them used yet.
    "from iletimerkezi_async.sansio import *": "from iletimerkezi_async.sansio import *",
}


# The children may write bytecode caches (the warm-up run does), whatever this shell says:
# with PYTHONDONTWRITEBYTECODE set, every run would compile the package's sources while
# its dependencies, installed by pip, load from theirs.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _once(python: str, code: str) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", code], check=True, env=_ENV)
    return time.perf_counter() - started


def run(
    quick: bool = False, rounds: int | None = None, python: str = sys.executable
) -> dict[str, Any]:
    """Median seconds per command over ``rounds`` interleaved rounds (5 with ``quick``)."""
    rounds = rounds or (5 if quick else 21)
    names = list(COMMANDS)
    for name in names:  # warm the bytecode caches
        _once(python, COMMANDS[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(_once(python, COMMANDS[name]))
    medians = {name: statistics.median(times) for name, times in samples.items()}
    ratio = medians[PACKAGE] / medians[BASELINE]
    return {
        "rounds": rounds,
        "median_s": medians,
        "samples_s": samples,
        "ratio": ratio,
        "target": TARGET,
        "verdict": "PASS" if ratio <= TARGET else "FAIL",
    }


def report(results: dict[str, Any]) -> dict[str, Any]:
    """Print ``results`` (from :func:`run`) as a table and the target's verdict."""
    medians = results["median_s"]
    base, bare = medians[BASELINE], medians["python -c pass"]
    print(
        f"\nimport time: median of {results['rounds']} fresh interpreters per command,"
        " interleaved, bytecode caches warm"
    )
    for name, seconds in medians.items():
        print(
            f"  {name:<46} {seconds * 1000:6.1f} ms  x{seconds / base:4.2f} of {BASELINE},"
            f" {(seconds - bare) * 1000:+6.1f} ms over bare python"
        )
    print(
        f"{PACKAGE} / {BASELINE:<16} {results['ratio']:5.2f}  target <= {TARGET:.2f}"
        f"  {results['verdict']}"
    )
    return results


def section(args: argparse.Namespace, stand_in: object) -> dict[str, Any]:
    """The ``benchmarks/run.py`` section (``--skip-import-time`` leaves it out)."""
    return report(run(args.quick))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default: 21)")
    parser.add_argument("--quick", action="store_true", help="5 rounds")
    args = parser.parse_args(argv)
    report(run(args.quick, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
