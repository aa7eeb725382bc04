#!/usr/bin/env bash
# Measures canvassing on this machine, against the local server on a fresh
# database (local/bench/lib.sh):
#   - POST /api/canvass/sync with 500 visits recorded offline in one batch, into
#     a cut of HOUSEHOLDS households (3,000 by default): RUNS batches (20 by
#     default) one after another, each with fresh visit ids and its own stretch
#     of knock times (24 a minute, inside the per-minute limit), so every visit
#     is recorded and each household's latest visit is compared. Prints p50 and
#     p99 latency per batch and visits recorded per second.
#   - GET /api/canvass/sessions/{id}/households?lat=&lng= for a cut of 2,000
#     households (the walking order computed per request): wrk, 1 thread,
#     2 connections, DURATION seconds; p50 and p99 latency.
# Usage: local/bench/canvass.sh [seconds of load for the households, default 15]
#   BUILD=debug local/bench/canvass.sh   the debug server (no release build)
#   RUNS=50 HOUSEHOLDS=5000 local/bench/canvass.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=canvass
source local/bench/lib.sh
DURATION="${1:-15}"
RUNS="${RUNS:-20}"
HOUSEHOLDS="${HOUSEHOLDS:-3000}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
bench_up

log "seeding $HOUSEHOLDS households in the sync cut and 2,000 in the walk cut"
psql -w -X -q "$DATABASE_URL" <<SQL >/dev/null
insert into locations (address, unit, support_level, point, geocode_status, geocode_provider)
select g || ' Sync Street', '', case when g % 5 = 0 then null else g % 4 + 1 end,
       ST_SetSRID(ST_MakePoint(-75.75 + random() * 0.03, 45.38 + random() * 0.02), 4326),
       'manual', 'manual'
from generate_series(1, $HOUSEHOLDS) g;
insert into locations (address, unit, point, geocode_status, geocode_provider)
select g || ' Walk Street', '', ST_SetSRID(ST_MakePoint(-75.70 + random() * 0.02, 45.38 + random() * 0.02), 4326),
       'manual', 'manual'
from generate_series(1, 2000) g;
analyze locations;
SQL
SYNC_CUT=$(api -X POST "$BASE/api/cuts" -d '{"name":"Sync","geometry":{"type":"Polygon","coordinates":[[[-75.751,45.379],[-75.719,45.379],[-75.719,45.401],[-75.751,45.401],[-75.751,45.379]]]}}' | json '["data"]["id"]')
WALK_CUT=$(api -X POST "$BASE/api/cuts" -d '{"name":"Walk","geometry":{"type":"Polygon","coordinates":[[[-75.701,45.379],[-75.679,45.379],[-75.679,45.401],[-75.701,45.401],[-75.701,45.379]]]}}' | json '["data"]["id"]')

# The session started two days ago, so the batches' knock times (spread over
# the hours since) are all within it.
SESSION=$(api -X POST "$BASE/api/canvass/sessions" -d "{\"cut_id\":\"$SYNC_CUT\"}" | json '["data"]["id"]')
psql -w -X -q "$DATABASE_URL" -c "update canvass_sessions set started_at = now() - interval '2 days' where id = '$SESSION'" >/dev/null
psql -w -X -q -t -A "$DATABASE_URL" -c "select l.id from cuts c join locations l on ST_Covers(c.geom, l.point) where c.id = '$SYNC_CUT'" >"$OUT/canvass-locations.txt"
log "$(wc -l <"$OUT/canvass-locations.txt") households in the sync cut; writing $RUNS batches of 500 visits"
python3 - "$OUT" "$SESSION" "$RUNS" <<'PY'
import json, random, sys, uuid
from datetime import datetime, timedelta, timezone
out, session, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
locations = open(f"{out}/canvass-locations.txt").read().split()
outcomes = ["not_home", "refused", "moved", "already_voted", "spoke_with", "left_literature", "come_back_later"]
start = datetime.now(timezone.utc) - timedelta(days=2) + timedelta(minutes=1)
random.seed(1)
for r in range(runs):
    visits = []
    for i in range(500):
        outcome = random.choice(outcomes)
        visit = {"id": str(uuid.uuid4()), "session_id": session, "location_id": random.choice(locations),
                 "outcome": outcome,
                 "visited_at": (start + timedelta(seconds=2.5 * (r * 500 + i))).isoformat()}
        if outcome == "spoke_with":
            visit["support_level"] = random.randint(1, 4)
            visit["sign_requested"] = random.random() < 0.2
        visits.append(visit)
    json.dump({"visits": visits}, open(f"{out}/canvass-batch-{r}.json", "w"))
PY

echo
echo "== POST /api/canvass/sync: $RUNS batches of 500 visits, one after another =="
: >"$OUT/canvass-sync-times.txt"
for r in $(seq 0 $((RUNS - 1))); do
  curl -fsS -o "$OUT/canvass-sync-answer.json" -w '%{time_total}\n' -X POST "$BASE/api/canvass/sync" \
    -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    --data-binary "@$OUT/canvass-batch-$r.json" >>"$OUT/canvass-sync-times.txt"
  python3 -c "
import json, sys
results = json.load(open('$OUT/canvass-sync-answer.json'))['data']['results']
bad = [r for r in results if r['status'] != 'recorded']
sys.exit(f'batch $r: {len(bad)} not recorded, e.g. {bad[:1]}' if bad else 0)"
done
python3 - "$OUT/canvass-sync-times.txt" <<'PY'
import statistics, sys
times = sorted(float(t) for t in open(sys.argv[1]).read().split())
def pct(p):
    k = (len(times) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(times) - 1)
    return times[lo] + (times[hi] - times[lo]) * (k - lo)
print(f"batches: {len(times)}   p50: {pct(50) * 1000:.0f} ms   p99: {pct(99) * 1000:.0f} ms   "
      f"min: {times[0] * 1000:.0f} ms   max: {times[-1] * 1000:.0f} ms")
print(f"visits/s: {500 / pct(50):,.0f} at p50; {500 * len(times) / sum(times):,.0f} over all batches")
PY
psql -w -X -q -t -A "$DATABASE_URL" -c "select count(*) || ' visits stored, ' || count(distinct location_id) || ' households visited' from canvass_visits"

api -X POST "$BASE/api/canvass/sessions/$SESSION/complete" >/dev/null
WALK=$(api -X POST "$BASE/api/canvass/sessions" -d "{\"cut_id\":\"$WALK_CUT\"}" | json '["data"]["id"]')
URL="$BASE/api/canvass/sessions/$WALK/households?lat=45.39&lng=-75.69"
echo
echo "== GET /api/canvass/sessions/{id}/households (2,000 households in walking order): wrk, 1 thread, 2 connections, ${DURATION}s =="
api "$URL" | python3 -c "import json,sys; d=json.load(sys.stdin)['data']; print(f'{len(d)} households, the first {d[0][\"distance_m\"]:.0f} m away')"
wrk -t1 -c2 -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer $TOKEN" "$URL" |
  tee "$OUT/canvass-wrk.txt" | grep -E ' 50%| 99%|Requests/sec|requests in|Non-2xx|Socket errors'
