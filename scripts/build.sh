#!/usr/bin/env bash
# Installs the dependencies (once) and builds everything into build/ (build/cryptoscope,
# build/cryptoscope-sandbox, the tests). Extra arguments go to CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build
