#!/usr/bin/env bash
# Provisions and starts the local dependencies under the repo's git-ignored .local/:
# a private PostgreSQL cluster, an AWS-compatible emulator for S3, SQS and SES,
# for the smtp email transport a mail catcher, and ffmpeg/ffprobe for the video
# worker (Debian's package, like PostgreSQL: not something .local/ can hold), and the
# OpenID Connect provider the single sign-on tests run (the npm package oidc-provider,
# in .local/oidc-provider, started per test by local/scripts/oidc-provider.mjs).
# Source it, then call `services_up`; it exports the variables the server and the tests read.
#   AWS_EMULATOR=moto|localstack   which emulator (moto by default)
#   EMAIL_TRANSPORT=ses|smtp       how email leaves (ses by default); with smtp and
#                                  no SMTP_URL, the catcher local/scripts/smtp-sink.py
# DATABASE_URL, AWS_ENDPOINT_URL or SMTP_URL given by the caller replace the matching service.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL="$ROOT/.local"
MOTO_VERSION="5.2.1"
# localstack-core 4.9.2 is the last release for Python 3.11; its unpinned
# dependencies' newer releases break its start (../shared/TOOLCHAIN.md).
LOCALSTACK_VERSION="4.9.2"
LOCALSTACK_PINS=("cbor2==5.6.5" "pyopenssl<24.3" "cryptography==43.0.3" "service_identity<24.2")
AIOSMTPD_VERSION="1.4.6"
# The identity provider of the single sign-on tests (runs on Node.js 20.19 and later).
OIDC_PROVIDER_VERSION="9.13.3"
AWS_EMULATOR="${AWS_EMULATOR:-moto}"
EMAIL_TRANSPORT="${EMAIL_TRANSPORT:-ses}"
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

# Makes .local/$1 a virtualenv of Python $2 holding $3 at version $4; when it
# does not, installs the remaining arguments (pip requirements) into it.
ensure_venv() {
  local venv="$LOCAL/$1" python="$2" package="$3" version="$4"
  shift 4
  if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$package') != '$version')" 2>/dev/null; then
    log "installing $package $version into .local/$(basename "$venv")"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$@"
  fi
}

# Runs a command every 0.1 s until it succeeds, at most $1 times.
retry() {
  local tries="$1"
  shift
  for _ in $(seq 1 "$tries"); do
    "$@" && return
    sleep 0.1
  done
  return 1
}

answers() { curl -fsS "$1" >/dev/null 2>&1; }

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

# The map's migration runs `create extension postgis`: Debian's PostGIS for the
# installed server's major version (RDS and Aurora ship it too).
ensure_postgis_installed() {
  local bin major
  bin="$(pg_bin)"
  major="$("$bin/pg_config" --version 2>/dev/null | sed -E 's/[^0-9]*([0-9]+).*/\1/')"
  [[ -n "$major" ]] || major="$(basename "$(dirname "$bin")")"
  if ! compgen -G "/usr/share/postgresql/$major/extension/postgis.control" >/dev/null; then
    log "installing PostGIS for PostgreSQL $major from Debian's packages"
    if [[ $(id -u) -ne 0 ]]; then die "PostGIS is missing: install Debian's postgresql-$major-postgis-3 package"; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null
  fi
}

# The video worker runs ffprobe and ffmpeg (Debian's ffmpeg package; a Lambda
# layer on AWS: infra/README.md). FFMPEG_DIR may name another build's directory.
ensure_ffmpeg() {
  if [[ -n "${FFMPEG_DIR:-}" ]]; then
    [[ -x "$FFMPEG_DIR/ffprobe" && -x "$FFMPEG_DIR/ffmpeg" ]] || die "FFMPEG_DIR=$FFMPEG_DIR holds no ffprobe and ffmpeg"
    return
  fi
  if ! command -v ffprobe >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1; then
    log "installing ffmpeg from Debian's packages"
    if [[ $(id -u) -ne 0 ]]; then die "ffmpeg is missing: install Debian's ffmpeg package"; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
  fi
  FFMPEG_DIR="$(dirname "$(command -v ffprobe)")"
  export FFMPEG_DIR
}

# Installs the pinned oidc-provider into .local/oidc-provider (from the npm registry,
# once) and exports OIDC_PROVIDER_MODULES, where the tests' provider script finds it.
oidc_provider_install() {
  local dir="$LOCAL/oidc-provider" installed
  command -v node >/dev/null 2>&1 || die "Node.js is missing: install Node.js 20.19 or later"
  installed="$(node -p "require('$dir/node_modules/oidc-provider/package.json').version" 2>/dev/null || true)"
  if [[ "$installed" != "$OIDC_PROVIDER_VERSION" ]]; then
    log "installing oidc-provider $OIDC_PROVIDER_VERSION into .local/oidc-provider"
    mkdir -p "$dir"
    [[ -s "$dir/package.json" ]] || echo '{"private": true}' >"$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error --save-exact \
      "oidc-provider@$OIDC_PROVIDER_VERSION" >/dev/null
  fi
  export OIDC_PROVIDER_MODULES="$dir/node_modules"
}

