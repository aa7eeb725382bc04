#!/usr/bin/env bash
# Runs every test of the platform against real dependencies:
#   1. Rust unit and integration tests (PostgreSQL cluster + AWS emulator under .local/),
#      then the integration suite again on the other emulator (moto or LocalStack),
#      and its email tests again with the other email transport (SES or SMTP)
#   2. the SAM template validators (cfn-lint, sam validate --lint), and with CI=true
#      one HTTP function and one worker built for arm64 and booted under qemu
#   3. the SPA's type check, component tests and build
#   4. end-to-end tests in headless Chromium against the local server
#   5. schemathesis over every operation of the OpenAPI document
# AWS_EMULATOR (moto) and EMAIL_TRANSPORT (ses) choose the main run's services.
# It installs what is missing (PostgreSQL, moto, LocalStack, the mail catcher, npm
# packages, the OpenID Connect provider of the single sign-on tests, Chromium) and
# stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source local/scripts/services.sh

SERVER_PID=""
cleanup() {
  stop_server
  services_down
}

# Starts the local server (with the built SPA) on a fresh database named after $1;
# sets SERVER_URL and SERVER_PID. The server's log is .local/$1-server.log.
start_server() {
  local name="$1" url port
  if [[ -n "${PG_ADMIN_URL:-}" ]]; then
    psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists fleet_$name" -c "create database fleet_$name" >/dev/null
    url="${PG_ADMIN_URL%/*}/fleet_$name"
  else
    url="$DATABASE_URL"
  fi
  port="$(free_port)"
  DATABASE_URL="$url" PORT="$port" QUEUE_PREFIX="$name-" SPA_DIR=frontend/dist \
    PUBLIC_BASE_URL="http://localhost:$port" target/debug/local >"$LOCAL/$name-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOCAL/$name-server.log" >&2; die "the local server stopped"; }
    sleep 0.2
  done
  SERVER_URL="http://localhost:$port"
}

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
# The integration tests that send email: the SMTP pass runs these.
EMAIL_TESTS=(email:: jobs:: passwords:: lambda::the_email_worker runtime::the_worker
  families::an_invitation_arrives_by_email registration::closed_and_invite_only
  admin::stats_count_users_sessions_and_emails email_templates:: pages::a_visitor_writes
  pages::without_a_recipient)

# Runs a command and remembers how long it took, for the summary at the end.
TIMINGS=()
timed() {
  local label="$1" start=$SECONDS
  shift
  "$@"
  TIMINGS+=("$label: $((SECONDS - start)) s")
  log "$label took $((SECONDS - start)) s"
}

# The functions CI builds for arm64 and boots under qemu (CI=true).
ARM64_PROOF=health,email-worker

GIVEN_ENDPOINT="${AWS_ENDPOINT_URL:-}${AWS_ENDPOINT_URL_SQS:-}"
trap cleanup EXIT
services_up
export LOG_FORMAT=text RUST_LOG="${RUST_LOG:-warn}"

# The second passes' services start now, so LocalStack boots while cargo builds.
OTHER_EMULATOR=""
if [[ -z "$GIVEN_ENDPOINT" ]]; then
  if [[ "$AWS_EMULATOR" == moto ]]; then
    OTHER_EMULATOR=localstack
    localstack_start
  else
    OTHER_EMULATOR=moto
    moto_up
  fi
fi
[[ "$EMAIL_TRANSPORT" == ses ]] && smtp_sink_up

if [[ -n "${PG_ADMIN_URL:-}" ]]; then
  # Databases left by earlier runs of the integration tests.
  psql -w -X -q -t -A "$PG_ADMIN_URL" -c "select datname from pg_database where datname like 'test\_%'" |
    while read -r name; do [[ -n "$name" ]] && psql -w -X -q "$PG_ADMIN_URL" -c "drop database if exists \"$name\"" >/dev/null; done
fi

log "Rust tests (AWS_EMULATOR=$AWS_EMULATOR, EMAIL_TRANSPORT=$EMAIL_TRANSPORT)"
# One build for everything: the tests run the function binaries as Lambda would.
timed "build" cargo build --workspace --all-targets
timed "Rust tests on $AWS_EMULATOR with $EMAIL_TRANSPORT" cargo test --workspace --no-fail-fast

if [[ -n "$OTHER_EMULATOR" ]]; then
  log "integration tests again on $OTHER_EMULATOR"
  if [[ "$OTHER_EMULATOR" == localstack ]]; then
    localstack_wait
    other_url="$LOCALSTACK_URL"
  else
    other_url="$MOTO_URL"
  fi
  AWS_EMULATOR="$OTHER_EMULATOR" AWS_ENDPOINT_URL="$other_url" \
    timed "integration tests on $OTHER_EMULATOR" cargo test -p tests --test api
fi

if [[ "$EMAIL_TRANSPORT" == ses ]]; then
  log "email tests again with SMTP, through the mail catcher with STARTTLS"
  EMAIL_TRANSPORT=smtp SMTP_URL="$SMTP_SINK_SMTP_URL" SMTP_CA_FILE="$SMTP_SINK_CA" \
    timed "email tests with smtp" cargo test -p tests --test api -- "${EMAIL_TESTS[@]}"
else
  log "email tests again with SES"
  EMAIL_TRANSPORT=ses timed "email tests with ses" cargo test -p tests --test api -- "${EMAIL_TESTS[@]}"
fi

if [[ "${CI:-}" == true ]]; then
  # The cheapest proof that the Lambda artifacts work: one HTTP function and one
  # worker cross-built for arm64 and booted under qemu (infra/README.md).
  log "arm64: build $ARM64_PROOF for Lambda, boot them under qemu"
  timed "arm64 build" bash infra/build.sh --only "$ARM64_PROOF"
  timed "arm64 boot" bash infra/boot-arm64.sh --only "$ARM64_PROOF"
fi

log "SAM template validation"
bash infra/validate.sh

log "SPA: install, type check, component tests, build"
(cd frontend && npm ci --no-audit --no-fund --loglevel=error)
(cd frontend && npm run check:api && npm run typecheck && npm test && npm run build)
# The JavaScript and CSS a first visit loads stays small on a phone's connection.
SPA_BUILT=1 FIRST_LOAD_BUDGET_KB=200 bash local/measure-spa.sh >/dev/null

log "end-to-end tests in headless Chromium"
if ! command -v chromium >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || die "Chromium is missing: install Debian's chromium package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
start_server e2e
# The specs read the sent emails where AWS_EMULATOR, AWS_ENDPOINT_URL,
# EMAIL_TRANSPORT and SMTP_SINK_URL say (frontend/e2e/mail.ts).
(cd frontend && E2E_BASE_URL="$SERVER_URL" E2E_SETUP_TOKEN="$SETUP_TOKEN" \
  CHROMIUM_PATH="$(command -v chromium)" npm run e2e)
stop_server

log "API conformance: schemathesis over every operation of the OpenAPI document"
start_server conformance
bash local/scripts/api-conformance.sh "$SERVER_URL" "$SETUP_TOKEN"
stop_server
printf '%s\n' "${TIMINGS[@]}" | sed 's/^/  /' >&2
log "all tests passed"
