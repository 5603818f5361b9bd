#!/usr/bin/env bash
# How far the generated files' layout (prettyplease) is from what rustfmt
# would write, under a few rustfmt configurations. Each generated crate is
# copied under target/rustfmt-gap without its `rustfmt::skip` line, then
# `rustfmt --check --edition 2021` runs over its own files (the copied
# runtime is emptied in the copy: it is hand-written and formatted with the
# workspace's configuration, and rustfmt would reach it through `mod`). Prints, per configuration, the number of hunks rustfmt
# would change and the lines it would remove and add. Prints figures, never
# asserts.
#
# Usage: scripts/rustfmt_gap.sh [CRATE_DIR...]
#   (default: generated codegen/tests/mini-api codegen/tests/auth-paging-api)
set -euo pipefail
cd "$(dirname "$0")/.."

crates=("$@")
if [ ${#crates[@]} -eq 0 ]; then
    crates=(generated codegen/tests/mini-api codegen/tests/auth-paging-api)
fi
work="$PWD/target/rustfmt-gap"
rm -rf "$work"
mkdir -p "$work"

configs=(
    'max_width = 100'
    $'max_width = 120\nuse_small_heuristics = "Max"'
    $'max_width = 89\nuse_small_heuristics = "Max"'
    $'max_width = 89\nuse_small_heuristics = "Off"'
    $'max_width = 90\nuse_small_heuristics = "Off"'
)

lines_of() { find "$1" -name '*.rs' -not -path '*/runtime/*' -print0 | xargs -0 cat | wc -l; }

for crate in "${crates[@]}"; do
    copy="$work/$(basename "$crate")"
    cp -r "$crate" "$copy"
    find "$copy" -name '*.rs' -print0 | xargs -0 sed -i '/^#!\[cfg_attr(rustfmt, rustfmt::skip)\]$/d'
    find "$copy" -path '*/runtime/*.rs' -exec truncate -s 0 {} +
    echo "== $crate ($(lines_of "$copy") lines outside the runtime)"
    for config in "${configs[@]}"; do
        printf '%s\n' "$config" > "$copy/rustfmt.toml"
        report=$(find "$copy" -name '*.rs' -not -path '*/runtime/*' -print0 \
            | xargs -0 rustfmt --edition 2021 --color never --check 2>/dev/null || true)
        hunks=$(grep -c '^Diff in' <<< "$report" || true)
        removed=$(grep -c '^-' <<< "$report" || true)
        added=$(grep -c '^+' <<< "$report" || true)
        printf '  %5s hunks  -%-6s +%-6s  %s\n' "$hunks" "$removed" "$added" "${config//$'\n'/, }"
    done
done
