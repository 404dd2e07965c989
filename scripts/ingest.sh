#!/usr/bin/env bash
# The main job: install, build, then `cryptoscope ingest` with the environment's configuration
# (CRYPTOCOMPARE_API_KEY, DB_PATH, TOP_N, MAX_CONCURRENCY, ...). Extra arguments go to ingest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh -DCRYPTOSCOPE_BUILD_TESTS=OFF
exec build/cryptoscope ingest "$@"
