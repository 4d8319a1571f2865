#!/usr/bin/env bash
# Installs, builds and starts helsekrav on the embedded SQLite database (./var/helsekrav.db),
# loading the default catalog on first start. Serves http://127.0.0.1:8080 until Ctrl-C.
# HELSEKRAV_LISTEN and HELSEKRAV_DATA_DIR change the address and the data directory; further
# arguments go to `helsekrav serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/helsekrav serve --listen "${HELSEKRAV_LISTEN:-127.0.0.1:8080}" --data-dir "${HELSEKRAV_DATA_DIR:-var}" "$@"
