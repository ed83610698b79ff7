#!/usr/bin/env bash
# Serve Groundwork locally: the background worker beside the web server; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDR="${ADDR:-127.0.0.1:8000}"

$PY manage.py db_worker --interval 1 &
worker=$!
cleanup() { kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "Groundwork is at http://$ADDR/  (Ctrl-C stops the server and the worker)"
$PY manage.py runserver --noreload --nostatic "$ADDR"  # static files: WhiteNoise, compressed
