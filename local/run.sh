#!/usr/bin/env bash
# Runs the whole platform locally: PostgreSQL, the AWS emulator, every function
# behind one server on 127.0.0.1 (default port 3000), the queue workers, the
# scheduler, and the built SPA. Ctrl-C stops everything it started.
#   AWS_EMULATOR=localstack local/run.sh   LocalStack instead of moto
#   EMAIL_TRANSPORT=smtp local/run.sh      email through SMTP (a local mail catcher
#                                          unless SMTP_URL names a relay)
#   local/run.sh --demo                    also load the fictional Influence demo data
#                                          (local/demo/influence.sql): try /campaigns
#                                          with the postal code H0H 0H0
set -euo pipefail
DEMO=false
[[ "${1:-}" == "--demo" ]] && DEMO=true
cd "$(dirname "$0")/.."
source local/scripts/services.sh

trap services_down EXIT
services_up

if [[ ! -d frontend/node_modules ]]; then
  log "installing the SPA's npm packages"
  (cd frontend && npm ci --no-audit --no-fund)
fi
log "building the SPA"
(cd frontend && npm run build --silent)

if [[ ! -x target/debug/local ]]; then
  log "building the local server (the first build compiles every dependency: a few minutes on 2 cores)"
else
  log "building the local server"
fi
cargo build -p local --bin local
export PORT="${PORT:-3000}"
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}"
log "setup token for the first administrator: $SETUP_TOKEN"
log "sent emails: $(sent_emails_url)"
target/debug/local &
SERVER=$!
STARTED_PIDS+=("$SERVER")
if $DEMO; then
  # The server migrates the database as it starts; the demo data goes in after.
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
  psql -w -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f local/demo/influence.sql
  log "demo data loaded: open $PUBLIC_BASE_URL/campaigns and try the postal code H0H 0H0"
fi
wait "$SERVER"
