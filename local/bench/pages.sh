#!/usr/bin/env bash
# Load on the public side of landing pages, on this machine: the API call a
# visitor's browser makes for /p/{slug} (GET /api/public/pages/{slug}, a page of
# eight blocks, one of each kind), under wrk at 16 and 64 connections, and for
# comparison the editors' GET /api/pages/{id} of the same page at 16.
# Prints requests per second and the p50/p90/p99 latency of each run. A script,
# not a timed test: the figures belong in notes, not in assertions.
# Usage: local/bench/pages.sh [seconds of load per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
source local/scripts/services.sh
DURATION="${1:-15}"
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; services_down; }
trap cleanup EXIT
services_up
export LOG_FORMAT=json RUST_LOG=warn
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

log "release build of the local server"
cargo build --release -p local
OUT="$LOCAL/bench"
mkdir -p "$OUT"

log "starting the local server (release) on a fresh database"
psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_bench_pages" -c "create database fleet_bench_pages" >/dev/null
export DATABASE_URL="${PG_ADMIN_URL%/*}/fleet_bench_pages"
export AUTH_RATE_LIMIT_PER_MINUTE=1000 COOKIE_SECURE=false QUEUE_PREFIX=bench-pages-
PORT="$(free_port)"
PORT="$PORT" target/release/local >"$OUT/pages-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done

log "the site's administrator and a published page of every kind of block"
TOKEN=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/register" -H 'content-type: application/json' \
  -d "{\"username\":\"bench\",\"email\":\"bench@example.org\",\"password\":\"Bench-Password-1\",\"setup_token\":\"$SETUP_TOKEN\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')
read -r PAGE SLUG < <(curl -fsS -X POST "http://127.0.0.1:$PORT/api/pages" -H "Authorization: Bearer $TOKEN" \
  -H 'content-type: application/json' -d @- <<'JSON' | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["id"], d["slug"])'
{"title": "Save Riverside Park", "status": "published",
 "seo": {"title": "Save Riverside Park", "description": "The city votes in June: write to council."},
 "blocks": [
  {"type": "hero", "title": "Save Riverside Park", "subtitle": "The city votes in June.", "button_label": "Act now", "button_url": "/p/act"},
  {"type": "text", "heading": "Why", "html": "<p>The park is <strong>ours</strong>: 300 trees, a pond and the only playground for a kilometre.</p><ul><li>Shade</li><li>Play</li></ul>"},
  {"type": "features", "heading": "What we ask", "items": [{"title": "Keep the trees", "body": "All 300."}, {"title": "Keep the pond"}, {"title": "Keep the playground"}]},
  {"type": "call_to_action", "heading": "Write to council", "body": "It takes a minute.", "button_label": "Write now", "button_url": "https://example.org/write"},
  {"type": "testimonials", "items": [{"quote": "I walk here every day.", "author": "Ada", "role": "Neighbour"}, {"quote": "My kids learned to ride here.", "author": "Bo"}]},
  {"type": "contact_form", "heading": "Questions?", "recipient_email": "team@example.org"},
  {"type": "video", "title": "The park", "url": "https://www.youtube.com/watch?v=abc123"},
  {"type": "campaign_embed", "campaign_slug": "save-riverside-park"}
 ]}
JSON
)

run() {
  local label="$1" connections="$2" url="$3"
  shift 3
  echo
  echo "== $label: wrk, 2 threads, $connections connections, ${DURATION}s =="
  wrk -t2 -c"$connections" -d"${DURATION}s" --latency "$@" "$url" |
    grep -E 'Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx'
}

PUBLIC="http://127.0.0.1:$PORT/api/public/pages/$SLUG"
curl -fsS "$PUBLIC" >/dev/null
run "GET /api/public/pages/{slug} (anyone)" 16 "$PUBLIC"
run "GET /api/public/pages/{slug} (anyone)" 64 "$PUBLIC"
run "GET /api/pages/{id} (editor)" 16 "http://127.0.0.1:$PORT/api/pages/$PAGE" -H "Authorization: Bearer $TOKEN"
