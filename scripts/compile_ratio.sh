#!/usr/bin/env bash
# How long rustc takes over the crate generated from spec/, side by side with
# the crate progenitor generates from our OpenAPI 3.0 export of the same spec.
# Both crates live in one small workspace under target/compile-ratio, so they
# share one target folder and one lock file; their dependencies are built
# first and only the crate itself is timed: a release build and a debug
# rebuild (after touching src/lib.rs), CPU time (user+sys) and wall time,
# alternating the two crates, median with min-max over RUNS runs, and the
# ratio ours / progenitor. Then, if cargo-llvm-lines is there, the functions
# of our crate that weigh most in LLVM IR, i.e. what rustc spends its time on.
# Prints figures, never asserts.
#
# Usage: scripts/compile_ratio.sh [RUNS]   (default 3; needs python3 and /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
progenitor_version=0.15.1
llvm_lines_version=0.4.48
tools="$PWD/target/tools"
work="$PWD/target/compile-ratio"
ours=ours-from-slate
theirs=progenitor-from-openapi
mkdir -p "$work" "$tools"
export PATH="$tools/bin:$PATH"

# Installs a crates.io tool at a pinned version under target/tools, unless
# that version is already there.
install_tool() {
    local name=$1 version=$2
    if cargo install --list --root "$tools" | grep -qx "$name v$version:"; then
        return
    fi
    echo "-- installing $name $version into target/tools"
    cargo install -q --locked --version "$version" "$name" --root "$tools"
}

install_tool cargo-progenitor "$progenitor_version"
install_tool cargo-llvm-lines "$llvm_lines_version" || echo "(cargo-llvm-lines not installed: no IR figures)"

cargo build -q -p codegen
codegen="$PWD/target/debug/codegen"

# Exit code 1 (written, with findings) is expected; anything above stops.
allow_findings() {
    local status=0
    "$@" || status=$?
    [ "$status" -le 1 ] || { echo "exit code $status: $*" >&2; exit "$status"; }
}

echo "== generating both crates"
allow_findings "$codegen" openapi --spec spec --openapi-version 3.0 > "$work/openapi.json" 2> "$work/openapi.log"

# progenitor 0.15 asserts that the success responses of one operation have a
# single type, and so do its error responses (method.rs, extract_responses).
# Our export keeps each status code's own body (an operation's 401 has none
# where its 400 has an `Error`), so a copy of the document is rewritten for
# it: within each group, every response takes the group's most common JSON
# body (so no type is lost: the crate stays as big as progenitor would make
# it), or its most common body when none is JSON. Printed, since it changes
# what progenitor's client decodes.
python3 - "$work/openapi.json" "$work/openapi-for-progenitor.json" <<'PYTHON'
import copy
import json
import sys
from collections import Counter

document = json.load(open(sys.argv[1]))
methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def is_success(code):
    return code in ("default", "101", "2XX") or code.startswith("2")


def is_error(code):
    return code == "default" or code[0] in "45"


def body_key(response):
    """What progenitor makes of a response: a JSON type, raw bytes or nothing."""
    content = response.get("content") or {}
    for media, entry in content.items():
        if media == "application/json" or media.startswith("application/json;"):
            return "json " + json.dumps(entry.get("schema"), sort_keys=True)
    return "raw " + next(iter(content)) if content else "none"


def shown(key):
    return key.replace('json {"$ref": "#/components/schemas/', "").replace('"}', "")[:60]


def unify(operation_id, responses, codes, label):
    keys = {code: body_key(responses[code]) for code in codes}
    if len(set(keys.values())) <= 1:
        return 0
    counts = Counter(keys.values())
    # A JSON body first, then the most common, then the lowest status code.
    chosen = min(codes, key=lambda c: (not keys[c].startswith("json"), -counts[keys[c]], c))
    changed = 0
    for code in codes:
        if keys[code] != keys[chosen]:
            content = responses[chosen].get("content")
            if content is None:
                responses[code].pop("content", None)
            else:
                responses[code]["content"] = copy.deepcopy(content)
            print(f"  {operation_id}, {label} {code}: {shown(keys[code])} -> {shown(keys[chosen])} (as {chosen})")
            changed += 1
    return changed


changed = 0
for path, item in document.get("paths", {}).items():
    for method, operation in item.items():
        if method not in methods:
            continue
        responses = operation.get("responses", {})
        name = operation.get("operationId", f"{method} {path}")
        errors = [c for c in responses if is_error(c)]
        changed += unify(name, responses, errors, "error")
        successes = [c for c in responses if is_success(c)]
        if len({body_key(responses[c]) for c in successes}) > 1 and "default" in successes:
            # `default` is in both groups: it keeps its error body, and leaves the successes.
            print(f"  {name}: default response dropped, its body differs from the success body")
            del responses["default"]
            successes.remove("default")
            changed += 1
        changed += unify(name, responses, successes, "success")
