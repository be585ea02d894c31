# First Step. `make run` serves the site on SQLite with content loaded; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

# The first Python >= 3.12 on PATH, else in pyenv. Django 6.1 needs 3.12 or newer.
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3 \
	$$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  && { command -v $$candidate; break; }; done)

.PHONY: help setup run test lint check serve clean

help:
	@echo "make run    set up, then serve the site at http://127.0.0.1:$(PORT) (SQLite unless DATABASE_URL is set)"
	@echo "make test   set up, then run every test (unit, view and browser)"

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
	$(DEV) $(MANAGE) load_content

run: setup
	$(DEV) $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(STAMP)
	HELPSEEK_TESTING=1 $(MANAGE) makemigrations --check --dry-run
	@echo "check --deploy with production settings:"
	@DJANGO_DEBUG= SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=firststep.example EMAIL_HOST=smtp.firststep.example \
	  $(MANAGE) check --deploy --fail-level WARNING

test: setup lint check
	@test -x $(CHROMIUM) || { echo "Browser tests need Debian's Chromium at $(CHROMIUM): apt-get install -y chromium" >&2; exit 1; }
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
