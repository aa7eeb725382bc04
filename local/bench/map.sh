#!/usr/bin/env bash
# Measures the map's spatial reads on this machine: 50,000 households (seeded
# straight into the database, in a 10 km square) and two cuts, one holding about
# a tenth of them and one holding them all. With wrk against the local server
# on a fresh database, for each cut:
#   - GET /api/cuts/{id}/locations?limit=200  (a page of the households inside,
#     found through the GiST index with ST_Covers, contacts decrypted)
#   - GET /api/cuts/{id}/stats                (addresses, visited, coverage,
#     support distribution over every household inside)
# at 16 connections: requests per second, p50 and p99 latency, and rows per
# second (households inside the cut counted per second by the stats).
# Usage: local/bench/map.sh [seconds of load per run, default 15]
#   BUILD=debug local/bench/map.sh   the debug server (no release build)
#   LOCATIONS=100000 local/bench/map.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=map
source local/bench/lib.sh
DURATION="${1:-15}"
LOCATIONS="${LOCATIONS:-50000}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
bench_up

log "seeding $LOCATIONS households (a quarter visited, support levels spread)"
psql -w -X -q "$DATABASE_URL" <<SQL >/dev/null
insert into locations (address, unit, support_level, lawn_sign, point, geocode_status,
                       geocode_provider, geocode_confidence, last_visited_at)
select g || ' Benchmark Street', '', case when g % 5 = 0 then null else g % 4 + 1 end, g % 17 = 0,
       ST_SetSRID(ST_MakePoint(-75.75 + random() * 0.127, 45.38 + random() * 0.09), 4326),
       'manual', 'manual', 1, case when g % 4 = 0 then now() end
from generate_series(1, $LOCATIONS) g;
analyze locations;
SQL

SMALL=$(api -X POST "$BASE/api/cuts" -d '{"name":"A tenth","geometry":{"type":"Polygon","coordinates":[[[-75.75,45.38],[-75.7098,45.38],[-75.7098,45.4085],[-75.75,45.4085],[-75.75,45.38]]]}}' | json '["data"]["id"]')
ALL=$(api -X POST "$BASE/api/cuts" -d '{"name":"Everything","category":"district","geometry":{"type":"Polygon","coordinates":[[[-75.76,45.37],[-75.6,45.37],[-75.6,45.48],[-75.76,45.48],[-75.76,45.37]]]}}' | json '["data"]["id"]')

run() {
  local title="$1" rows="$2" url="$3"
  echo
  echo "== $title: wrk, 2 threads, 16 connections, ${DURATION}s =="
  wrk -t2 -c16 -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer $TOKEN" "$url" |
    tee "$OUT/map-wrk.txt" | grep -E ' 50%| 99%|Requests/sec|requests in|Non-2xx|Socket errors'
  local rps
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/map-wrk.txt")
  python3 -c "print(f'rows/s: {float(\"$rps\") * $rows:,.0f} ($rows rows per request)')"
}

for cut in "$SMALL" "$ALL"; do
  STATS=$(api "$BASE/api/cuts/$cut/stats")
  INSIDE=$(echo "$STATS" | json '["data"]["addresses"]')
  NAME=$(api "$BASE/api/cuts/$cut" | json '["data"]["name"]')
  echo
  echo "### cut \"$NAME\": $INSIDE of $LOCATIONS households inside; stats: $STATS"
  PAGE=$(( INSIDE < 200 ? INSIDE : 200 ))
  run "GET /api/cuts/{id}/locations?limit=200 ($NAME)" "$PAGE" "$BASE/api/cuts/$cut/locations?limit=200"
  run "GET /api/cuts/{id}/stats ($NAME)" "$INSIDE" "$BASE/api/cuts/$cut/stats"
done
