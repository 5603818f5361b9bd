#!/usr/bin/env bash
# The whole side-by-side table of the toolkit's speed, as ratios, in one run:
# - `codegen ir` and `codegen generate` against one bare pulldown-cmark pass,
#   and against themselves on 4x and 16x the documentation (perf_ratios.sh);
# - the release build and debug rebuild of the crate generated from spec/
#   against the crate progenitor generates from our OpenAPI export of it
#   (compile_ratio.sh);
# - the generated client streaming 10k and 100k items against a hand-written
#   reqwest loop, and the generated tagged unions decoding against serde's own
#   tagged derive (divan benchmarks of the e2e crate: medians, with the
#   fastest and slowest sample).
# Every part prints its own figures; the summary at the end gathers the
# ratios. Prints, never asserts: figures on a shared machine vary.
#
# Usage: scripts/perf_table.sh [RUNS]   (default 5; needs hyperfine, python3, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
out=target/perf-table
mkdir -p "$out"

echo "#### reading and generating"
scripts/perf_ratios.sh "$runs" | tee "$out/perf_ratios.txt"
echo "#### building the generated crate"
scripts/compile_ratio.sh "$runs" | tee "$out/compile_ratio.txt"
echo "#### streaming and union decoding (divan)"
cargo bench -q -p e2e --bench client_stream 2> /dev/null | tee "$out/client_stream.txt"
cargo bench -q -p e2e --bench union_decoding 2> /dev/null | tee "$out/union_decoding.txt"

echo
echo "#### summary"
grep -E "^(ir|generate)" "$out/perf_ratios.txt" || true
grep -E "^(release build|debug rebuild)" "$out/compile_ratio.txt" | sed 's/^/ours \/ progenitor: /' || true
python3 - "$out/client_stream.txt" "$out/union_decoding.txt" <<'PYTHON'
import re
import sys

UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(cell):
    match = re.match(r"\s*([\d.]+)\s*(ns|µs|us|ms|s)\b", cell)
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def medians(path):
    """{(bench, arg): (median, fastest, slowest)} from divan's table."""
    found, parents = {}, []
    for line in open(path, encoding="utf-8"):
        tree = re.match(r"^[\s│├╰─]*", line).group(0)
        cells = line[len(tree):].rstrip("\n").split("│")
        head = re.match(r"^([A-Za-z_]\w*|\d+)\s*(.*)$", cells[0])
        if not head or len(cells) < 4:
            continue
        depth, name, fastest = len(tree), head.group(1), seconds(head.group(2))
        parents = [p for p in parents if p[0] < depth] + [(depth, name)]
        if fastest is None:
            continue
        key = tuple(p[1] for p in parents[1:]) or (name,)
        found[key] = (seconds(cells[2]), fastest, seconds(cells[1]))
    return found


def ratio_line(label, theirs, ours):
    if not theirs or not ours or None in theirs + ours:
        print(f"{label}: not measured")
        return
    # Faster is better: the ratio of the other's time to ours, with the
    # extremes of both to show the noise.
    low, high = theirs[1] / ours[2], theirs[2] / ours[1]
    print(f"{label}: {theirs[0] / ours[0]:.2f} ({low:.2f}-{high:.2f})")


stream = medians(sys.argv[1])
for size in ("10000", "100000"):
    ratio_line(
        f"stream {size} items, hand-written / generated time (>= 1: generated as fast)",
        stream.get(("hand_written", size)),
        stream.get(("generated", size)),
    )
unions = medians(sys.argv[2])
ratio_line(
    "union decoding, serde derive / generated time (>= 0.9 is the goal)",
    unions.get(("plain_derive",)),
    unions.get(("generated",)),
)
PYTHON
