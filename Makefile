# The two commands: `make run` (the demo, on embedded defaults) and `make test` (the whole suite on
# PostgreSQL and Redis). Everything they need is installed by them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
LEGACY_UNITS := locations/data/legacy_units_38_thanh_hoa.csv
MANAGE := $(PY) manage.py
# Directories that hold no translatable strings of ours.
I18N_IGNORE := -i ".venv/*" -i "var/*" -i "static/*" -i "tests/*" -i "bench/*"

# Tests run in parallel, one pytest-xdist worker per core (PYTEST_WORKERS=0: in one process); each
# worker has its own test and demo databases, Celery queue and media folder (tests/conftest.py).
# `--dist load` hands each worker its tests in collection order, where pytest-django puts the
# transactional tests (which empty the database, reference data included) last; the scope-,
# file- and group-based modes would run some tests after such a flush.
PYTEST_WORKERS ?= auto
# Tests always run on the real services of this machine kind.
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/trafficking_cases} \
	CELERY_BROKER_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	CELERY_RESULT_BACKEND=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: help run setup test venv deps deps-dev system-deps services lint translations static demo-data bench clean

help:
	@echo "make run   - install, migrate, load units, seed the demo and serve it on 127.0.0.1:$(PORT)"
	@echo "make test  - install test needs, start PostgreSQL and Redis, run checks and the whole suite"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

venv: $(PY)

deps: venv
	$(PY) -m pip install --quiet -r requirements.txt

deps-dev: venv
	$(PY) -m pip install --quiet -r requirements-dev.txt

# gettext (translations) and Debian's Chromium (browser tests) come from the system's packages.
system-deps:
	@bash scripts/ensure-system-packages.sh $(if $(WITH_BROWSER),chromium) gettext

translations: venv
	@$(MANAGE) compilemessages --ignore ".venv" --ignore "var" -v 0

static: venv
	@$(MANAGE) collectstatic --noinput -v 0

demo-data:
	$(MANAGE) migrate --noinput -v 1
	$(MANAGE) load_units --legacy $(LEGACY_UNITS)
	$(MANAGE) seed_demo

setup: deps
	@$(MAKE) --no-print-directory system-deps translations static demo-data

run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C stops the server and the Celery worker)"
	@bash scripts/run-demo.sh $(PORT)

services:
	@bash scripts/ensure-services.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Every string of ours must have its English translation; new strings show up as untranslated.
translations-check: venv
	@$(MANAGE) makemessages -l en --no-location --no-obsolete $(I18N_IGNORE) -v 0
	@bash scripts/check-translations.sh locale/en/LC_MESSAGES/django.po

test: deps-dev
	@$(MAKE) --no-print-directory system-deps WITH_BROWSER=1
	@$(MAKE) --no-print-directory services lint
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	@$(MAKE) --no-print-directory translations-check translations static
	$(TEST_ENV) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist load --durations=20 $(PYTEST_ARGS)

# The benchmark (issues 7 and 17): a synthetic Thanh Hóa of each size of BENCH_SIZES, each in a
# database `$(BENCH_DATABASE_URL)_<size>` of its own (created when missing, built once, reused);
# writes bench/results.md and the README's table. See bench/run.py.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/trafficking_bench
BENCH_SIZES ?= 1000,100000
bench: deps
	@$(MAKE) --no-print-directory services
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_SIZES=$(BENCH_SIZES) MEDIA_ROOT=var/bench-media \
		$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf var
