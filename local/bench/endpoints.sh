#!/usr/bin/env bash
# The side-by-side benchmark: each endpoint under wrk, and PostgreSQL alone
# running the same endpoint's statements under pgbench, in one run.
#
# Seeds one family with 20 children, 200 measurements (every 9 days) and 100
# visits (a quarter of them sick visits naming two illnesses) on the first child;
# loads the children list, 100 of the 200 measurements, one visit, POST a
# measurement, login, refresh and the export start at 16 and 64 connections;
# and reports req/s, p50/p90/p99, app and PostgreSQL CPU, the app's RSS, and our
# req/s as a share of pgbench's (local/bench/endpoints.py).
#
# Usage: local/bench/endpoints.sh [seconds per run, default 15] [connections, default 16,64]
# ONLY="one visit,login" runs only those endpoints. PERF=1 adds a profiled run of
# each endpoint after its measured one and reports the server's five hottest
# frames (perf, from Debian's linux-perf); the release build then keeps its
# symbols, which is a separate build of the whole tree.
# The report goes to stdout and .local/bench/endpoints/ (results.json, scripts).
set -euo pipefail
cd "$(dirname "$0")/../.."
source local/scripts/services.sh
SECONDS_PER_RUN="${1:-15}"
CONNECTIONS="${2:-16,64}"
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; services_down; }
trap cleanup EXIT
services_up
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v pgbench >/dev/null || die "pgbench is missing: install Debian's postgresql-client"

log "release build of the local server"
PERF_ARGS=()
if [[ "${PERF:-}" == 1 ]]; then
  command -v perf >/dev/null || die "perf is missing: install Debian's linux-perf"
  export CARGO_PROFILE_RELEASE_STRIP=false
  PERF_ARGS=(--perf)
fi
cargo build --release -p local --bin local
OUT="$LOCAL/bench/endpoints"
mkdir -p "$OUT"

psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_bench" -c "create database fleet_bench" >/dev/null
export DATABASE_URL="${PG_ADMIN_URL%/*}/fleet_bench"
# Production's logging (JSON at info); no per-IP limit, which would only measure 429s.
export LOG_FORMAT=json RUST_LOG=info AUTH_RATE_LIMIT_PER_MINUTE=100000000 COOKIE_SECURE=false \
  QUEUE_PREFIX=bench- DB_POOL_MAX_SIZE="${DB_POOL_MAX_SIZE:-16}"
PORT="$(free_port)"
export PORT

start() {
  [[ -n "$SERVER_PID" ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  target/release/local >>"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "$SERVER_PID" >"$OUT/server.pid"
}
start

log "seeding the data set"
# A session per connection of every refresh run (twice with PERF), and one to
# read the endpoint's statements with.
SESSIONS=1
IFS=, read -ra RUNS <<<"$CONNECTIONS"
for connections in "${RUNS[@]}"; do
  SESSIONS=$((SESSIONS + connections * (${#PERF_ARGS[@]} + 1)))
done
eval "$(python3 local/bench/seed.py "http://127.0.0.1:$PORT" --setup-token "$SETUP_TOKEN" --sessions "$SESSIONS")"
export TOKEN FAMILY CHILD OTHER_CHILD VISIT REFRESH_TOKENS

# The driver restarts the server (fresh connections after switching statement
# logging) through this script, which answers the new pid.
cat >"$OUT/restart.sh" <<RESTART
#!/usr/bin/env bash
kill \$(cat "$OUT/server.pid") 2>/dev/null || true
sleep 0.5
target/release/local >>"$OUT/server.log" 2>&1 &
echo \$! >"$OUT/server.pid"
for _ in \$(seq 1 150); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
cat "$OUT/server.pid"
RESTART
chmod +x "$OUT/restart.sh"

log "loading each endpoint for ${SECONDS_PER_RUN}s at $CONNECTIONS connections, then pgbench on its statements"
python3 local/bench/endpoints.py --base "http://127.0.0.1:$PORT" --database-url "$DATABASE_URL" \
  --admin-url "$PG_ADMIN_URL" --database fleet_bench --pg-log "$PG_DIR/server.log" \
  --postmaster-pid "$(head -1 "$PG_DIR/data/postmaster.pid")" --server-pid "$SERVER_PID" \
  --restart "$OUT/restart.sh" --seconds "$SECONDS_PER_RUN" --connections "$CONNECTIONS" --out "$OUT" \
  --only "${ONLY:-}" "${PERF_ARGS[@]}"
SERVER_PID="$(cat "$OUT/server.pid")"
