#!/usr/bin/env bash
# Writes fuzzing seeds into DIR from documentation folders (Slate folders:
# index.html.md and includes/), in the form fuzz_targets/pipeline.rs reads:
# an index, then `\0NAME\n` and the include. Each seed is small (at most
# about 6 KB of an include, whole lines, under a front matter listing just
# it), so that the fuzzer runs fast and its corpus stays small.
# Seeds are built when fuzzing starts and never committed: they are copies of
# the documentation.
set -euo pipefail
out=$1; shift
mkdir -p "$out"
for folder in "$@"; do
    label=$(basename "$folder")
    head -c 6000 "$folder/index.html.md" > "$out/$label-index"
    for include in "$folder"/includes/_*.md; do
        name=$(basename "$include" .md); name=${name#_}
        awk -v prefix="$out/$label-$name-" -v name="$name" '
            function start() {
                part++; file = prefix part; size = 0
                printf "---\ntitle: Seed\nincludes:\n  - %s\n---\n# Seed\n", name > file
                printf "%c%s\n", 0, name > file
            }
            BEGIN { start() }
            { if (size > 6000) { close(file); start() } print > file; size += length($0) + 1 }
        ' "$include"
    done
done