postgres_up() {
  ensure_postgres_installed
  ensure_postgis_installed
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
  local port
  ensure_venv venv python3 moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION"
  port="$(port_for moto)"
  MOTO_URL="http://127.0.0.1:$port"
  if answers "$MOTO_URL/moto-api/"; then
    log "AWS emulator already running on $MOTO_URL"
    return
  fi
  log "starting the AWS emulator (moto) on $MOTO_URL"
  "$LOCAL/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$LOCAL/moto.log" 2>&1 &
  STARTED_PIDS+=("$!")
  retry 100 answers "$MOTO_URL/moto-api/" || die "the AWS emulator did not start; see .local/moto.log"
}

# Installs LocalStack's Python runtime (no Docker) and starts it on loopback with
# S3, SQS and SES; returns at once: `localstack_wait` waits until it is ready
# (seconds; up to 20 s on a busy machine), so a caller can build meanwhile.
# Sets LOCALSTACK_URL.
localstack_start() {
  local python port
  python="$(command -v python3.11)" || die "LocalStack $LOCALSTACK_VERSION needs Python 3.11: install Debian's python3.11 (with python3.11-venv)"
  ensure_venv venv-localstack "$python" localstack-core "$LOCALSTACK_VERSION" \
    "localstack-core[runtime]==$LOCALSTACK_VERSION" "${LOCALSTACK_PINS[@]}"
  port="$(port_for localstack)"
  LOCALSTACK_URL="http://127.0.0.1:$port"
  if answers "$LOCALSTACK_URL/_localstack/health"; then
    log "LocalStack already running on $LOCALSTACK_URL"
    return
  fi
  log "starting LocalStack on $LOCALSTACK_URL"
  mkdir -p "$LOCAL/localstack"
  # OVERRIDE_IN_DOCKER=0 and FILESYSTEM_ROOT keep its state under .local/ even
  # inside a container; nothing is fetched from the network. Path-style queue
  # URLs (http://127.0.0.1:PORT/queue/REGION/ACCOUNT/NAME) name a host that exists.
  GATEWAY_LISTEN="127.0.0.1:$port" LOCALSTACK_HOST="127.0.0.1:$port" SERVICES=s3,sqs,ses \
    SQS_ENDPOINT_STRATEGY=path OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT="$LOCAL/localstack" \
    SKIP_SSL_CERT_DOWNLOAD=1 DISABLE_EVENTS=1 DNS_ADDRESS=0 \
    "$LOCAL/venv-localstack/bin/python" -m localstack.runtime.main >"$LOCAL/localstack.log" 2>&1 &
  STARTED_PIDS+=("$!")
}

localstack_ready() {
  curl -fsS "$LOCALSTACK_URL/_localstack/init/ready" 2>/dev/null | grep -q '"completed": true'
}

localstack_wait() {
  retry 600 localstack_ready || die "LocalStack did not start; see .local/localstack.log"
}

localstack_up() {
  localstack_start
  localstack_wait
}

# A certificate authority and a certificate for localhost, made once, so the mail
# catcher can offer STARTTLS and implicit TLS that a client can verify.
smtp_sink_certificate() {
  local dir="$LOCAL/smtp-sink"
  [[ -s "$dir/cert.pem" ]] && return
  command -v openssl >/dev/null 2>&1 || die "openssl is missing: install Debian's openssl package"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=fleet local mail CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/key.pem" -out "$dir/cert.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >"$dir/cert.ext"
  openssl x509 -req -in "$dir/cert.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 3650 -extfile "$dir/cert.ext" -out "$dir/cert.pem" 2>/dev/null
}

