#!/usr/bin/env bash
# Runs a Celery worker (with beat embedded) beside the development web server; stopping one stops both.
set -euo pipefail
port="${1:-8000}"
mkdir -p var/log
.venv/bin/celery -A trafficking_cases worker --beat --pool=solo --loglevel=INFO --logfile=var/log/celery-worker.log &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/python manage.py seed_demo --logins-only
.venv/bin/python manage.py runserver "127.0.0.1:${port}" --noreload
