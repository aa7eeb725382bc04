#!/usr/bin/env bash
# Lints template.yaml with cfn-lint and with SAM's own validator.
#
# Installs both, pinned, into .local/venv-infra (git-ignored) the first time
# and whenever the pins below change; needs nothing but python3 and PyPI.
# Exits non-zero on any finding.
set -euo pipefail

CFN_LINT_VERSION=1.58.0
SAM_CLI_VERSION=1.170.0

cd "$(dirname "$0")/.."
venv=.local/venv-infra
pins="cfn-lint==$CFN_LINT_VERSION aws-sam-cli==$SAM_CLI_VERSION"

if ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
    mkdir -p .local
    python3 -m venv "$venv" || {
        echo "validate.sh: python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
        exit 1
    }
fi

# The stamp records what was installed, so later runs need no network.
if [ "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ]; then
    # shellcheck disable=SC2086 # $pins is a list of requirement specifiers
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input $pins
    echo "$pins" >"$venv/.pins"
fi

export SAM_CLI_TELEMETRY=0

echo "cfn-lint $CFN_LINT_VERSION: template.yaml"
"$venv/bin/cfn-lint" template.yaml

echo "sam $SAM_CLI_VERSION: validate --lint"
AWS_DEFAULT_REGION=us-east-1 "$venv/bin/sam" validate --lint --template template.yaml
