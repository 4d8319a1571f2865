#!/usr/bin/env bash
# Runs an end-to-end test script against a throwaway PostgreSQL server (pg.sh) instead of
# SQLite: starts the server with the databases helsekrav and helsekrav_fresh, runs
# `bash SCRIPT ARG… --db postgresql://…/helsekrav` with HK_FRESH_DB set to the second database
# (for a script that needs an empty one), and stops and deletes the server.
# Usage: on_postgres.sh SCRIPT ARG…
set -euo pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
pg_start helsekrav helsekrav_fresh
HK_FRESH_DB="$pg_base/helsekrav_fresh" bash "$@" --db "$pg_url"
