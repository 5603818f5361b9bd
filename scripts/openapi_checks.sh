#!/usr/bin/env bash
# The OpenAPI export checked by tools the project did not write, as CI runs it:
#
# 1. the documents exported from spec/ and from every reference folder, in
#    JSON and YAML, validated as OpenAPI 3.1 by openapi-spec-validator;
# 2. their YAML read by PyYAML (a YAML 1.1 reader) equal to their JSON;
# 3. their examples validated against their schemas by python-jsonschema
#    (scripts/check_openapi_examples.py);
# 4. schemathesis against `codegen mock` (scripts/schemathesis.sh).
#
# The tools are installed, at the versions pinned in
# scripts/openapi-requirements.txt, in a virtual environment under target/.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/openapi-venv
requirements=scripts/openapi-requirements.txt
if ! cmp -s "$requirements" "$venv/installed-requirements.txt" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/installed-requirements.txt"
fi

cargo build -q -p codegen
out=target/openapi
mkdir -p "$out"

# shared/ sits beside the repository, one level further up for a worktree.
shared=../shared
if [ ! -d "$shared/reference" ]; then
    shared=../../shared
fi
specs=(spec)
for reference in "$shared"/reference/*/; do
    if [ -d "$reference" ]; then
        specs+=("${reference%/}")
    fi
done
if [ "${#specs[@]}" -lt 3 ]; then
    echo "openapi_checks.sh: the reference documentation was not found beside the repository" >&2
    exit 1
fi

for spec in "${specs[@]}"; do
    name=$(basename "$spec")
    echo "-- $spec"
    target/debug/codegen openapi --spec "$spec" > "$out/$name.json" 2> "$out/$name.log"
    target/debug/codegen openapi --spec "$spec" --format yaml > "$out/$name.yaml" 2>> "$out/$name.log"
    "$venv/bin/openapi-spec-validator" --schema 3.1 "$out/$name.json" "$out/$name.yaml"
    "$venv/bin/python" - "$out/$name.json" "$out/$name.yaml" <<'PYTHON'
import json
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as file:
    from_json = json.load(file)
with open(sys.argv[2], encoding="utf-8") as file:
    from_yaml = yaml.safe_load(file)
if from_json != from_yaml:
    sys.exit(f"{sys.argv[2]}: PyYAML reads another document than {sys.argv[1]}")
print(f"{sys.argv[2]}: reads as {sys.argv[1]}")
PYTHON
    "$venv/bin/python" scripts/check_openapi_examples.py "$out/$name.json"
done

echo "-- schemathesis against the mock of spec/"
ST="$venv/bin/st" CODEGEN=target/debug/codegen scripts/schemathesis.sh

# A document of another company, under an API key: the mock must demand it.
# That document lists no answer for an invalid request, so the mock's plain
# 400 is not judged against it (`status_code_conformance` of invalid requests);
# refusing them, and never failing, is.
other="$shared/corpus/ConciergeSoftwareDesign-cardsync-api-docs"
echo "-- schemathesis against the mock of $(basename "$other")"
SPEC="$other" NEGATIVE_CHECKS=not_a_server_error,negative_data_rejection,ignored_auth \
    ST="$venv/bin/st" CODEGEN=target/debug/codegen scripts/schemathesis.sh
