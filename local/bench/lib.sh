#!/usr/bin/env bash
# The preamble the benchmarks share. Source it from the repo root with BENCH set
# to the benchmark's short name; then `bench_up` starts the local dependencies,
# builds the local server (BUILD=release by default, or debug), starts it on a
# fresh database `fleet_bench_$BENCH` (DATABASE_URL points at it), registers the
# first account (SUPER_ADMIN, its access token in TOKEN), and leaves:
#   BASE   the server's base URL        OUT   where results and logs go
#   api    curl with the session and JSON headers: api -X POST "$BASE/..." -d ...
#   json   reads a field of the JSON on stdin: ... | json '["data"]["id"]'
# The server and the services this started stop when the script exits.
source local/scripts/services.sh
BUILD="${BUILD:-release}"
SERVER_PID=""
OUT="$LOCAL/bench"

bench_cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  services_down
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }

bench_up() {
  trap bench_cleanup EXIT
  services_up
  export LOG_FORMAT=json RUST_LOG=warn
  if [[ "$BUILD" == release ]]; then
    log "release build of the local server"
    cargo build --release -p local --bin local
  else
    cargo build -p local --bin local
  fi
  mkdir -p "$OUT"
  log "starting the local server ($BUILD) on a fresh database"
  psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_bench_$BENCH" \
    -c "create database fleet_bench_$BENCH" >/dev/null
  export DATABASE_URL="${PG_ADMIN_URL%/*}/fleet_bench_$BENCH"
  export AUTH_RATE_LIMIT_PER_MINUTE=1000 COOKIE_SECURE=false QUEUE_PREFIX="bench-$BENCH-"
  local port
  port="$(free_port)"
  BASE="http://127.0.0.1:$port"
  PORT="$port" "target/$BUILD/local" >"$OUT/$BENCH-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
  TOKEN=$(curl -fsS -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
    -d "{\"username\":\"bench\",\"email\":\"bench@example.org\",\"password\":\"Bench-Password-1\",\"setup_token\":\"$SETUP_TOKEN\"}" |
    json '["data"]["access_token"]')
}
