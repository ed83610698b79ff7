#!/usr/bin/env bash
# Make the upgrade test's database: the demo of an earlier commit ("the previous release"),
# loaded on SQLite by that commit's own code, compressed into
# groundwork/core/tests/data/previous-release-demo.sqlite3.xz, with the last migration of every
# app recorded in previous-release.json. Run it when a release is cut:
#     scripts/make-upgrade-fixture.sh COMMIT
# The encryption keys are the test suite's (pyproject.toml), so the upgraded copy decrypts.
set -euo pipefail
cd "$(dirname "$0")/.."
commit="$(git rev-parse "${1:?usage: $0 COMMIT}")"
python="${PYTHON:-$PWD/.venv/bin/python}"
data="groundwork/core/tests/data"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git archive "$commit" | tar -x -C "$tmp"
export DEBUG=true SECRET_KEY=upgrade-fixture-secret-key-0123456789abcdefghijkl
export DATABASE_URL="sqlite:///$tmp/demo.sqlite3" CACHE_URL="filecache://$tmp/cache"
export FIELD_ENCRYPTION_KEYS=UTP1rZ-KXCDz13NlSJ5II9Nz75yEHGPXt-UfniRYJTw=
export FIELD_LOOKUP_KEY=tests-only-lookup-key-not-for-production
export NODE_MODULES="${NODE_MODULES:-$PWD/node_modules}"
(cd "$tmp" && "$python" manage.py migrate -v0 && "$python" manage.py load_demo >/dev/null)
"$python" - "$tmp/demo.sqlite3" "$commit" "$data/previous-release.json" <<'PY'
import json, sqlite3, sys
db, commit, out = sys.argv[1:]
con = sqlite3.connect(db)
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.execute("PRAGMA journal_mode=DELETE")
con.execute("VACUUM")
leaves = {}
for app, name in con.execute("SELECT app, name FROM django_migrations"):
    leaves[app] = max(leaves.get(app, ""), name)
con.close()
about = json.load(open(out))["about"] if __import__("os").path.exists(out) else ""
with open(out, "w") as f:
    json.dump({"about": about, "commit": commit, "migrations": dict(sorted(leaves.items()))}, f, indent=2)
    f.write("\n")
PY
xz -9 -c "$tmp/demo.sqlite3" > "$data/previous-release-demo.sqlite3.xz"
echo "Wrote $data/previous-release-demo.sqlite3.xz and previous-release.json for $commit"
