#!/usr/bin/env bash
# Checks an upgrade the way an operator meets it: the previous release writes a
# family into a fresh database and bucket, then this checkout's server starts on
# them (migrating at start, as on one box; on AWS the migrate function runs the
# same migrations) and must read every record and the file back unchanged.
#
#   infra/upgrade-check.sh [PREVIOUS_REF]
#
# PREVIOUS_REF is any git revision; by default, the commit just before the newest
# file of migrations/ was added, i.e. the last release whose schema this one
# changes. Its source is exported under .local/upgrade/ and its `local` built into
# target/upgrade-previous (a full debug build the first time, minutes on 2 cores).
# Needs what local/test.sh needs; starts PostgreSQL and the emulator itself.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../local/scripts/services.sh
source local/scripts/services.sh

newest="$(find migrations -name '*.sql' | sort | tail -1)"
if [[ $# -gt 0 ]]; then
  previous="$1"
else
  added="$(git log -1 --format=%H --diff-filter=A -- "$newest")"
  [[ -n "$added" ]] || die "$newest is not committed yet: name the previous release"
  previous="$added^"
fi
rev="$(git rev-parse --verify --quiet "$previous^{commit}")" || die "no such revision: $previous"
src="$LOCAL/upgrade/$rev"
if [[ ! -f "$src/Cargo.toml" ]]; then
  rm -rf "$src" && mkdir -p "$src"
  git archive "$rev" | tar -x -C "$src"
fi
log "previous release: $(git log -1 --format='%h %s' "$rev" | cut -c1-90)"
log "its newest migration: $(cd "$src" && find migrations -name '*.sql' | sort | tail -1); this checkout's: $newest"

log "building the previous release's server"
(cd "$src" && cargo build -q -p local --target-dir "$ROOT/target/upgrade-previous")
log "building this checkout's server"
cargo build -q -p local

services_up
db="fleet_upgrade"
psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists $db" -c "create database $db" >/dev/null
bucket="fleet-upgrade-$(date +%s)"
state="$LOCAL/upgrade/family.json"
SERVER_PID=""
trap '[[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

# Starts server binary $1 (named $2 in the logs) on the upgrade database and bucket.
serve() {
  local port
  port="$(free_port)"
  DATABASE_URL="${PG_ADMIN_URL%/*}/$db" PORT="$port" QUEUE_PREFIX="upgrade-" \
    MEDIA_BUCKET="$bucket" SPA_DIR="$LOCAL/upgrade/no-spa" \
    PUBLIC_BASE_URL="http://localhost:$port" "$1" >"$LOCAL/upgrade/$2.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$LOCAL/upgrade/$2.log" >&2; die "the $2 server stopped"; }
    sleep 0.2
  done
  SERVER_URL="http://127.0.0.1:$port"
}

stop() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

log "the previous release writes a family"
serve "$ROOT/target/upgrade-previous/debug/local" previous
python3 infra/upgrade/family.py write "$SERVER_URL" "$SETUP_TOKEN" "$state"
stop

log "this checkout migrates the database and reads the family back"
serve "$ROOT/target/debug/local" current
python3 infra/upgrade/family.py check "$SERVER_URL" "$state"
stop
log "upgrade from $(git log -1 --format=%h "$rev") checked"