print(f"progenitor workaround: {changed} response(s) rewritten in its copy of the document")
json.dump(document, open(sys.argv[2], "w"), indent=1)
PYTHON

rm -rf "${work:?}/$ours" "${work:?}/$theirs"
allow_findings "$codegen" generate --spec spec --out "$work/$ours" --name "$ours" --member > /dev/null 2> "$work/generate.log"
cargo-progenitor progenitor --input "$work/openapi-for-progenitor.json" --output "$work/$theirs" \
    --name "$theirs" --version 0.1.0 > "$work/progenitor.log" 2>&1 \
    || { cat "$work/progenitor.log" >&2; echo "progenitor refused the document" >&2; exit 2; }
cat > "$work/Cargo.toml" <<TOML
# Written by scripts/compile_ratio.sh: both crates in one target folder.
[workspace]
members = ["$ours", "$theirs"]
resolver = "2"
TOML
echo "$ours: $(find "$work/$ours/src" -name '*.rs' -exec cat {} + | wc -l) lines of Rust;" \
    "$theirs: $(find "$work/$theirs/src" -name '*.rs' -exec cat {} + | wc -l) lines"

manifest="$work/Cargo.toml"
export CARGO_TARGET_DIR="$work/target"
echo "== building the dependencies of both crates (not timed)"
cargo build -q --release --manifest-path "$manifest" --workspace
cargo build -q --manifest-path "$manifest" --workspace

# Appends "wall user sys" seconds of one build of one crate to $work/times/KIND-CRATE.
timed_build() {
    local kind=$1 crate=$2
    local profile=()
    [ "$kind" = release ] && profile=(--release)
    touch "$work/$crate/src/lib.rs"
    /usr/bin/time -f "%e %U %S" -o "$work/times/last" \
        cargo build -q "${profile[@]}" --manifest-path "$manifest" -p "$crate"
    cat "$work/times/last" >> "$work/times/$kind-$crate"
}

rm -rf "$work/times"
mkdir -p "$work/times"
# One untimed round first: the first rebuild after the dependencies were built
# still recompiles the whole crate (a cold incremental cache in debug).
for kind in release debug; do
    timed_build "$kind" "$ours"
    timed_build "$kind" "$theirs"
done
rm -f "$work/times/"*
for run in $(seq "$runs"); do
    echo "-- run $run of $runs"
    for kind in release debug; do
        timed_build "$kind" "$ours"
        timed_build "$kind" "$theirs"
    done
done

echo "== seconds of building the crate alone: median (min-max) over $runs runs"
python3 - "$work/times" "$ours" "$theirs" <<'PYTHON'
import statistics
import sys

folder, ours, theirs = sys.argv[1:]


def samples(kind, crate):
    rows = [line.split() for line in open(f"{folder}/{kind}-{crate}") if line.strip()]
    return {"wall": [float(r[0]) for r in rows], "cpu": [float(r[1]) + float(r[2]) for r in rows]}


print(f"{'':30} {'ours':>20} {'progenitor':>20} {'ours/progenitor':>16}")
for kind, label in (("release", "release build"), ("debug", "debug rebuild (touch)")):
    a, b = samples(kind, ours), samples(kind, theirs)
    for measure in ("cpu", "wall"):
        x, y = a[measure], b[measure]
        cell = lambda v: f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
        ratio = statistics.median(x) / statistics.median(y)
        print(f"{label + ', ' + measure:30} {cell(x):>20} {cell(y):>20} {ratio:>16.2f}")
PYTHON

if command -v cargo-llvm-lines > /dev/null; then
    echo "== cargo llvm-lines on $ours (debug): top 15 functions by lines of LLVM IR"
    cargo llvm-lines --manifest-path "$manifest" -p "$ours" --lib 2> "$work/llvm-lines.log" \
        > "$work/llvm-lines.txt" || { tail -n 5 "$work/llvm-lines.log"; exit 0; }
    head -n 18 "$work/llvm-lines.txt"
    echo "(whole list: $work/llvm-lines.txt)"
    cargo llvm-lines --manifest-path "$manifest" -p "$theirs" --lib 2>> "$work/llvm-lines.log" \
        > "$work/llvm-lines-progenitor.txt" || exit 0
    echo "total, progenitor's crate: $(grep -m 1 TOTAL "$work/llvm-lines-progenitor.txt" | xargs)"
fi
