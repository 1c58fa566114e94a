"""Mutation testing of the pure core with mutmut: `make mutation` (see CONTRIBUTING.md).

Each core module is mutated on its own, in a copy of the tree under `.mutation/<module>/`,
and each of its mutants runs only the tests mapped to that module below (and of those,
only the ones that call the mutated function). A mutant is *killed* when a test fails
or hangs (pytest-timeout, or mutmut's own CPU limit), and *survives* when every test
passes. Survivors whose change no test can see (equivalent mutants) are listed in
EQUIVALENT with the reason; the score leaves them out.

    python tools/mutation.py                      # every module, then the table
    python tools/mutation.py sansio/retry.py      # one module (or several)
    python tools/mutation.py --jobs 1             # fewer workers on a busy machine

Run it under `nice` on a shared machine: `make mutation` does.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
PACKAGE = "iletimerkezi_async"

# Module (relative to the package) -> the tests that guard it.
TESTS: dict[str, list[str]] = {
    "sansio/retry.py": ["tests/sansio/test_retry.py"],
    "sansio/response.py": ["tests/sansio/test_response.py", "tests/sansio/test_methods.py"],
    "sansio/numbers.py": ["tests/sansio/test_numbers.py"],
    "sansio/webhook.py": ["tests/sansio/test_webhook.py"],
    "sansio/call.py": ["tests/sansio/test_request.py", "tests/sansio/test_methods.py"],
    "_paging.py": ["tests/test_paging.py", "tests/api/test_contacts.py"],
    "_slots.py": ["tests/test_slots.py"],
    "_budget.py": ["tests/test_budget.py"],
}

# Survivors no test can tell from the real code: (module or "*", the line as written,
# the line as mutated, why). Both are regular expressions matched against the whole line,
# surrounding whitespace stripped. Each is explained in CONTRIBUTING.md too.
EQUIVALENT: list[tuple[str, str, str, str]] = [
    ("*", r'.*"utf-8".*', r'.*"UTF-8".*', "codec names ignore case"),
    (
        "sansio/webhook.py",
        r".*=cast\(\w+, .*",
        r".*=cast\(None, .*",
        "typing.cast does nothing at run time",
    ),
    (
        "sansio/webhook.py",
        r"self\._seen\[key\] = None",
        r'self\._seen\[key\] = ""',
        "the deduplicator's dict is an ordered set: its values are never read",
    ),
    (
        "sansio/webhook.py",
        r"self\._seen\.popitem\(last=False\)",
        r"self\._seen\.popitem\(last=None\)",
        "None is false, as False is",
    ),
    (
        "sansio/response.py",
        r"return value if value\.isascii\(\) else .*",
        r"return value if \(value\.isascii\(\)\) and False else .*",
        "re-encoding valid text gives the same text: the ASCII test only saves the work",
    ),
    (
        "_paging.py",
        r"prefetch: int = 1,",
        r"prefetch: int = 2,",
        "every caller that knows its page count passes prefetch; the others never use it",
    ),
    (
        "_budget.py",
        r"self\._keys (= 0|\+= 1)",
        r"self\._keys (= 1|-= 1|\+= 2)",
        "keys only need to differ from each other",
    ),
    (
        "_budget.py",
        r"if when < self\._timer_at:",
        r"if when <= self\._timer_at:",
        "re-arming the timer for the moment it is already armed for changes nothing",
    ),
    (
        "_budget.py",
        r"if when > now:",
        r"if when >= now:",
        "a budget ending exactly now is cancelled on the timer's next turn, at the same time",
    ),
    (
        "_budget.py",
        r"if earliest < math\.inf:",
        r"if earliest <= math\.inf:",
        "a timer armed for never never fires; the next start() replaces it",
    ),
    (
        "_budget.py",
        r'assert task is not None, "called from a task"',
        r"assert task is not None, .*",
        "the text of an assertion no caller can trip (every caller runs in a task)",
    ),
]

# Run once per worker before it forks one process per mutant: importing these is most
# of a test run's start-up. (Assertion rewriting is off in mutant runs, so plugins
# may be imported before pytest starts; a failing assert still fails.)
PRELOAD = """pytest
hypothesis
httpx
respx
attrs
cattrs
anyio
iletimerkezi_async
iletimerkezi_async.testing
"""

# mutmut's exit codes (mutmut/stats.py), folded into what the report counts.
KILLED = {1, 3}
HUNG = {24, -24, 152, 36}  # CPU or wall-clock limit: the mutant made a test hang
SURVIVED = {0}
UNTESTED = {5, 33}  # no mapped test calls the mutated function: a survivor too


def _config(module: str, tests: list[str], per_test_timeout: int) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"

    return f"""
[tool.mutmut]
source_paths = ["{PACKAGE}/"]
only_mutate = ["{PACKAGE}/{module}"]
pytest_add_cli_args_test_selection = {toml_list(tests)}
pytest_add_cli_args = {
        toml_list(["-p", "no:cacheprovider", "--assert=plain", f"--timeout={per_test_timeout}"])
    }
