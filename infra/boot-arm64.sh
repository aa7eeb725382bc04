#!/usr/bin/env bash
# Boots the arm64 bootstraps infra/build.sh made, as Lambda would, on any machine:
# each runs under qemu-user against the runtime tests' fake Lambda Runtime API
# (tests/tests/api/runtime.rs), with its kind of event (API Gateway v2, SQS,
# EventBridge, the migrate invocation), the local PostgreSQL and the AWS emulator.
#
#   infra/boot-arm64.sh                             # after infra/build.sh: every function,
#                                                   # and every runtime:: test
#   infra/boot-arm64.sh --only health,email-worker  # after build.sh --only with the same list
#
# Installs Debian's qemu-user-static and the arm64 glibc it loads the bootstraps
# with (libc6-arm64-cross, libgcc-s1-arm64-cross) when missing and run as root.
# Starts PostgreSQL and the emulator as local/test.sh does (local/scripts/services.sh),
# unless DATABASE_URL and AWS_ENDPOINT_URL already name them.
set -euo pipefail

cd "$(dirname "$0")/.."
source local/scripts/services.sh
# shellcheck source=infra/tools.sh
source infra/tools.sh

parse_only "$0" "$@"

# The bootstraps are linked against glibc (cargo lambda builds for
# aarch64-unknown-linux-gnu through zig): qemu loads them with Debian's arm64 glibc.
SYSROOT=/usr/aarch64-linux-gnu
if ! command -v qemu-aarch64-static >/dev/null || [[ ! -e "$SYSROOT/lib/ld-linux-aarch64.so.1" ]] ||
    [[ ! -e "$SYSROOT/lib/libgcc_s.so.1" ]]; then
    [[ $(id -u) -eq 0 ]] || die "install qemu-user-static, libc6-arm64-cross and libgcc-s1-arm64-cross"
    log "installing qemu-user-static and the arm64 glibc"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        qemu-user-static libc6-arm64-cross libgcc-s1-arm64-cross >/dev/null
fi

if [[ -n "$only" ]]; then
    export LAMBDA_BOOTSTRAP_DIR="$PWD/target/lambda-arm64" LAMBDA_FUNCTIONS="$only"
    tests=(runtime::every_registered_function_boots)
else
    export LAMBDA_BOOTSTRAP_DIR="$PWD/.aws-sam/bootstraps"
    tests=(runtime::)
fi
[[ -d "$LAMBDA_BOOTSTRAP_DIR" ]] || die "$LAMBDA_BOOTSTRAP_DIR is missing: run infra/build.sh ${only:+--only $only} first"
export LAMBDA_WRAPPER="qemu-aarch64-static -L $SYSROOT"

trap services_down EXIT
services_up
export LOG_FORMAT=text RUST_LOG="${RUST_LOG:-warn}"
log "booting ${only:-every function} from $LAMBDA_BOOTSTRAP_DIR under $LAMBDA_WRAPPER"
cargo test -p tests --test api -- "${tests[@]}"
