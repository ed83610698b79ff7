#!/usr/bin/env bash
# Serve Groundwork locally: the background worker beside the web server; Ctrl-C stops both.
# The worker is supervised: if it ever exits, it is started again after a short pause.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
ADDR="${ADDR:-127.0.0.1:8000}"
WORKER_RESTART_DELAY="${WORKER_RESTART_DELAY:-2}"

# Runs in its own subshell: start the worker, wait for it, start it again when it exits.
# TERM (from cleanup below) stops the worker it is waiting for, then the loop itself.
supervise_worker() {
  local child=""
  trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi; exit 0' TERM INT
  while true; do
    "$PY" manage.py worker --interval 1 --no-reload &
    child=$!
    status=0
    wait "$child" || status=$?
    child=""
    echo "The background worker exited (status $status); starting it again in ${WORKER_RESTART_DELAY}s." >&2
    sleep "$WORKER_RESTART_DELAY" &  # the pause is a child too: stopped and reaped like the worker
    child=$!
    wait "$child" || true
    child=""
  done
}

supervise_worker &
supervisor=$!
cleanup() {
  trap - EXIT INT TERM
  kill -TERM "$supervisor" 2>/dev/null || true
  wait "$supervisor" 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

echo "Groundwork is at http://$ADDR/  (Ctrl-C stops the server and the worker)"
"$PY" manage.py runserver --noreload --nostatic "$ADDR"  # static files: WhiteNoise, compressed
