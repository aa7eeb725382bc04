#!/usr/bin/env bash
# Builds the functions for Lambda's arm64 (Graviton) runtime, without Docker.
#
#   infra/build.sh                             # sam build: every function of template.yaml
#   infra/build.sh --only health,email-worker  # cargo lambda build of just those binaries
#
# The full build writes .aws-sam/build/<LogicalId>/bootstrap (what sam deploy
# uploads) and links each one as .aws-sam/bootstraps/<binary>/bootstrap; --only
# writes target/lambda-arm64/<binary>/bootstrap. Both layouts are what
# infra/boot-arm64.sh (and LAMBDA_BOOTSTRAP_DIR of the runtime tests) read.
# Prints each bootstrap's size and the size of its deployment zip.
#
# Installs cargo-lambda and zig (PyPI's ziglang) pinned into .local/venv-lambda,
# the SAM CLI into .local/venv-infra (pins in infra/tools.sh), and Rust's
# aarch64-unknown-linux-gnu standard library through rustup when it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=infra/tools.sh
source infra/tools.sh

parse_only "$0" "$@"

TARGET=aarch64-unknown-linux-gnu
ensure_venv "$LAMBDA_VENV" "$LAMBDA_PINS"
# cargo lambda finds zig as `python3 -m ziglang`, so the venv's python comes first.
PATH="$PWD/$LAMBDA_VENV/bin:$PATH"
export PATH
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
fi

# The size of FILE and of a zip holding it as `bootstrap` (what Lambda is given).
sizes() {
    python3 - "$1" "$2" <<'PY'
import io, os, sys, zipfile
name, path = sys.argv[1], sys.argv[2]
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.write(path, "bootstrap")
mib = lambda n: f"{n / 1048576:6.1f} MiB"
print(f"{name:16} bootstrap {mib(os.path.getsize(path))}   zip {mib(len(buffer.getvalue()))}")
PY
}

start=$SECONDS
if [ -n "$only" ]; then
    out=target/lambda-arm64
    IFS=, read -r -a names <<<"$only"
    bins=()
    for bin in "${names[@]}"; do bins+=(--bin "$bin"); done
    echo "cargo lambda $CARGO_LAMBDA_VERSION (zig $ZIGLANG_VERSION): build --release --arm64 ${bins[*]}"
    cargo lambda build --release --arm64 --lambda-dir "$out" "${bins[@]}"
else
    ensure_venv "$INFRA_VENV" "$INFRA_PINS"
    echo "sam $SAM_CLI_VERSION with cargo lambda $CARGO_LAMBDA_VERSION (zig $ZIGLANG_VERSION): build"
    # rust-cargolambda is a beta build method: the variable enables it without a prompt.
    SAM_CLI_TELEMETRY=0 SAM_CLI_BETA_RUST_CARGO_LAMBDA=1 AWS_DEFAULT_REGION=us-east-1 \
        "$INFRA_VENV/bin/sam" build --template template.yaml
    # The template's logical ids, by binary (BuildProperties.Binary).
    out=.aws-sam/bootstraps
    rm -rf "$out"
    names=()
    id=""
    while IFS= read -r line; do
        if [[ "$line" =~ ^\ \ ([A-Za-z0-9]+Function):$ ]]; then
            id="${BASH_REMATCH[1]}"
        elif [[ -n "$id" && "$line" =~ ^\ +Binary:\ *([a-z0-9-]+)$ ]]; then
            bin="${BASH_REMATCH[1]}"
            mkdir -p "$out/$bin"
            ln -s "../../build/$id/bootstrap" "$out/$bin/bootstrap"
            names+=("$bin")
            id=""
        fi
    done <template.yaml
fi
echo "built in $((SECONDS - start)) s, in $out:"
for name in "${names[@]}"; do
    [ -f "$out/$name/bootstrap" ] || {
        echo "build.sh: $out/$name/bootstrap is missing" >&2
        exit 1
    }
    sizes "$name" "$out/$name/bootstrap"
done
