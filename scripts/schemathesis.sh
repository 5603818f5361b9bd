#!/usr/bin/env bash
# Property-based tests of the OpenAPI document of SPEC (spec/ unless set)
# against `codegen mock` of the same documentation,
# with schemathesis: every operation gets at most MAX_EXAMPLES generated
# requests per phase (valid and invalid ones), the whole run at most
# TIME_LIMIT seconds, with a fixed SEED so that a failure reproduces. Fails
# when the mock answers a server error, or an answer the document does not
# describe (status, content type, headers, body), or accepts invalid data or
# a request without its session. Needs `st` (schemathesis) on PATH, or ST.
#
#   SPEC=FOLDER scripts/schemathesis.sh [CHECKS [ST_RUN_OPTIONS...]]
#
# The mock is started with one API key, bearer token and basic account, which
# the hooks (scripts/schemathesis_hooks.py) send where the document's security
# requirements ask: `ignored_auth` then checks that a missing or wrong
# credential is refused.
#
# Two checks are left out of the default. `positive_data_acceptance`: some
# requests the document allows are refused, as the API documents (a command
# whose `processUid` was already sent, a `range` whose START is past its
# END), or because the mock refuses fields no table lists where the
# document's objects stay open. `unsupported_method`: the mock's 405 answers
# carry no `Allow` header.
set -euo pipefail
cd "$(dirname "$0")/.."

st=${ST:-st}
spec=${SPEC:-spec}
export MOCK_API_KEY=schemathesis-key MOCK_BEARER=schemathesis-token MOCK_BASIC=schemathesis:secret
codegen=${CODEGEN:-target/debug/codegen}
max_examples=${MAX_EXAMPLES:-20}
time_limit=${TIME_LIMIT:-600}
seed=${SEED:-20160921}
positive_checks=${1:-${POSITIVE_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,ignored_auth}}
negative_checks=${1:-${NEGATIVE_CHECKS:-not_a_server_error,status_code_conformance,negative_data_rejection,ignored_auth}}
shift || true
EXTRA_ARGS=("$@")

if [ -z "${CODEGEN:-}" ]; then
    cargo build -q -p codegen
fi

work=$(mktemp -d)
mock_pid=
cleanup() {
    if [ -n "$mock_pid" ]; then
        kill "$mock_pid" 2>/dev/null || true
        wait "$mock_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Findings in the documentation (exit 1) still give a document to test.
"$codegen" openapi --spec "$spec" > "$work/openapi.json" 2> "$work/openapi.log" || [ $? -eq 1 ] || { cat "$work/openapi.log" >&2; exit 1; }

# Port 0: the mock picks a free port and says which.
"$codegen" mock --spec "$spec" --addr 127.0.0.1:0 --api-key "$MOCK_API_KEY" --bearer "$MOCK_BEARER" \
    --basic "$MOCK_BASIC" 2> "$work/mock.log" &
mock_pid=$!
url=
for _ in $(seq 1 300); do
    url=$(sed -n 's/^mock server listening on \(http:[^ ]*\).*/\1/p' "$work/mock.log" | head -n 1)
    if [ -n "$url" ]; then
        break
    fi
    if ! kill -0 "$mock_pid" 2>/dev/null; then
        cat "$work/mock.log" >&2
        echo "schemathesis.sh: the mock did not start" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    cat "$work/mock.log" >&2
    echo "schemathesis.sh: the mock did not say where it listens" >&2
    exit 1
fi
echo "schemathesis.sh: mock of $spec at $url, checks $positive_checks (documented requests) and $negative_checks (invalid ones), $max_examples example(s) per operation, seed $seed"

export OPENAPI_DOCUMENT="$work/openapi.json"
export OPENAPI_BASE_URL="$url"
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"
export SCHEMATHESIS_HOOKS=schemathesis_hooks

if [[ "$st" == */* ]]; then
    st=$(realpath "$st")
fi
# From the scratch folder, where schemathesis and hypothesis keep their caches.
cd "$work"
run_schemathesis() {
    local checks=$1 mode=$2
    timeout "$time_limit" "$st" run "$work/openapi.json" \
        --url "$url" \
        --checks "$checks" \
        --mode "$mode" \
        --max-examples "$max_examples" \
        --phases examples,coverage,fuzzing \
        --seed "$seed" \
        --generation-database none \
        --workers 1 \
        --no-color \
        "${EXTRA_ARGS[@]}"
}

status=0
# Documented requests: every answer must be one the documentation describes.
run_schemathesis "${positive_checks}" positive || status=1
# Requests the documentation rules out must be refused, never served and never
# a server error. The refusal's body is the documented error where the
# documentation names a validation code; where it names none (no code fits a
# body that is not even JSON), the mock answers a plain `{"message": ...}` 400
# that no documented schema describes, so response bodies are not judged here.
run_schemathesis "${negative_checks}" negative || status=1
exit "$status"
