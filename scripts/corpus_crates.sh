#!/usr/bin/env bash
# The toolkit over every Slate document of ../shared/corpus (other companies'
# documentation), as CI runs it: `codegen ir`, `codegen lint`, `codegen
# generate`, then `cargo test` of the generated crate, with the seconds each
# document took and a summary at the end.
#
# `ir`, `lint` and `generate` exit 1 when part of a document could not be read
# or a check found something: expected of documentation the project did not
# write, so it is not a failure. Exit 2 (nothing produced) or any other code (a crash) is,
# and so is a generated crate that does not build, fails its tests or gets a clippy warning. Every
# document is tried; the script exits 1 when one of them failed. The crates
# share one target folder and the workspace's runtime (`--runtime-path`), so
# their dependencies and the runtime compile once.
#
# Usage: scripts/corpus_crates.sh [CORPUS_FOLDER...]   (default: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
    set -- ../shared/corpus/*/
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cargo build -q -p codegen
codegen="$PWD/target/debug/codegen"
export CARGO_TARGET_DIR="$PWD/target/generated-crates"

# Runs a command whose exit code 1 reports findings; fails on anything above,
# showing the command's messages (kept in $log).
allow_findings() {
    local log=$1 status=0
    shift
    "$@" 2> "$log" || status=$?
    if [ "$status" -gt 1 ]; then
        cat "$log" >&2
        echo "exit code $status: $*" >&2
        return "$status"
    fi
}

# One document; returns non-zero at its first failing step. Called in an `if`,
# where `set -e` does not apply, so every step says `|| return`.
check_doc() {
    local doc=$1 name=$2
    local crate
    crate="corpus-$(echo "$name" | tr '[:upper:]' '[:lower:]')"
    allow_findings "$scratch/$name.ir.txt" "$codegen" ir --spec "$doc" > "$scratch/$name.ir.json" || return
    allow_findings "$scratch/$name.lint.err" "$codegen" lint --spec "$doc" > "$scratch/$name.lint.txt" || return
    echo "lint: $(tail -n 1 "$scratch/$name.lint.txt")"
    allow_findings "$scratch/$name.generate.txt" \
        "$codegen" generate --spec "$doc" --out "$scratch/$crate" --name "$crate" \
        --runtime-path "$PWD/codegen/runtime" > /dev/null || return
    cargo test -q --manifest-path "$scratch/$crate/Cargo.toml" || return
    # Generated code reads as written by hand: clippy has nothing to say.
    cargo clippy -q --manifest-path "$scratch/$crate/Cargo.toml" --all-targets -- -D warnings || return
}

summary=()
failed=0
for doc in "$@"; do
    name=$(basename "$doc")
    started=$SECONDS
    echo "-- $name: ir, lint, generate, cargo test of the generated crate"
    if check_doc "$doc" "$name"; then
        result=ok
    else
        result=FAILED
        failed=1
    fi
    summary+=("$(printf '%-44s %-7s %4d s' "$name" "$result" $((SECONDS - started)))")
    echo "-- $name: $result in $((SECONDS - started)) s"
done
printf '%s\n' "== corpus summary" "${summary[@]}"
exit "$failed"
