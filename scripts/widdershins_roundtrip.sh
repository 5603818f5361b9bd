#!/usr/bin/env bash
# The widdershins round trip: OpenAPI → widdershins (pinned) → Slate →
# `codegen openapi`, compared with what widdershins was given, per category
# (tests/widdershins/recall.rs). Documents:
#   (a) spec/, exported by `codegen openapi --openapi-version 3.0`;
#   (b) tests/widdershins/fixtures/*.yaml, our own OpenAPI 3.0 documents;
# each with widdershins' default options and with --expandBody,
# --shallowSchemas, --omitHeader and --summary. The crate generated from each
# fixture's Slate is built and its example tests run (one target folder,
# target/generated-crates). The real widdershins output in
# ../shared/corpus/ConciergeSoftwareDesign-cardsync-api-docs is read too.
# REPORT_ONLY=1 prints the figures without failing below 100%.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/scripts/widdershins"
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
widdershins="$tools/node_modules/.bin/widdershins"
"$widdershins" --version 2> /dev/null | head -n 1 || true

cargo build -q -p codegen -p e2e --bin codegen --bin openapi-recall
codegen="$root/target/debug/codegen"
recall="$root/target/debug/openapi-recall"
report_only=()
[ "${REPORT_ONLY:-0}" = 1 ] && report_only=(--report-only)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0

# round_trip NAME OPENAPI.json: every option set, Slate read back and compared.
round_trip() {
    local name=$1 source=$2 option folder
    for option in default --expandBody --shallowSchemas --omitHeader --summary; do
        folder="$scratch/$name-${option#--}"
        mkdir -p "$folder"
        local flags=()
        [ "$option" != default ] && flags=("$option")
        "$widdershins" "${flags[@]}" "$source" -o "$folder/index.html.md" > /dev/null 2>&1
        # Exit 1 still writes the document (part of the input was not read):
        # the comparison says what is missing.
        local code=0
        "$codegen" openapi --spec "$folder" --openapi-version 3.0 > "$folder/read-back.json" 2> "$folder/stderr" || code=$?
        if [ "$code" -ge 2 ]; then
            echo "codegen openapi produced nothing on $name ($option):"; cat "$folder/stderr"; status=1; continue
        fi
        if [ "$code" = 1 ]; then grep -m 1 '^error' "$folder/stderr" | sed "s/^/  $name ($option): /" || true; fi
        local shallow=()
        [ "$option" = --shallowSchemas ] && shallow=(--shallow-schemas)
        "$recall" "$source" "$folder/read-back.json" --label "$name ($option)" "${shallow[@]}" "${report_only[@]}" || status=1
    done
}

echo "== (a) spec/ → codegen openapi (3.0) → widdershins → Slate → codegen openapi"
"$codegen" openapi --spec spec --openapi-version 3.0 > "$scratch/spec.json" 2> /dev/null
round_trip spec "$scratch/spec.json"

echo "== (b) our OpenAPI 3.0 fixtures → widdershins → Slate → codegen openapi"
for fixture in tests/widdershins/fixtures/*.yaml; do
    name=$(basename "$fixture" .yaml)
    node "$tools/to-json.js" "$fixture" > "$scratch/$name.json"
    round_trip "$name" "$scratch/$name.json"
    echo "-- $name: the generated crate builds, passes its example tests and clippy"
    "$codegen" generate --spec "$scratch/$name-default" --out "$scratch/crate-$name" --name "$name-api" 2> "$scratch/$name.generate" || {
        tail -n 5 "$scratch/$name.generate"; status=1; continue; }
    CARGO_TARGET_DIR="$root/target/generated-crates" cargo test -q --manifest-path "$scratch/crate-$name/Cargo.toml" || status=1
    CARGO_TARGET_DIR="$root/target/generated-crates" cargo clippy -q --manifest-path "$scratch/crate-$name/Cargo.toml" \
        --all-targets -- -D warnings || status=1
done

corpus=../shared/corpus/ConciergeSoftwareDesign-cardsync-api-docs
if [ -d "$corpus" ]; then
    echo "== real widdershins output: $(basename "$corpus")"
    "$codegen" openapi --spec "$corpus" --openapi-version 3.0 > "$scratch/corpus.json" 2> "$scratch/corpus.err" || true
    tail -n 1 "$scratch/corpus.err"
    python3 - "$scratch/corpus.json" "$corpus/index.html.md" <<'PY' || status=1
import json, re, sys
doc = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
lines = set(re.findall(r'^`(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (/[^`]*)`$', text, re.M))
ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
schemas = re.findall(r'<h2 id="tocS_[^"]*">', text)
read = doc["components"]["schemas"]
statuses = len(re.findall(r'^\|\d{3}\|\[', text, re.M))
got = sum(len([s for s in op["responses"] if s != "default"]) for item in doc["paths"].values() for op in item.values())
print(f"operations {len(ops & lines)}/{len(lines)}, schemas {len(read)}/{len(schemas)}, responses {got}/{statuses}")
sys.exit(0 if lines <= ops and len(read) >= len(schemas) and got >= statuses else 1)
PY
fi
exit $status
