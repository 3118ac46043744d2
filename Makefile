# Two commands from a fresh clone: `make run` and `make test`.
# Each creates .venv when missing and reinstalls the project only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck pytest browser-deps virtuoso-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,browser]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pactgraph serve

# Debian's chromium for the browser tests; a browser download is never used.
# Without root or apt the browser tests skip with a reason (they fail under CI=true).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will skip"; \
	  else echo "no /usr/bin/chromium and no apt-get as root: browser tests will skip"; fi; \
	fi

# Debian's Virtuoso 7 for the three-store tests (tests/remote), which start their own
# throwaway database; the packaged service is never used. Without it those tests skip.
virtuoso-deps:
	@if ! command -v virtuoso-t >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian virtuoso-opensource for the three-store tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
	      || echo "virtuoso-opensource could not be installed: Virtuoso tests will skip"; \
	  else echo "no virtuoso-t and no apt-get as root: Virtuoso tests will skip"; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# One worker per core, at most 4 (each may start its own `oxigraph serve`, Virtuoso and datasets
# import); a test file stays on one worker so its module fixtures are built once.
# `make pytest PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
pytest: $(STAMP) browser-deps virtuoso-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) --maxprocesses=4 --dist loadfile

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
