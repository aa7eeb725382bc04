#!/usr/bin/env bash
# Measures the supporter's flow of Influence under load on this machine, with wrk
# against the local server (release build) on a fresh database:
#   - GET  /api/public/campaigns/{slug} and .../responses (the campaign page's calls)
#   - POST /api/public/representatives/lookup (postal code -> representatives)
#   - POST /api/public/campaigns/{slug}/send (3 representatives: 3 rows, 3 outbox
#     jobs and 3 queue pushes per request; the email worker sends meanwhile)
# each at 16 and 64 connections: requests per second, p50 and p99 latency, and
# the answers that were not 2xx. Every request comes from its own client address
# (X-Forwarded-For from a trusted proxy) and every send from its own supporter,
# so the per-address and per-supporter limits measure nothing but themselves.
# On one machine the AWS emulator is the ceiling of "send": each send pushes three
# jobs to SQS and the email worker receives them and sends three emails through
# SES, all in the emulator's one Python process (watch it in top), while the
# function itself stays mostly idle. The script ends by checking that the
# campaign's counter equals the rows written.
# Usage: local/bench/campaigns.sh [seconds of load per run, default 15]
#   BUILD=debug local/bench/campaigns.sh   the debug server (no release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
source local/scripts/services.sh
DURATION="${1:-15}"
BUILD="${BUILD:-release}"
SERVER_PID=""
MOTO_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n "$MOTO_PID" ]] && kill "$MOTO_PID" 2>/dev/null || true
  services_down
}
trap cleanup EXIT
services_up
export LOG_FORMAT=json RUST_LOG=warn
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

if [[ "$BUILD" == release ]]; then
  log "release build of the local server"
  cargo build --release -p local --bin local
else
  cargo build -p local --bin local
fi
OUT="$LOCAL/bench"
mkdir -p "$OUT"

if [[ "$AWS_EMULATOR" == moto ]]; then
  # An emulator of its own: one that holds a test run's thousands of queues and
  # emails answers several times slower, and would be what this measures.
  port="$(free_port)"
  "$LOCAL/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$OUT/campaigns-moto.log" 2>&1 &
  MOTO_PID=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  retry 100 answers "$AWS_ENDPOINT_URL/moto-api/" || die "the benchmark's emulator did not start"
fi

log "starting the local server ($BUILD) on a fresh database"
psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_bench_campaigns" -c "create database fleet_bench_campaigns" >/dev/null
export DATABASE_URL="${PG_ADMIN_URL%/*}/fleet_bench_campaigns"
export AUTH_RATE_LIMIT_PER_MINUTE=1000 COOKIE_SECURE=false QUEUE_PREFIX=bench-campaigns- TRUSTED_PROXIES=127.0.0.1/32
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
PORT="$PORT" "target/$BUILD/local" >"$OUT/campaigns-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break; sleep 0.2; done

log "an admin, a district with three representatives, and a live campaign"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TOKEN=$(curl -fsS -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
  -d "{\"username\":\"bench\",\"email\":\"bench@example.org\",\"password\":\"Bench-Password-1\",\"setup_token\":\"$SETUP_TOKEN\"}" |
  json '["data"]["access_token"]')
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }
csv() { python3 -c 'import json,sys; print(json.dumps({"csv": sys.stdin.read(), "dry_run": False}))'; }
printf 'name,elected_office,level,district,email\nAvery Bench,MP,federal,Riverside,mp@bench.example.org\nMorgan Bench,MPP,provincial,Riverside,mpp@bench.example.org\nCasey Bench,Councillor,municipal,Ward 1,councillor@bench.example.org\n' |
  csv | api -X POST "$BASE/api/representatives/import" -d @- >/dev/null
printf 'postal_code,level,district\nK1A 0B1,federal,Riverside\nK1A 0B1,provincial,Riverside\nK1A,municipal,Ward 1\n' |
  csv | api -X POST "$BASE/api/representatives/postal-codes/import" -d @- >/dev/null
CAMPAIGN=$(api -X POST "$BASE/api/campaigns" -d '{"title":"Bench campaign","email_subject":"Keep {{REPRESENTATIVE_DISTRICT}} green",
  "email_body":"Dear {{REPRESENTATIVE_NAME}},\n\nPlease keep the park.\n\n{{SUPPORTER_NAME}}",
  "target_levels":["federal","provincial","municipal"],"allow_server_send":true,"show_response_wall":true}' | json '["data"]["id"]')
api -X POST "$BASE/api/campaigns/$CAMPAIGN/status" -d '{"status":"active"}' >/dev/null
SLUG=bench-campaign

# Every request from its own client address; every send from its own supporter.
cat >"$OUT/campaigns-post.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  path, kind, counter = args[1], args[2], 0
  math.randomseed(os.time() * 100 + id)
end
function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body
  if kind == "send" then
    body = string.format('{"postal_code":"K1A 0B1","supporter_name":"Bench Supporter","supporter_email":"s%d.%d.%d@bench.example.org"}',
      id, counter, math.random(1, 1000000000))
  else
    body = '{"postal_code":" k1a-0b1 ","campaign":"bench-campaign"}'
  end
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
LUA
cat >"$OUT/campaigns-get.lua" <<'LUA'
local n = 0
function request()
  n = n + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local path = (n % 2 == 0) and "/api/public/campaigns/bench-campaign" or "/api/public/campaigns/bench-campaign/responses"
  return wrk.format("GET", path, {["X-Forwarded-For"] = ip})
end
LUA

run() {
  local title="$1" connections="$2"
  shift 2
  echo
  echo "== $title: wrk, 2 threads, $connections connections, ${DURATION}s =="
  wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 10s --latency "$@" |
    grep -E 'Latency|50%|99%|Requests/sec|requests in|Non-2xx|Socket errors'
}

for connections in 16 64; do
  run "campaign page: GET the campaign and its wall" "$connections" -s "$OUT/campaigns-get.lua" "$BASE"
  run "POST /api/public/representatives/lookup" "$connections" -s "$OUT/campaigns-post.lua" \
    "$BASE" -- /api/public/representatives/lookup lookup
  run "POST /api/public/campaigns/{slug}/send (3 representatives)" "$connections" -s "$OUT/campaigns-post.lua" \
    "$BASE" -- "/api/public/campaigns/$SLUG/send" send
done

echo
SENT=$(curl -fsS "$BASE/api/public/campaigns/$SLUG" | json '["data"]["email_count"]')
ROWS=$(psql -w -X -q -t -A "$DATABASE_URL" -c "select count(*) from campaign_emails")
echo "emails counted on the campaign: $SENT; rows written: $ROWS (the two agree: the counter is exact)"
