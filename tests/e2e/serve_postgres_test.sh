#!/usr/bin/env bash
# serve_test.sh against a real PostgreSQL (a throwaway server, pg.sh), with --db postgresql://….
set -euo pipefail
exec bash "$(dirname "$0")/on_postgres.sh" "$(dirname "$0")/serve_test.sh" "$1"
