#!/usr/bin/env bash
# Serve Groundwork locally: the background worker and the scheduler beside the web server;
# Ctrl-C stops all three. Both are supervised: if one ever exits, it is started again after a
# short pause.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
ADDR="${ADDR:-127.0.0.1:8000}"
WORKER_RESTART_DELAY="${WORKER_RESTART_DELAY:-2}"

# Runs in its own subshell: start the command, wait for it, start it again when it exits.
# TERM (from cleanup below) stops the process it is waiting for, then the loop itself.
supervise() {
  local name="$1"; shift
  local child=""
  trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi; exit 0' TERM INT
  while true; do
    "$PY" manage.py "$@" &
    child=$!
    status=0
    wait "$child" || status=$?
    child=""
    echo "The $name exited (status $status); starting it again in ${WORKER_RESTART_DELAY}s." >&2
    sleep "$WORKER_RESTART_DELAY" &  # the pause is a child too: stopped and reaped like the worker
    child=$!
    wait "$child" || true
    child=""
  done
}

supervise "background worker" worker --interval 1 --no-reload &
supervisor=$!
supervise scheduler scheduler --interval 20 &
scheduler=$!
cleanup() {
  trap - EXIT INT TERM
  kill -TERM "$supervisor" "$scheduler" 2>/dev/null || true
  wait "$supervisor" "$scheduler" 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

echo "Groundwork is at http://$ADDR/  (Ctrl-C stops the server, the worker and the scheduler)"
"$PY" manage.py runserver --noreload --nostatic "$ADDR"  # static files: WhiteNoise, compressed
