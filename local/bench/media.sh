#!/usr/bin/env bash
# Measures a large video upload the way the browser makes it, on this machine:
# the media function hands out a multipart ticket, the parts go straight to the
# AWS emulator's presigned URLs (several at once), the function completes the
# upload, and the video worker probes it, takes its thumbnail and hashes it.
# Prints the upload's throughput (MB/s), the local server's peak memory during
# the upload (it never holds the bytes, so it should not grow with the file),
# the completion's time, and the worker's time for the file.
# The file is a real 10-second 720p clip (moov first) padded with random bytes
# to SIZE_MB, so ffprobe reads a real header and SHA-256 reads every byte.
# Usage: local/bench/media.sh
#   SIZE_MB=1024 (default)   CONCURRENCY=4 (parts in flight)   BUILD=debug|release
#   CLIP_SECONDS=10 (the real video at the file's start; 60 gives the worker's time
#   per minute of video: SIZE_MB=64 CLIP_SECONDS=60 local/bench/media.sh)
#   SKIP_BUILD=1 (use the server already built)
set -euo pipefail
cd "$(dirname "$0")/../.."
source local/scripts/services.sh
SIZE_MB="${SIZE_MB:-1024}"
CONCURRENCY="${CONCURRENCY:-4}"
CLIP_SECONDS="${CLIP_SECONDS:-10}"
BUILD="${BUILD:-debug}"
SERVER_PID=""
MOTO_PID=""
OUT="$LOCAL/bench"
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n "$MOTO_PID" ]] && kill "$MOTO_PID" 2>/dev/null || true
  rm -f "$OUT/media-upload.bin"
  services_down
}
trap cleanup EXIT
services_up
export LOG_FORMAT=json RUST_LOG=warn
if [[ -n "${SKIP_BUILD:-}" ]]; then
  log "using the built target/$BUILD/local"
elif [[ "$BUILD" == release ]]; then
  cargo build --release -p local --bin local
else
  cargo build -p local --bin local
fi
mkdir -p "$OUT"

if [[ "$AWS_EMULATOR" == moto ]]; then
  # An emulator of its own, holding nothing but this upload.
  port="$(free_port)"
  "$LOCAL/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$OUT/media-moto.log" 2>&1 &
  MOTO_PID=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  retry 100 answers "$AWS_ENDPOINT_URL/moto-api/" || die "the benchmark's emulator did not start"
fi

log "a ${SIZE_MB} MiB video file"
ffmpeg -v error -y -f lavfi -i testsrc=size=1280x720:rate=25:duration=$CLIP_SECONDS -c:v libx264 -pix_fmt yuv420p \
  -movflags +faststart -f mp4 "$OUT/media-upload.bin"
clip=$(stat -c %s "$OUT/media-upload.bin")
head -c $((SIZE_MB * 1024 * 1024 - clip)) /dev/urandom >>"$OUT/media-upload.bin"

log "starting the local server ($BUILD) on a fresh database"
psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_bench_media" -c "create database fleet_bench_media" >/dev/null
export DATABASE_URL="${PG_ADMIN_URL%/*}/fleet_bench_media"
export COOKIE_SECURE=false QUEUE_PREFIX=bench-media-
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
PORT="$PORT" "target/$BUILD/local" >"$OUT/media-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
TOKEN=$(curl -fsS -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
  -d "{\"username\":\"bench\",\"email\":\"bench@example.org\",\"password\":\"Bench-Password-1\",\"setup_token\":\"$SETUP_TOKEN\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')

python3 - "$BASE" "$TOKEN" "$OUT/media-upload.bin" "$CONCURRENCY" "$SERVER_PID" <<'PY'
import concurrent.futures, json, os, sys, threading, time, urllib.request

base, token, path, concurrency, server = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
size = os.path.getsize(path)

def api(method, route, body=None):
    request = urllib.request.Request(base + route, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)["data"]

def rss_mb():
    with open(f"/proc/{server}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

peak, sampling = [rss_mb()], True
def sample():
    while sampling:
        peak.append(rss_mb())
        time.sleep(0.2)
idle = peak[0]
threading.Thread(target=sample, daemon=True).start()

started = api("POST", "/api/media/uploads", {"filename": "bench.mp4", "size": size, "content_type": "video/mp4"})
ticket, video = started["upload"], started["video"]["id"]
part_size = ticket["part_size"]

def put(part):
    number = part["part_number"]
    with open(path, "rb") as f:
        f.seek((number - 1) * part_size)
        chunk = f.read(part_size)
    # As a browser sends a Blob: no form content type (urllib's default), which
    # the emulator would try to parse as a form.
    request = urllib.request.Request(part["url"], data=chunk, method="PUT",
                                     headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return {"part_number": number, "etag": response.headers["ETag"]}

t0 = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
    parts = list(pool.map(put, ticket["parts"]))
uploaded = time.monotonic() - t0
t1 = time.monotonic()
api("POST", f"/api/media/uploads/{video}/complete", {"parts": parts})
completed = time.monotonic() - t1
sampling = False
t2 = time.monotonic()
while True:
    state = api("GET", f"/api/media/videos/{video}")
    if state["status"] in ("ready", "failed"):
        break
    time.sleep(0.5)
processed = time.monotonic() - t2
mib = size / 1024 / 1024
print(f"file: {mib:.0f} MiB in {len(parts)} parts of {part_size // 1024 // 1024} MiB, {concurrency} in flight")
print(f"upload (browser -> emulator): {uploaded:.1f} s, {mib / uploaded:.1f} MiB/s")
print(f"completion (assemble + claim + queue): {completed:.1f} s")
print(f"local server memory: {idle:.0f} MB idle, {max(peak):.0f} MB peak during the upload")
print(f"video worker: {processed:.1f} s to {state['status']} "
      f"({state.get('duration_seconds')} s of {state.get('quality')} video; "
      f"probe, thumbnail and SHA-256 of {mib:.0f} MiB)")
if state.get("duration_seconds"):
    print(f"video worker per minute of video: {processed * 60 / state['duration_seconds']:.1f} s")
if state["status"] != "ready":
    print("reason:", state.get("failure_reason"))
PY
