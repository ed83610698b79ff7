#!/usr/bin/env bash
# Serve Groundwork locally: the background worker and the scheduler beside the web server;
# Ctrl-C stops all three. Both are supervised: if one ever exits, it is started again after a
# short pause.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
ADDR="${ADDR:-127.0.0.1:8000}"
WORKER_RESTART_DELAY="${WORKER_RESTART_DELAY:-2}"

# Stops this shell's own background children and waits for them. It asks the shell for its
# jobs rather than trusting a variable: a signal can arrive between starting a child and
# noting its pid, and a child missed then would be left running (or unreaped).
stop_children() {
  local pids
  pids="$(jobs -p)"
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
  fi
  wait 2>/dev/null || true
}

# Runs in its own subshell: start the command, wait for it, start it again when it exits.
# TERM (from cleanup below) stops the process it is waiting for, then the loop itself.
supervise() {
  local name="$1"; shift
  trap 'stop_children; exit 0' TERM INT
  while true; do
    status=0
    "$PY" manage.py "$@" &
    wait "$!" || status=$?
    echo "The $name exited (status $status); starting it again in ${WORKER_RESTART_DELAY}s." >&2
    sleep "$WORKER_RESTART_DELAY" &  # the pause is a child too: stopped and reaped like the worker
    wait "$!" || true
  done
}

cleanup() {
  trap - EXIT INT TERM
  stop_children
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

supervise "background worker" worker --interval 1 --no-reload &
supervise scheduler scheduler --interval 20 &

echo "Groundwork is at http://$ADDR/  (Ctrl-C stops the server, the worker and the scheduler)"
"$PY" manage.py runserver --noreload --nostatic "$ADDR"  # static files: WhiteNoise, compressed
