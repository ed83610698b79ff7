#!/usr/bin/env bash
# Everything CI checks: lint, types, migrations, translations, then the test suite on SQLite,
# on a throwaway PostgreSQL cluster, and in Chromium. Each leg's pytest summary is printed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
logs="$(mktemp -d)"
status=0
declare -a summary

step() {  # step NAME COMMAND...: run, remember pass/fail
  local name="$1"; shift
  echo "==> $name"
  if "$@"; then summary+=("$name: ok"); else summary+=("$name: FAILED"); status=1; fi
}

leg() {  # leg NAME COMMAND...: a pytest run whose last line is its summary
  local name="$1"; shift
  echo "==> $name"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  local last
  last="$(grep -E '[0-9]+ (passed|failed|errors?|skipped|deselected)|no tests ran' "$logs/$name.log" | tail -n 1)"
  summary+=("$name: ${last:-no summary (exit $rc)}")
  [ "$rc" -eq 0 ] || status=1
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "Installing Debian's chromium for the browser tests."
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null;
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
}

ensure_pango() {  # WeasyPrint renders the PDFs with Pango and the system's fonts
  python -c "import weasyprint" 2>/dev/null && return 0
  echo "Installing Pango and fonts for WeasyPrint."
  local pkgs="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq $pkgs >/dev/null;
  else sudo apt-get update -qq && sudo apt-get install -y -qq $pkgs >/dev/null; fi
}

step "pango installed" ensure_pango
step "ruff check" ruff check .
step "ruff format" ruff format --check .
step "mypy groundwork/analysis" mypy groundwork/analysis
step "migrations complete" env DEBUG=true python manage.py makemigrations --check --dry-run
step "compilemessages" bash -c "cd groundwork && DEBUG=true python ../manage.py compilemessages -l es -v0"

leg "sqlite" python -m pytest -m "not browser" -q
leg "postgresql" scripts/with-postgres.sh python -m pytest -m "not browser" -q
step "chromium installed" ensure_chromium
# On a database file: the live server's threads and the test each use their own connection.
leg "browser" env SQLITE_TEST_NAME="$logs/browser.sqlite3" python -m pytest -m browser -q

echo
echo "==================== summary ===================="
for line in "${summary[@]}"; do echo "  $line"; done
exit $status
