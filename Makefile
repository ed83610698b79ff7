# Groundwork: `make run` serves the demo; `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
LOCK := requirements/lock.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format messages demo worker clean-db help

help:
	@echo "make run    - install, migrate, load the demo and serve http://127.0.0.1:8000"
	@echo "make test   - lint, type-check, tests on SQLite and PostgreSQL, browser tests"
	@echo "make lint   - ruff and mypy only"
	@echo "make messages - extract and compile translations"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(LOCK) | $(PY)
	$(PIP) install -q -c $(LOCK) -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml $(LOCK)
	$(PIP) install -q -c $(LOCK) -e ".[test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: $(VENV)/.installed node_modules/.installed
	@DEBUG=true $(PY) manage.py collectstatic --noinput -v0
	@DEBUG=true $(PY) manage.py migrate --noinput -v0
	@DEBUG=true $(PY) manage.py load_demo
	@DEBUG=true scripts/serve.sh

test: $(VENV)/.test-installed node_modules/.installed
	@scripts/test.sh

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy groundwork/analysis

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed
	cd groundwork && DEBUG=true ../$(PY) ../manage.py makemessages -l es --no-location --no-obsolete -i "static/*"
	cd groundwork && DEBUG=true ../$(PY) ../manage.py compilemessages -l es

demo: $(VENV)/.installed
	DEBUG=true $(PY) manage.py load_demo

clean-db:
	rm -f var/groundwork.sqlite3 var/groundwork.sqlite3-wal var/groundwork.sqlite3-shm
