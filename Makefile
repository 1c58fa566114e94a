# Two entry points for a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test lint demo demo-sweep bench fuzz mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes.
$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.cli-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[cli]'
	touch $@

$(VENV)/.mutation-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	touch $@

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy --strict iletimerkezi_async

test: lint
	$(BIN)/python -m pytest -n 2

fuzz: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -m slow

demo: $(VENV)/.cli-installed
	$(BIN)/iletimerkezi-async demo

# The demo at its default size for seeds 0 to 20, in real time (a few minutes): every
# seed must exit 0. `make test` runs 10 seeds at three smaller sizes on the fake's clock.
demo-sweep: $(VENV)/.cli-installed
	@failed=""; for seed in $$(seq 0 20); do \
		if $(BIN)/iletimerkezi-async demo --seed $$seed --no-progress >/dev/null 2>&1; \
		then echo "demo --seed $$seed: ok"; \
		else echo "demo --seed $$seed: FAILED"; failed="$$failed $$seed"; fi; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "failed seeds:$$failed (see one with: iletimerkezi-async demo --seed N)"; exit 1; \
	fi

# Mutation testing of the pure core (tools/mutation.py, CONTRIBUTING.md): about an hour on
# 2 cores, niced. MUTATION_ARGS picks modules or workers, e.g.
# `make mutation MUTATION_ARGS="sansio/retry.py --jobs 1"`.
mutation: $(VENV)/.mutation-installed
	nice -n 15 $(BIN)/python tools/mutation.py $(MUTATION_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .mutation

# Benchmarks (see benchmarks/README.md). msgspec is a benchmark-only reference; aiohttp
# and orjson come with the dev install, and are installed here too in case they are not.
# BENCH_ARGS passes flags, e.g. `make bench BENCH_ARGS=--quick`.
bench: $(VENV)/.dev-installed
	$(BIN)/python -c "import aiohttp, orjson, msgspec" 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet aiohttp orjson msgspec
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
