#!/usr/bin/env bash
# The generated client against an independent server: Prism (Stoplight's
# OpenAPI mock server, pinned in scripts/prism/package-lock.json) serves the
# OpenAPI export of a Slate document the project did not write, and the crate
# generated from the same document runs a test program (tests/prism/NAME.rs)
# that calls every GET operation through the generated client, with the
# credential the document's security scheme names. Prism runs twice: answers
# from the document's examples (static), then answers it makes up from the
# schemas (dynamic, seeded), which the client must decode just as well.
#
# Usage: scripts/prism.sh [SPEC_FOLDER CALLER_FILE]
#   default: the cardsync document of ../shared/corpus and tests/prism/cardsync.rs
set -euo pipefail
cd "$(dirname "$0")/.."

spec=${1:-../shared/corpus/ConciergeSoftwareDesign-cardsync-api-docs}
caller=${2:-tests/prism/cardsync.rs}
work=target/prism
mkdir -p "$work"

# Prism, at the pinned version, installed once per lock file.
if ! cmp -s scripts/prism/package-lock.json "$work/installed-package-lock.json" 2> /dev/null; then
    (cd scripts/prism && npm ci --no-audit --no-fund --loglevel=error)
    cp scripts/prism/package-lock.json "$work/installed-package-lock.json"
fi
prism="$PWD/scripts/prism/node_modules/.bin/prism"
"$prism" --version

cargo build -q -p codegen
codegen="$PWD/target/debug/codegen"
# Findings in a document the project did not write (exit 1) are expected.
"$codegen" openapi --spec "$spec" --openapi-version 3.0 > "$work/openapi.json" 2> "$work/openapi.log" || [ $? -eq 1 ]
crate="$work/crate"
rm -rf "$crate"
# The workspace's runtime, as the corpus crates take it: built once in their target folder.
"$codegen" generate --spec "$spec" --out "$crate" --name prism-client --runtime-path "$PWD/codegen/runtime" \
    > /dev/null 2> "$work/generate.log" || [ $? -eq 1 ]
mkdir -p "$crate/tests"
cp "$caller" "$crate/tests/prism.rs"
# The test program's runtime, in the crate's own [dev-dependencies] table.
grep -qx '\[dev-dependencies\]' "$crate/Cargo.toml" || printf '\n[dev-dependencies]\n' >> "$crate/Cargo.toml"
sed -i '/^\[dev-dependencies\]$/a tokio = { version = "1", features = ["macros", "rt-multi-thread"] }' "$crate/Cargo.toml"
export CARGO_TARGET_DIR="$PWD/target/generated-crates"
cargo test -q --manifest-path "$crate/Cargo.toml" --test prism --no-run

prism_pid=
cleanup() {
    if [ -n "$prism_pid" ]; then
        kill "$prism_pid" 2> /dev/null || true
        wait "$prism_pid" 2> /dev/null || true
    fi
}
trap cleanup EXIT

# Starts Prism on a free port with the given options; sets PRISM_URL.
start_prism() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$prism" mock --host 127.0.0.1 --port "$port" "$@" "$work/openapi.json" > "$work/prism.log" 2>&1 &
    prism_pid=$!
    for _ in $(seq 1 300); do
        if grep -q "Prism is listening" "$work/prism.log"; then
            export PRISM_URL="http://127.0.0.1:$port"
            return
        fi
        if ! kill -0 "$prism_pid" 2> /dev/null; then
            break
        fi
        sleep 0.1
    done
    cat "$work/prism.log" >&2
    echo "prism.sh: Prism did not start" >&2
    exit 1
}

status=0
for mode in static dynamic; do
    if [ "$mode" = static ]; then
        start_prism
    else
        start_prism --dynamic --seed 20260901
    fi
    echo "-- $mode answers: $(basename "$spec") through its generated client, Prism at $PRISM_URL"
    if ! cargo test -q --manifest-path "$crate/Cargo.toml" --test prism -- --nocapture; then
        status=1
        echo "prism.sh: the client disagrees with Prism's $mode answers; Prism's log:" >&2
        grep -E "error|✖|violation" "$work/prism.log" | head -n 40 >&2 || true
    fi
    cleanup
    prism_pid=
done
exit "$status"