# Starts the mail catcher: an SMTP port offering STARTTLS and an SMTPS port, both
# wanting the user fleet and a generated password, and an HTTP port listing what
# arrived. Exports SMTP_SINK_URL (the listing), SMTP_SINK_SMTPS_PORT,
# SMTP_SINK_SMTP_URL (STARTTLS with the credentials) and SMTP_SINK_CA (the CA
# its certificate comes from, for SMTP_CA_FILE).
smtp_sink_up() {
  local smtp smtps http password
  ensure_venv venv-smtp python3 aiosmtpd "$AIOSMTPD_VERSION" "aiosmtpd==$AIOSMTPD_VERSION"
  smtp_sink_certificate
  smtp="$(port_for smtp-sink)"
  smtps="$(port_for smtp-sink-tls)"
  http="$(port_for smtp-sink-http)"
  password="$(secret_file smtp-sink-password)"
  export SMTP_SINK_URL="http://127.0.0.1:$http"
  export SMTP_SINK_SMTPS_PORT="$smtps"
  export SMTP_SINK_CA="$LOCAL/smtp-sink/ca.pem"
  export SMTP_SINK_SMTP_URL="smtp://fleet:$password@localhost:$smtp?tls=starttls"
  if answers "$SMTP_SINK_URL/health"; then
    log "mail catcher already running on $SMTP_SINK_URL"
    return
  fi
  log "starting the mail catcher: SMTP on 127.0.0.1:$smtp, messages at $SMTP_SINK_URL/messages"
  "$LOCAL/venv-smtp/bin/python" "$ROOT/local/scripts/smtp-sink.py" --smtp-port "$smtp" --smtps-port "$smtps" \
    --http-port "$http" --cert "$LOCAL/smtp-sink/cert.pem" --key "$LOCAL/smtp-sink/key.pem" \
    --user fleet --password="$password" >"$LOCAL/smtp-sink.log" 2>&1 &
  STARTED_PIDS+=("$!")
  retry 100 answers "$SMTP_SINK_URL/health" || die "the mail catcher did not start; see .local/smtp-sink.log"
}

# A secret generated once and kept in .local/ so restarts keep sessions valid
# (and encrypted columns readable); $2, when given, is the Python that makes it.
secret_file() {
  local file="$LOCAL/$1"
  if [[ ! -s "$file" ]]; then
    python3 -c "${2:-import secrets; print(secrets.token_urlsafe(36))}" > "$file"
    chmod 600 "$file"
  fi
  cat "$file"
}

services_up() {
  mkdir -p "$LOCAL"
  ensure_ffmpeg
  oidc_provider_install
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
    case "$AWS_EMULATOR" in
      moto)
        moto_up
        export AWS_ENDPOINT_URL="$MOTO_URL" MOTO_URL
        ;;
      localstack)
        localstack_up
        export AWS_ENDPOINT_URL="$LOCALSTACK_URL" LOCALSTACK_URL
        ;;
      *) die "AWS_EMULATOR must be moto or localstack, not '$AWS_EMULATOR'" ;;
    esac
  else
    log "using AWS endpoints from the environment"
  fi
  export AWS_EMULATOR
  case "$EMAIL_TRANSPORT" in
    ses) ;;
    smtp)
      if [[ -z "${SMTP_URL:-}" ]]; then
        smtp_sink_up
        export SMTP_URL="$SMTP_SINK_SMTP_URL" SMTP_CA_FILE="$SMTP_SINK_CA"
      else
        log "sending email through SMTP_URL from the environment"
      fi
      ;;
    *) die "EMAIL_TRANSPORT must be ses or smtp, not '$EMAIL_TRANSPORT'" ;;
  esac
  export EMAIL_TRANSPORT
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local-secret}"
  export JWT_SECRET="${JWT_SECRET:-$(secret_file jwt-secret)}"
  export SETUP_TOKEN="${SETUP_TOKEN:-$(secret_file setup-token)}"
  # The key of columns encrypted at rest: 32 random bytes in base64.
  export DATA_ENCRYPTION_KEY="${DATA_ENCRYPTION_KEY:-$(secret_file data-encryption-key \
    'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')}"
  export MEDIA_BUCKET="${MEDIA_BUCKET:-fleet-media}"
  export EMAIL_FROM="${EMAIL_FROM:-noreply@fleet.local}"
  export COOKIE_SECURE="${COOKIE_SECURE:-true}"
  export LOG_FORMAT="${LOG_FORMAT:-text}"
  # glibc hands a large block (a password hash's 19 MiB) back to the system when it
  # is freed only if it was mapped on its own; otherwise each thread's arena keeps
  # one, and a burst of sign-ins leaves the server at hundreds of MB.
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
}

# Where the emails sent so far can be read (JSON, each with the raw message).
sent_emails_url() {
  if [[ "$EMAIL_TRANSPORT" == smtp ]]; then
    echo "${SMTP_SINK_URL:+$SMTP_SINK_URL/messages}${SMTP_SINK_URL:-the relay of SMTP_URL}"
  elif [[ "$AWS_EMULATOR" == localstack ]]; then
    echo "$AWS_ENDPOINT_URL/_aws/ses"
  else
    echo "$AWS_ENDPOINT_URL/moto-api/data.json"
  fi
}

services_down() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  postgres_down
}
