#!/usr/bin/env bash
# Measures the public gallery on this machine, against the local server on a
# fresh database (local/bench/lib.sh), with VIDEOS published videos (200 by
# default; seeded straight into the database, as the video worker leaves them):
#   - GET /api/gallery/videos?limit=20           the gallery's first page
#   - POST /api/gallery/videos/{id}/plays         a play, spread over every video
#     (one viewer: the first play of each video is counted, the others find the
#     view of the last hour, the path a repeated play takes)
#   - POST /api/gallery/views/{id}/progress       a batch of three watched
#     segments, spread over the views
# each with wrk at CONNECTIONS connections (16) for DURATION seconds (15):
# requests per second, p50 and p99. The counts of views and watched seconds are
# read back at the end, so a run that lost events shows it.
# Usage: local/bench/gallery.sh [seconds per run, default 15]
#   BUILD=debug local/bench/gallery.sh   the debug server (no release build)
#   VIDEOS=1000 CONNECTIONS=64 local/bench/gallery.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=gallery
source local/bench/lib.sh
DURATION="${1:-15}"
VIDEOS="${VIDEOS:-200}"
CONNECTIONS="${CONNECTIONS:-16}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
bench_up

log "seeding $VIDEOS published videos"
psql -w -X -q "$DATABASE_URL" <<SQL >/dev/null
insert into videos (title, description, tags, category, status, original_filename, object_key,
                    size_bytes, container, duration_seconds, width, height, orientation, quality,
                    video_codec, audio_codec, has_audio, processed_at, published_at)
select 'Bench video ' || g, 'A video of the bench', array['bench', 'tag' || (g % 10)], 'news', 'ready',
       'bench-' || g || '.mp4', 'videos/bench-' || g || '.mp4', 10000000, 'mp4', 120, 1280, 720,
       'landscape', '720p', 'h264', 'aac', true, now() - interval '1 day',
       now() - (g || ' minutes')::interval
from generate_series(1, $VIDEOS) g;
analyze videos;
SQL
psql -w -X -q -t -A "$DATABASE_URL" -c "select id from videos" >"$OUT/gallery-videos.txt"

# One view per video for the progress batches.
: >"$OUT/gallery-views.txt"
while read -r video; do
  curl -fsS -X POST "$BASE/api/gallery/videos/$video/plays" | json '["data"]["view_id"]' >>"$OUT/gallery-views.txt"
done <"$OUT/gallery-videos.txt"

# wrk scripts that walk through the ids, one request each.
lua_over() { # file of ids, path before the id, path after it, body
  cat <<LUA
local ids = {}
for line in io.lines("$1") do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n % #ids + 1
  return wrk.format("POST", "$2" .. ids[n] .. "$3", {["Content-Type"] = "application/json"}, '$4')
end
LUA
}
lua_over "$OUT/gallery-videos.txt" /api/gallery/videos/ /plays '' >"$OUT/gallery-plays.lua"
lua_over "$OUT/gallery-views.txt" /api/gallery/views/ /progress \
  '{"segments":[{"from":0,"to":10},{"from":10,"to":20},{"from":20,"to":30}]}' >"$OUT/gallery-progress.lua"

run() { # title, then wrk's arguments
  echo
  echo "== $1: wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s =="
  shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$@" |
    grep -E ' 50%| 99%|Requests/sec|requests in|Non-2xx|Socket errors'
}
run "GET /api/gallery/videos?limit=20" "$BASE/api/gallery/videos?limit=20"
run "POST /api/gallery/videos/{id}/plays" -s "$OUT/gallery-plays.lua" "$BASE"
run "POST /api/gallery/views/{id}/progress (3 segments)" -s "$OUT/gallery-progress.lua" "$BASE"
echo
psql -w -X -q -t -A "$DATABASE_URL" -c \
  "select count(*) || ' views counted, ' || round(coalesce(sum(watched_seconds), 0)) || ' s watched in all' from video_views"
