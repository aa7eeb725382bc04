#!/usr/bin/env bash
# Builds the stack, applies database migrations by invoking the migrate function
# once, then deploys the other functions (on a first deploy: deploys, then
# migrates). Fails if any step fails, including a migration.
#
#   infra/deploy.sh [--config-env NAME] [--migrate-only | --no-migrate] [-- SAM_DEPLOY_ARGS...]
#
#   --config-env NAME  samconfig.toml environment to use (default: "default")
#   --migrate-only     skip sam build and sam deploy; only apply migrations
#   --no-migrate       build and deploy only (rolling back to older code)
#   -- ARGS            passed to `sam deploy` as is
#
# The stack name, region and profile come from samconfig.toml at the
# repository root (copy infra/samconfig.example.toml) unless STACK_NAME,
# AWS_REGION or AWS_PROFILE are set. Needs sam, cargo-lambda and the AWS CLI.
set -euo pipefail

cd "$(dirname "$0")/.."

config_env=default
build_and_deploy=true
migrate=true
sam_args=()

while [ $# -gt 0 ]; do
    case "$1" in
        --config-env) config_env=${2:?--config-env needs a name}; shift 2 ;;
        --migrate-only) build_and_deploy=false; shift ;;
        --no-migrate) migrate=false; shift ;;
        --) shift; sam_args=("$@"); break ;;
        -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "deploy.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

# Prints KEY from the deploy (else global) section of samconfig.toml, or nothing.
samconfig() {
    python3 - samconfig.toml "$config_env" "$1" <<'PY'
import sys
path, env, key = sys.argv[1:]
try:
    import tomllib
    with open(path, "rb") as f:
        config = tomllib.load(f).get(env, {})
except (ImportError, OSError):
    sys.exit(0)
for command in ("deploy", "global"):
    value = config.get(command, {}).get("parameters", {}).get(key)
    if value:
        print(value)
        break
PY
}

stack=${STACK_NAME:-$(samconfig stack_name)}
if [ -z "$stack" ]; then
    echo "deploy.sh: no stack name: set STACK_NAME or stack_name in samconfig.toml" >&2
    exit 2
fi
if [ -z "${AWS_REGION:-}" ]; then
    region=$(samconfig region)
    if [ -n "$region" ]; then export AWS_REGION=$region; fi
fi
if [ -z "${AWS_PROFILE:-}" ]; then
    profile=$(samconfig profile)
    if [ -n "$profile" ]; then export AWS_PROFILE=$profile; fi
fi

# The SAM CLI on PATH, else the one infra/validate.sh installs.
sam=sam
if ! command -v sam >/dev/null && [ -x .local/venv-infra/bin/sam ]; then
    sam=.local/venv-infra/bin/sam
fi

# The migrate function's name in the deployed stack; nothing before the first deploy.
migrate_function_name() {
    local name
    name=$(aws cloudformation describe-stacks --stack-name "$stack" \
        --query "Stacks[0].Outputs[?OutputKey=='MigrateFunctionName'].OutputValue | [0]" \
        --output text 2>/dev/null) || return 0
    if [ "$name" != None ]; then echo "$name"; fi
}

# Invokes the migrate function once and fails unless every migration applied.
run_migrations() {
    local function_name=$1 response result function_error log_tail
    echo "==> migrate ($function_name)"
    response=$(mktemp)
    # One attempt only, and a read timeout above the function's 300 s, so the CLI
    # never invokes the migrations a second time on its own.
    result=$(
        AWS_MAX_ATTEMPTS=1 aws lambda invoke \
            --function-name "$function_name" \
            --cli-binary-format raw-in-base64-out \
            --payload '{}' \
            --cli-read-timeout 330 \
            --log-type Tail \
            --query '[FunctionError, LogResult]' \
            --output text \
            "$response"
    )
    read -r function_error log_tail <<<"$result"
    echo "$log_tail" | base64 -d 2>/dev/null || true
    echo "response: $(cat "$response")"
    rm -f "$response"
    if [ "$function_error" != None ]; then
        echo "deploy.sh: migrations failed ($function_error); the functions were not updated" >&2
        exit 1
    fi
    echo "==> migrations applied"
}

migrated=false
if $build_and_deploy; then
    echo "==> sam build"
    "$sam" build --config-env "$config_env"
    # Migrate first, then the functions: on an existing stack the new migrate
    # code alone is uploaded and run while the old functions still serve (so a
    # migration must keep the previous release working: add now, remove in a
    # later release). A first deploy has no old functions and migrates after.
    existing=$(migrate_function_name)
    if $migrate && [ -n "$existing" ]; then
        bundle=$(mktemp -d)
        (cd .aws-sam/build/MigrateFunction && python3 -m zipfile -c "$bundle/migrate.zip" bootstrap)
        echo "==> migrate function code ($existing)"
        aws lambda update-function-code --function-name "$existing" \
            --zip-file "fileb://$bundle/migrate.zip" --query LastUpdateStatus --output text
        aws lambda wait function-updated --function-name "$existing"
        rm -rf "$bundle"
        run_migrations "$existing"
        migrated=true
    fi
    echo "==> sam deploy ($stack)"
    "$sam" deploy --config-env "$config_env" --stack-name "$stack" \
        --no-fail-on-empty-changeset "${sam_args[@]}"
fi

if ! $migrate || $migrated; then exit 0; fi

function_name=$(migrate_function_name)
if [ -z "$function_name" ]; then
    echo "deploy.sh: stack $stack has no MigrateFunctionName output" >&2
    exit 1
fi
run_migrations "$function_name"
