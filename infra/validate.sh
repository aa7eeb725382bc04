#!/usr/bin/env bash
# Lints template.yaml with cfn-lint and with SAM's own validator.
#
# Installs both, pinned, into .local/venv-infra (git-ignored) the first time
# and whenever their pins in tools.sh change; needs nothing but python3 and PyPI.
# Exits non-zero on any finding.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=infra/tools.sh
source infra/tools.sh
ensure_venv "$INFRA_VENV" "$INFRA_PINS"
venv=$INFRA_VENV

export SAM_CLI_TELEMETRY=0

echo "cfn-lint $CFN_LINT_VERSION: template.yaml"
"$venv/bin/cfn-lint" template.yaml

echo "sam $SAM_CLI_VERSION: validate --lint"
AWS_DEFAULT_REGION=us-east-1 "$venv/bin/sam" validate --lint --template template.yaml
