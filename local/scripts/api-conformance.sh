#!/usr/bin/env bash
# Runs schemathesis over every operation of the OpenAPI document against a running
# local server, signed in as the site administrator, and fails on any server error,
# undocumented status code, wrong content type or answer that does not match its
# documented schema. Usage: local/scripts/api-conformance.sh BASE_URL SETUP_TOKEN
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE="$1"
SETUP="$2"
VENV="$ROOT/.local/schemathesis"
VERSION="4.32.5"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-25}"

if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "[conformance] installing schemathesis $VERSION into .local/schemathesis" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION"
fi

# The first account, made with the setup token, is SUPER_ADMIN: every route is open to it.
password="Conformance-$(date +%s)-A1"
register=$(curl -sS -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
  -d "{\"username\":\"conformance\",\"email\":\"conformance@example.org\",\"password\":\"$password\",\"setup_token\":\"$SETUP\"}")
token=$(printf '%s' "$register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])') || {
  echo "[conformance] could not sign in: $register" >&2
  exit 1
}

"$VENV/bin/st" run "$BASE/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --header "Authorization: Bearer $token" \
  --max-examples "$EXAMPLES" \
  --phases examples,coverage,fuzzing \
  --seed 1 \
  --generation-database none \
  --no-color \
  --workers 1
