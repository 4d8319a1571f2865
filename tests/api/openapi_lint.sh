#!/usr/bin/env bash
# Lints the OpenAPI document of the JSON API with Spectral (ruleset .spectral.yaml, which extends
# spectral:oas) and fails on any error or warning. Run from anywhere:
#   bash tests/api/openapi_lint.sh [path-to-openapi.json]   (default src/http/api/openapi.json)
# Needs `npm ci` first (node_modules/.bin/spectral) and python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
file="${1:-src/http/api/openapi.json}"
# Relative paths are relative to the caller's directory if the file exists there, else the root.
if [[ "$file" != /* && ! -e "$file" ]]; then file="$root/$file"; fi
spectral="$root/node_modules/.bin/spectral"

fail() { echo "openapi_lint: FAIL: $*" >&2; exit 1; }

[[ -f "$file" ]] || fail "no such file: $file"
[[ -x "$spectral" ]] || fail "Spectral is not installed; run 'npm ci' in $root"

# Spectral also reads YAML, so check separately that the document is strict JSON (it is served
# as application/json and embedded into the binary as is).
python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$file" \
  || fail "$file is not valid JSON"

status=0
"$spectral" lint --ruleset "$root/.spectral.yaml" --fail-severity=warn --format=stylish "$file" \
  || status=$?
if [[ $status -ne 0 ]]; then
  fail "Spectral found errors or warnings in $file (exit status $status)"
fi
echo "openapi_lint: OK: $file passes Spectral $("$spectral" --version) with .spectral.yaml: no errors or warnings"