# Every test run in a fresh child of a server that imported PRELOAD but never ran
# pytest: a second pytest run in one process changes non-ASCII test ids, and mutmut
# selects tests by id.
process_isolation = "forkserver"
forkserver_warmup = "import"
preload_modules_file = "preload.txt"
use_git_change_detection = false
"""


def _prepare(module: str, per_test_timeout: int) -> Path:
    """A fresh copy of the package, the tests and pyproject.toml with this module's config."""
    work = WORK / module.replace("/", ".").removesuffix(".py")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / PACKAGE, work / PACKAGE, ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    config = _config(module, TESTS[module], per_test_timeout)
    (work / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + config)
    (work / "preload.txt").write_text(PRELOAD)
    return work


def _mutmut(work: Path, *args: str, log: Path | None = None) -> str:
    env = dict(os.environ, CI="1")  # derandomized hypothesis: the same examples every run
    mutmut = Path(sys.executable).with_name("mutmut")
    if log is None:
        done = subprocess.run(
            [str(mutmut), *args], cwd=work, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout
    with log.open("w") as out:
        subprocess.run([str(mutmut), *args], cwd=work, env=env, stdout=out, stderr=out, check=True)
    return ""


def _changed_lines(diff: str) -> tuple[str, str]:
    lines = [line for line in diff.splitlines() if not line.startswith(("---", "+++"))]
    removed = [line[1:].strip() for line in lines if line.startswith("-")]
    added = [line[1:].strip() for line in lines if line.startswith("+")]
    return " / ".join(removed), " / ".join(added)


def _equivalence(module: str, removed: str, added: str) -> str | None:
    for known_module, before, after, why in EQUIVALENT:
        if known_module not in (module, "*"):
            continue
        if re.fullmatch(before, removed) and re.fullmatch(after, added):
            return why
    return None


@dataclasses.dataclass
class Result:
    """One module's run."""

    module: str
    killed: int = 0
    hung: int = 0
    survived: int = 0
    equivalent: int = 0
    error: int = 0
    minutes: float = 0.0
    survivors: list[str] = dataclasses.field(default_factory=list)

    @property
    def mutants(self) -> int:
        return self.killed + self.hung + self.survived + self.equivalent + self.error

    @property
    def score(self) -> float:
        """Killed or hung, out of the mutants judged that are not equivalent."""
        judged = self.killed + self.hung + self.survived
        return (self.killed + self.hung) / judged if judged else 0.0


def _run(module: str, jobs: int, per_test_timeout: int) -> Result:
    work = _prepare(module, per_test_timeout)
    started = time.monotonic()
    _mutmut(work, "run", "--max-children", str(jobs), log=work / "run.log")
    result = Result(module, minutes=(time.monotonic() - started) / 60)
    meta = work / "mutants" / PACKAGE / f"{module}.meta"
    codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
    for name, code in sorted(codes.items()):
        if code not in KILLED | HUNG | SURVIVED | UNTESTED:
            # mutmut's worker died with the tests (e.g. an error raised inside the event
            # loop itself): run them again on their own for a verdict.
            code = _recheck(work, module, name, per_test_timeout)
        if code in KILLED:
            result.killed += 1
        elif code in HUNG:
            result.hung += 1
        elif code in SURVIVED or code in UNTESTED:
            _judge_survivor(work, module, name, result)
        else:
            result.error += 1
            result.survivors.append(f"{name}: no verdict (exit {code}); see {work}/run.log")
    return result


def _recheck(work: Path, module: str, name: str, per_test_timeout: int) -> int:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    command += ["--assert=plain", f"--timeout={per_test_timeout}", *TESTS[module]]
    env = dict(os.environ, CI="1", MUTANT_UNDER_TEST=name)
    code = subprocess.run(command, cwd=work / "mutants", env=env, capture_output=True).returncode
    return 1 if code == 2 else code  # 2: pytest stopped by the error the mutant raised


def _judge_survivor(work: Path, module: str, name: str, result: Result) -> None:
    removed, added = _changed_lines(_mutmut(work, "show", name))
    if _equivalence(module, removed, added) is not None:
        result.equivalent += 1
    else:
        result.survived += 1
        result.survivors.append(f"{name}\n    - {removed}\n    + {added}")


def _table(results: list[Result]) -> str:
    lines = [
        "| module | mutants | killed | hung | survived | equivalent | no verdict | score "
        "| minutes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| `{r.module}` | {r.mutants} | {r.killed} | {r.hung} | {r.survived} "
        f"| {r.equivalent} | {r.error} | {r.score:.0%} | {r.minutes:.1f} |"
        for r in results
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--timeout", type=int, default=20, help="seconds per test")
    parser.add_argument("--goal", type=float, default=0.9, help="lowest score that passes")
    args = parser.parse_args(argv)
    modules = [re.sub(rf"^{PACKAGE}/", "", m) for m in args.modules] or list(TESTS)
    unknown = [m for m in modules if m not in TESTS]
    if unknown:
        parser.error(f"not a core module: {', '.join(unknown)}; expected one of {list(TESTS)}")
    results = []
    for module in modules:
        print(f"mutating {module} against {' '.join(TESTS[module])}", flush=True)
        result = _run(module, args.jobs, args.timeout)
        results.append(result)
        for survivor in result.survivors:
            print(f"  survived: {survivor}", flush=True)
        print(f"  {result.score:.0%} in {result.minutes:.1f} min", flush=True)
    report = _table(results)
    WORK.mkdir(exist_ok=True)
    (WORK / "report.md").write_text(report + "\n")
    print()
    print(report)
    return 0 if all(result.score >= args.goal for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
