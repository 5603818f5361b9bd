#!/usr/bin/env bash
# Two builds of codegen against each other, run alternately, run by run, on
# the 2020-09-01 reference scaled (../shared/perf/scale.py). On a machine
# whose speed drifts within minutes (a shared VM), two series measured one
# after the other differ by the drift; alternating puts both under the same
# drift, so the ratio of their medians says what the change did.
# Prints, never asserts.
#
# Usage: scripts/perf_compare.sh BEFORE AFTER [COMMAND] [FACTOR] [RUNS]
#   BEFORE, AFTER  two codegen binaries (build one from another revision
#                  with `git worktree add ../before REV` and
#                  `cargo build --release -p codegen` there)
#   COMMAND        ir (the default) or generate (laid out with rustfmt)
#   FACTOR         1, 4 (the default) or 16: the size of the documentation
#   RUNS           pairs of runs, 40 by default
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
before=$(realpath "$1")
after=$(realpath "$2")
command=${3:-ir}
factor=${4:-4}
runs=${5:-40}
for binary in "$before" "$after"; do
    [ -x "$binary" ] || { echo "perf_compare.sh: $binary is not an executable" >&2; exit 2; }
done
case "$command" in
    ir | generate) ;;
    *) echo "perf_compare.sh: COMMAND is ir or generate, not $command" >&2; exit 2 ;;
esac

shared=../shared
[ -d "$shared/perf" ] || shared=../../shared
[ -d "$shared/perf" ] || { echo "perf_compare.sh: ../shared/perf is needed (the scaler)" >&2; exit 2; }
work=target/perf
folder="$work/x$factor"
mkdir -p "$work"
if [ ! -d "$folder" ]; then
    python3 "$shared/perf/scale.py" "$shared/reference/2020-09-01" "$factor" "$folder" > /dev/null
fi

python3 - "$before" "$after" "$command" "$folder" "$runs" "$work" <<'PYTHON'
import os
import resource
import statistics
import subprocess
import sys
import time

before, after, command, folder, runs, work = sys.argv[1:]
binaries = {"before": before, "after": after}
wall = {name: [] for name in binaries}
cpu = {name: [] for name in binaries}


def arguments(name):
    if command == "ir":
        return ["ir", "--spec", folder]
    return ["generate", "--spec", folder, "--out", os.path.join(work, f"compare-{name}")]


def run(name):
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    subprocess.run([binaries[name], *arguments(name)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall[name].append(time.perf_counter() - begin)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu[name].append(ended.ru_utime - started.ru_utime + ended.ru_stime - started.ru_stime)


for name in binaries:  # warm the page cache and the binaries
    run(name)
    wall[name].clear()
    cpu[name].clear()
for index in range(int(runs)):
    # Which goes first alternates too, so neither always follows the other.
    order = ["before", "after"] if index % 2 == 0 else ["after", "before"]
    for name in order:
        run(name)

print(f"== {command} on {folder}, {runs} alternated pairs: median (first quartile, fastest), CPU median")
for name in binaries:
    times = sorted(wall[name])
    print(
        f"{name:7} {statistics.median(times) * 1000:8.1f} ms"
        f"  ({times[len(times) // 4] * 1000:.1f}, {times[0] * 1000:.1f})"
        f"  CPU {statistics.median(cpu[name]) * 1000:.1f} ms"
    )
ratio = statistics.median(wall["after"]) / statistics.median(wall["before"])
print(f"after / before: {ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")
PYTHON
