#!/usr/bin/env bash
# Measures what the platform promises, on this machine:
#   - release binary size of every function, and of its Lambda zip (bootstrap)
#   - cold start of one function binary (process start -> ready for its first event,
#     with the database pool's first connection open; and -> first response)
#   - cold start of the health function, answering a 200-row measurement list
#   - warm latency (p50/p99) and throughput under wrk on the local server of
#     GET /api/me, GET and POST /api/children/{id}/measurements (200 rows with WHO scores)
# Usage: local/bench.sh [seconds of load, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
source local/scripts/services.sh
DURATION="${1:-15}"
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; services_down; }
trap cleanup EXIT
services_up
export LOG_FORMAT=json RUST_LOG=warn
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

log "release build"
cargo build --release --workspace --bins
OUT="$LOCAL/bench"
mkdir -p "$OUT"

echo
echo "== binary sizes (x86_64 release, stripped) =="
printf '%-14s %10s %10s\n' function binary zip
for dir in functions/*/; do
  name="$(basename "$dir")"
  bin="target/release/$name"
  python3 - "$bin" "$OUT/$name.zip" <<'PY'
import os, sys, zipfile
binary, archive = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo("bootstrap")
    info.external_attr = 0o755 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with open(binary, "rb") as f:
        z.writestr(info, f.read())
print(f"{os.path.basename(binary):<14} {os.path.getsize(binary)/1e6:8.2f}MB {os.path.getsize(archive)/1e6:8.2f}MB")
PY
done

log "starting the local server (release) on a fresh database"
psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_bench" -c "create database fleet_bench" >/dev/null
export DATABASE_URL="${PG_ADMIN_URL%/*}/fleet_bench"
export AUTH_RATE_LIMIT_PER_MINUTE=1000 COOKIE_SECURE=false QUEUE_PREFIX=bench-
PORT="$(free_port)"
PORT="$PORT" target/release/local >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
TOKEN=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/register" -H 'content-type: application/json' \
  -d "{\"username\":\"bench\",\"email\":\"bench@example.org\",\"password\":\"Bench-Password-1\",\"setup_token\":\"$SETUP_TOKEN\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')

echo
echo "== cold start =="
# GET /api/me sends nothing; the queue URL only has to be well-formed.
export EMAIL_QUEUE_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}/123456789012/bench-email-jobs"
export EXPORT_QUEUE_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}/123456789012/bench-export-jobs"
export GEOCODE_QUEUE_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}/123456789012/bench-geocode-jobs"
export VIDEO_QUEUE_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}/123456789012/bench-video-jobs"
python3 - "$TOKEN" "$OUT/event.json" <<'PY'
import json, sys
token, path = sys.argv[1], sys.argv[2]
with open("tests/fixtures/apigw-v2-get.json") as f:
    event = json.load(f)
event["rawPath"] = event["requestContext"]["http"]["path"] = "/api/me"
event["routeKey"] = event["requestContext"]["routeKey"] = "GET /api/me"
event["headers"]["authorization"] = f"Bearer {token}"
with open(path, "w") as f:
    json.dump(event, f)
PY
python3 local/bench/cold_start.py target/release/users --event "$OUT/event.json" --runs 15

log "a family with a child and 200 measurements"
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }
FAMILY=$(api -X POST "http://127.0.0.1:$PORT/api/families" -d '{"name":"Bench family"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
CHILD=$(api -X POST "http://127.0.0.1:$PORT/api/children" \
  -d "{\"family_id\":\"$FAMILY\",\"name\":\"Bench\",\"date_of_birth\":\"2020-01-01\",\"sex\":\"female\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
python3 - "$PORT" "$TOKEN" "$CHILD" <<'PY'
import datetime, json, sys, urllib.request
port, token, child = sys.argv[1:4]
start = datetime.date(2020, 1, 2)
for i in range(200):
    day = start + datetime.timedelta(days=9 * i)
    body = json.dumps({"measured_on": day.isoformat(), "weight_kg": round(3.5 + i * 0.07, 2),
                       "height_cm": round(50 + i * 0.3, 1)}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/children/{child}/measurements", data=body,
        method="POST", headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
PY

echo
echo "== cold start of the health function =="
python3 - "$TOKEN" "$CHILD" "$OUT/health-event.json" <<'PY'
import json, sys
token, child, path = sys.argv[1:4]
with open("tests/fixtures/apigw-v2-get.json") as f:
    event = json.load(f)
event["rawPath"] = event["requestContext"]["http"]["path"] = f"/api/children/{child}/measurements"
event["routeKey"] = event["requestContext"]["routeKey"] = "ANY /api/children/{id}/measurements"
event["headers"]["authorization"] = f"Bearer {token}"
with open(path, "w") as f:
    json.dump(event, f)
PY
python3 local/bench/cold_start.py target/release/health --event "$OUT/health-event.json" --runs 15

echo
echo "== warm GET /api/children/{id}/measurements (200 rows, each with WHO scores): wrk, 2 threads, 16 connections, ${DURATION}s =="
wrk -t2 -c16 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/api/children/$CHILD/measurements?limit=200" |
  grep -E 'Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx'

echo
echo "== warm POST /api/children/{id}/measurements: wrk, 2 threads, 16 connections, ${DURATION}s =="
cat >"$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"measured_on":"2024-06-01","weight_kg":16.2,"height_cm":101.5,"head_circumference_cm":49.8}'
LUA
wrk -t2 -c16 -d"${DURATION}s" --latency -s "$OUT/post.lua" "http://127.0.0.1:$PORT/api/children/$CHILD/measurements" |
  grep -E 'Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx'

echo
echo "== warm GET /api/me on the local server: wrk, 2 threads, 16 connections, ${DURATION}s =="
wrk -t2 -c16 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/me" |
  grep -E 'Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx'
