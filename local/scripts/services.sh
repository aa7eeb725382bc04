#!/usr/bin/env bash
# Provisions and starts the local dependencies under the repo's git-ignored .local/:
# a private PostgreSQL cluster and an AWS-compatible emulator (moto) for S3, SQS and SES.
# Source it, then call `services_up`; it writes .local/env with the variables to use.
# DATABASE_URL or AWS_ENDPOINT_URL given by the caller replace the matching service.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL="$ROOT/.local"
MOTO_VERSION="5.2.1"
PG_DIR="$LOCAL/pg"
STARTED_PIDS=()

log() { printf '\033[1;34m[local]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[local]\033[0m %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Remembers a port per service so a second run reuses the same addresses.
port_for() {
  local name="$1" file="$LOCAL/$1.port"
  if [[ ! -s "$file" ]]; then free_port > "$file"; fi
  cat "$file"
}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  return 1
}

ensure_postgres_installed() {
  if ! pg_bin >/dev/null; then
    log "installing PostgreSQL from Debian's packages"
    if [[ $(id -u) -ne 0 ]]; then die "PostgreSQL is missing: install Debian's postgresql package"; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

postgres_up() {
  ensure_postgres_installed
  local bin port
  bin="$(pg_bin)"
  port="$(port_for pg)"
  mkdir -p "$PG_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$PG_DIR"
  if [[ ! -s "$PG_DIR/data/PG_VERSION" ]]; then
    log "creating a PostgreSQL cluster in .local/pg"
    as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_pg "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$port"
  else
    log "starting PostgreSQL on 127.0.0.1:$port"
    as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
      -o "-p $port -k $PG_DIR/data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    PG_STARTED=1
  fi
  PG_ADMIN_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_BIN="$bin"
}

# TLS for the local cluster, with a certificate authority made here for it: the
# server certificate names localhost only, so tests can show that sslmode=require
# and verify-full connect and that verify-full refuses another host name
# (127.0.0.1). Plain connections keep working. Exports TEST_DATABASE_TLS_CA.
postgres_tls_up() {
  local dir="$LOCAL/pg-tls"
  if [[ ! -s "$dir/server.crt" ]]; then
    log "creating a certificate authority and a server certificate for PostgreSQL"
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=fleet local test CA" \
      -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
      > "$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
      -CAcreateserial -days 3650 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  fi
  local owner=()
  [[ $(id -u) -eq 0 ]] && owner=(-o postgres -g postgres)
  install "${owner[@]}" -m 600 "$dir/server.key" "$PG_DIR/data/server.key"
  install "${owner[@]}" -m 644 "$dir/server.crt" "$PG_DIR/data/server.crt"
  psql -w -X -q "$PG_ADMIN_URL" -c "alter system set ssl = on" -c "select pg_reload_conf()" >/dev/null
  export TEST_DATABASE_TLS_CA="$dir/ca.crt"
}

postgres_down() {
  if [[ "${PG_STARTED:-0}" == 1 ]]; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
}

ensure_database() {
  local name="$1"
  local exists
  exists=$(psql -w -X -q -t -A "$PG_ADMIN_URL" -c "select 1 from pg_database where datname = '$name'")
  if [[ "$exists" != 1 ]]; then
    psql -w -X -q "$PG_ADMIN_URL" -c "create database \"$name\"" >/dev/null
  fi
}

moto_up() {
  local venv="$LOCAL/venv" port
  if [[ ! -x "$venv/bin/moto_server" ]] || ! "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    log "installing moto $MOTO_VERSION into .local/venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  fi
  port="$(port_for moto)"
  MOTO_URL="http://127.0.0.1:$port"
  if curl -fsS "$MOTO_URL/moto-api/" >/dev/null 2>&1; then
    log "AWS emulator already running on $MOTO_URL"
    return
  fi
  log "starting the AWS emulator (moto) on $MOTO_URL"
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$LOCAL/moto.log" 2>&1 &
  STARTED_PIDS+=("$!")
  for _ in $(seq 1 100); do
    curl -fsS "$MOTO_URL/moto-api/" >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "the AWS emulator did not start; see .local/moto.log"
}

# A secret generated once and kept in .local/ so restarts keep sessions valid.
secret_file() {
  local file="$LOCAL/$1"
  if [[ ! -s "$file" ]]; then
    python3 -c 'import secrets; print(secrets.token_urlsafe(36))' > "$file"
    chmod 600 "$file"
  fi
  cat "$file"
}

services_up() {
  mkdir -p "$LOCAL"
  if [[ -z "${DATABASE_URL:-}" ]]; then
    postgres_up
    postgres_tls_up
    ensure_database fleet
    export DATABASE_URL="postgres://postgres@127.0.0.1:$(port_for pg)/fleet"
    export TEST_DATABASE_ADMIN_URL="$PG_ADMIN_URL"
  else
    log "using DATABASE_URL from the environment"
    export TEST_DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-$DATABASE_URL}"
  fi
  if [[ -z "${AWS_ENDPOINT_URL:-}" && -z "${AWS_ENDPOINT_URL_SQS:-}" ]]; then
    moto_up
    export AWS_ENDPOINT_URL="$MOTO_URL"
    export MOTO_URL
  else
    log "using AWS endpoints from the environment"
  fi
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local-secret}"
  export JWT_SECRET="${JWT_SECRET:-$(secret_file jwt-secret)}"
  export SETUP_TOKEN="${SETUP_TOKEN:-$(secret_file setup-token)}"
  export MEDIA_BUCKET="${MEDIA_BUCKET:-fleet-media}"
  export EMAIL_FROM="${EMAIL_FROM:-noreply@fleet.local}"
  export COOKIE_SECURE="${COOKIE_SECURE:-true}"
  export LOG_FORMAT="${LOG_FORMAT:-text}"
}

services_down() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  postgres_down
}
