#!/usr/bin/env bash
# Side-by-side figures of the toolkit's speed, as ratios: `codegen ir` and
# `codegen generate` against one bare pulldown-cmark pass over the same files
# (../shared/perf/bare), and against themselves on 4 and 16 times the
# documentation (../shared/perf/scale.py), on the 2020-09-01 reference.
# At 4x it also measures `generate` beside a run whose rustfmt cannot be
# started, which prints rustfmt's part of the time. Whole processes, measured
# by hyperfine one command's runs after the other's, so the machine's drift
# can fall on one more than another (scripts/perf_compare.sh alternates);
# medians, with the fastest and slowest run to show the noise. Prints, never
# asserts.
#
# Usage: scripts/perf_ratios.sh [RUNS]     (needs hyperfine and python3)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
shared=../shared
[ -d "$shared/perf" ] || shared=../../shared
source_folder="$shared/reference/2020-09-01"
work=target/perf
mkdir -p "$work"

command -v hyperfine > /dev/null || { echo "perf_ratios.sh: hyperfine is needed (apt install hyperfine)" >&2; exit 2; }
cargo build -q --release -p codegen
CARGO_TARGET_DIR="$PWD/target/perf-bare" cargo build -q --release --manifest-path "$shared/perf/bare/Cargo.toml"
bare="$PWD/target/perf-bare/release/bare"
codegen="$PWD/target/release/codegen"

for factor in 1 4 16; do
    folder="$work/x$factor"
    if [ ! -d "$folder" ]; then
        python3 "$shared/perf/scale.py" "$source_folder" "$factor" "$folder" > /dev/null
    fi
done

# Median, min and max seconds of each command, in order, from hyperfine's JSON.
measure() {
    local json=$1
    shift
    hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$json" "$@" > /dev/null 2>&1 || true
    python3 - "$json" <<'PYTHON'
import json
import sys

for result in json.load(open(sys.argv[1]))["results"]:
    times = sorted(result["times"])
    print(f'{result["median"]:.6f} {times[0]:.6f} {times[-1]:.6f}')
PYTHON
}

declare -A median low high
# Keeps one line of `measure` (median, fastest, slowest) under KEY.
keep() {
    local key=$1 m l h
    read -r m l h <<< "$2"
    median[$key]=$m
    low[$key]=$l
    high[$key]=$h
}

for factor in 1 4 16; do
    folder="$work/x$factor"
    mapfile -t lines < <(measure "$work/x$factor.json" \
        "$bare $folder" \
        "$codegen ir --spec $folder" \
        "$codegen generate --spec $folder --out $work/crate-x$factor")
    for index in 0 1 2; do
        keep "$index/$factor" "${lines[$index]}"
    done
done

# rustfmt's part of `generate`: the same run with a rustfmt that cannot be
# started keeps the files as prettyplease printed them (and says so),
# measured in one batch with a whole run. At 4x only, the size the goals are
# set at.
mapfile -t lines < <(measure "$work/layout-x4.json" \
    "$codegen generate --spec $work/x4 --out $work/crate-x4" \
    "env RUSTFMT=$work/no-rustfmt $codegen generate --spec $work/x4 --out $work/crate-prettyplease-x4")
keep 3/4 "${lines[0]}"
keep 4/4 "${lines[1]}"

ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }
row() {
    local label=$1 index=$2 factor=$3
    local key="$index/$factor"
    printf '%-34s %9.1f ms  (%.1f–%.1f)\n' "$label" \
        "$(python3 -c "print(${median[$key]} * 1000)")" \
        "$(python3 -c "print(${low[$key]} * 1000)")" \
        "$(python3 -c "print(${high[$key]} * 1000)")"
}

echo "== medians over $runs runs (fastest–slowest), 2020-09-01 reference scaled"
for factor in 1 4 16; do
    row "bare pulldown-cmark pass, ${factor}x" 0 "$factor"
    row "codegen ir, ${factor}x" 1 "$factor"
    row "codegen generate, ${factor}x" 2 "$factor"
done
row "codegen generate, 4x (same batch)" 3 4
row "codegen generate, no rustfmt, 4x" 4 4
echo "== ratios"
for factor in 1 4 16; do
    echo "ir / bare at ${factor}x:        $(ratio "${median[1/$factor]}" "${median[0/$factor]}")"
    echo "generate / bare at ${factor}x:  $(ratio "${median[2/$factor]}" "${median[0/$factor]}")"
done
echo "generate, no rustfmt / bare at 4x: $(ratio "${median[4/4]}" "${median[0/4]}")"
echo "rustfmt's part of generate at 4x: $(python3 -c "print(f'{(${median[3/4]} - ${median[4/4]}) * 1000:.1f} ms of {${median[3/4]} * 1000:.1f}')")"
echo "ir at 4x / ir at 1x:         $(ratio "${median[1/4]}" "${median[1/1]}")   (linear: 4)"
echo "ir at 16x / ir at 1x:        $(ratio "${median[1/16]}" "${median[1/1]}")   (linear: 16)"
echo "generate at 16x / at 1x:     $(ratio "${median[2/16]}" "${median[2/1]}")   (linear: 16)"
