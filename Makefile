# First Step. `make run` serves the site on SQLite with content loaded; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# The browser tests' Chromium (tests/base.py): Debian's headless shell, or CHROMIUM=/usr/bin/chromium
# for the full browser. tests/system-packages installs the one named when it is missing.
export CHROMIUM ?= /usr/bin/chromium-headless-shell

# The first Python >= 3.12 on PATH, else in pyenv. Django 6.1 needs 3.12 or newer.
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3 \
	$$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  && { command -v $$candidate; break; }; done)

.PHONY: help setup run test test-fast test-any-day screenshots fuzz lint check serve bench loadtest faults clean system-packages

help:
	@echo "make run    set up, then serve the site at http://127.0.0.1:$(PORT) (SQLite unless DATABASE_URL is set)"
	@echo "make test   set up, then run every test (unit, view and browser)"
	@echo "make test-fast  the tests without a browser, in about a minute"
	@echo "make test-any-day  the tests without a browser again, with the clock moved years ahead"
	@echo "make serve  run the site as production does (gunicorn, debug off); needs SECRET_KEY"
	@echo "make bench  measure the production server on PostgreSQL with wrk"
	@echo "make loadtest  50 people (Locust) use the production server for 60 s; every save is checked"
	@echo "make faults    restart a private PostgreSQL under load; the site must recover by itself"
	@echo "make screenshots  every page, whole, in phone and desktop width, light and dark"
	@echo "make fuzz      the hostile-input properties with 700 new examples each (over 10,000 in all)"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python 3.12 or newer found on PATH or in pyenv. Install one (e.g. 'pyenv install 3.12') and run make again." >&2; \
	  exit 1; fi
	@echo "Using $(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Development commands run with debug on unless the caller says otherwise.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG-1}

setup: $(STAMP)
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) createcachetable
	$(DEV) $(MANAGE) load_content

run: setup
	$(DEV) $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	HELPSEEK_TESTING=1 $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

check: $(STAMP)
	HELPSEEK_TESTING=1 $(MANAGE) makemigrations --check --dry-run
	@echo "check --deploy with production settings:"
	@DJANGO_DEBUG= SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=firststep.example EMAIL_HOST=smtp.firststep.example \
	  $(MANAGE) check --deploy --fail-level WARNING

# The site as production runs it: debug off, static files collected (hashed, compressed), then
# gunicorn with WEB_CONCURRENCY workers (default 2) on 127.0.0.1:$(PORT), behind a TLS proxy.
# The database must be set up already (make setup, or migrate, createcachetable and load_content).
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "make serve runs the site as production does, so it needs SECRET_KEY:" >&2; \
	  echo "  SECRET_KEY=\$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; \
	  echo "To try it over plain http on this machine, add SECURE_SSL_REDIRECT=0." >&2; exit 1; }
	DJANGO_DEBUG= $(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_DEBUG= ALLOWED_HOSTS=$${ALLOWED_HOSTS-127.0.0.1,localhost} PORT=$(PORT) \
	  $(VENV)/bin/gunicorn --config helpseek/gunicorn.conf.py helpseek.wsgi

# Starts its own production server on PostgreSQL (BENCH_DATABASE_URL, default the helpseek_bench
# database at 127.0.0.1), drives it with wrk and prints a table; exits 1 when a cost goal is missed.
# BENCH_ARGS="--seconds 5" etc. (docs/performance.md)
bench: $(STAMP)
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Its own production server on PostgreSQL (LOADTEST_DATABASE_URL, default the helpseek_load
# database at 127.0.0.1, dropped and made again): Locust puts 50 virtual people on it for 60 s
# (scripts/locustfile.py), through the real forms; when it stops, its hooks look up every
# confirmed save (scripts/checks.py). LOADTEST_ARGS="--people 10 --seconds 20" etc.
loadtest: $(STAMP)
	$(PY) scripts/load.py $(LOADTEST_ARGS)

# The same load (20 people, who try again after a 503, and a probe) on a private PostgreSQL
# (initdb in /tmp, port 5433), which is stopped and started again under it.
# FAULTS_ARGS="--down 10 --mode immediate" etc.
faults: $(STAMP)
	$(PY) scripts/load.py --outage --people 20 --think 0.3 --seed 2 $(FAULTS_ARGS)

# The Debian packages the tests need (Chromium, Java, gettext), installed when missing if it can
# be done (as root, or sudo -n); otherwise it stops at once with the command to run.
system-packages:
	@tests/system-packages

# Tests run in TEST_WORKERS processes (pytest-xdist), each on a test database of its own. A test
# module stays in one process (--dist loadscope, in pyproject.toml), so
# tests/e2e/test_every_page.py visits each page once.
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS)

test: system-packages setup lint check
	$(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS)

# Everything but the browser tests (tests/e2e), and without lint or the deploy check.
test-fast: setup
	$(VENV)/bin/pytest $(XDIST) --ignore=tests/e2e $(PYTEST_ARGS)

# The tests without a browser again, with the clock moved years ahead by libfaketime (Debian's
# faketime), which every process the tests start inherits: a test or a page that reads today's
# date, or content dated the day it was written, fails here instead of on its own a year from now.
# Each day is a clock that starts there and goes on ticking (the "@"), so waits and timeouts still
# work. (DONT_FAKE_MONOTONIC=1 breaks Python's time.sleep there: EINVAL.) ANY_DAYS="2030-12-31".
ANY_DAYS ?= 2027-01-15 2032-02-29
test-any-day: system-packages setup
	@for day in $(ANY_DAYS); do \
	  echo "The tests without a browser, with the clock at $$day 12:00:"; \
	  faketime -f "@$$day 12:00:00" \
	    $(VENV)/bin/pytest $(XDIST) --ignore=tests/e2e $(PYTEST_ARGS) || exit $$?; \
	done

# Every page of tests/e2e/pages.py, whole, at 375px and 1280px in light and dark, in
# artifacts/screenshots/ to look at (make test's check measures each heading's own image).
screenshots: setup
	SCREENSHOTS_OF_WHOLE_PAGES=1 $(VENV)/bin/pytest $(XDIST) tests/e2e/test_every_page.py -k screenshots $(PYTEST_ARGS)

# The hostile-input properties of tests/security, with the "fuzz" profile (tests/conftest.py): 700
# examples each, new ones every run, where make test runs the same 60 every time.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest -p no:randomly -q tests/security/test_hostile_input.py $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
