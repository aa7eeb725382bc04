# Sourced by the scripts in infra/: the pinned Python tools they use, and how
# they are installed. Each set goes into its own venv under .local/ (git-ignored)
# the first time and whenever its pins change; needs nothing but python3 and PyPI.

CFN_LINT_VERSION=1.58.0
SAM_CLI_VERSION=1.170.0
CARGO_LAMBDA_VERSION=1.9.2
ZIGLANG_VERSION=0.17.1

# The linters and SAM CLI (validate.sh, deploy.sh, build.sh).
INFRA_VENV=.local/venv-infra
INFRA_PINS="cfn-lint==$CFN_LINT_VERSION aws-sam-cli==$SAM_CLI_VERSION"
# cargo-lambda and the zig it cross-compiles with (build.sh).
LAMBDA_VENV=.local/venv-lambda
LAMBDA_PINS="cargo-lambda==$CARGO_LAMBDA_VERSION ziglang==$ZIGLANG_VERSION"

# ensure_venv VENV PINS: creates VENV if needed and installs PINS into it unless
# its stamp already records them, so later runs need no network.
ensure_venv() {
    local venv="$1" pins="$2"
    if ! "$venv/bin/python" -c '' 2>/dev/null; then
        rm -rf "$venv"
        mkdir -p "$(dirname "$venv")"
        python3 -m venv "$venv" || {
            echo "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
            return 1
        }
    fi
    if [ "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ]; then
        # shellcheck disable=SC2086 # $pins is a list of requirement specifiers
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input $pins
        echo "$pins" >"$venv/.pins"
    fi
}

# parse_only SCRIPT ARGS...: reads `--only A,B` (comma-separated binaries) into
# $only; `--help` prints SCRIPT's opening comment.
parse_only() {
    local script="$1"
    shift
    only=""
    while [ $# -gt 0 ]; do
        case "$1" in
        --only)
            only="${2:?--only needs a comma-separated list of binaries}"
            shift 2
            ;;
        --only=*)
            only="${1#--only=}"
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo pipefail/p' "$script" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "$(basename "$script"): unknown argument $1 (see --help)" >&2
            exit 2
            ;;
        esac
    done
}
