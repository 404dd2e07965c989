#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian 12 packages, and the pinned
# npm test tools (package-lock.json) with `npm ci` when node_modules is missing or outdated.
# Idempotent: a second run installs nothing and takes a second or two.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config sqlite3 ca-certificates faketime libfaketime
  libcurl4-openssl-dev libsqlite3-dev libsimdjson-dev libcli11-dev libfmt-dev
  libspdlog-dev libexpected-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev libboost1.81-dev zlib1g-dev nlohmann-json3-dev
  wrk  # scripts/bench.sh serve
  clang-14 libclang-rt-14-dev  # libFuzzer + sanitizers for scripts/fuzz.sh
  chromium fonts-dejavu-core  # browser test of the web page (tests/browser)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node (the OpenAPI check of the serve tests, the browser test of the page): Debian's nodejs +
# npm unless a node is present. playwright-core wants Node >= 20.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci installs exactly package-lock.json; npm records what it installed in
# node_modules/.package-lock.json, so an older copy means the lock file changed since.
root="$(cd "$(dirname "$0")/.." && pwd)"
installed="$root/node_modules/.package-lock.json"
if [[ ! -f "$installed" || "$root/package-lock.json" -nt "$installed" ]]; then
  echo "install-deps: npm ci" >&2
  # Only the OpenAPI and browser tests need these: without the registry, building and ingesting
  # still work.
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "install-deps: npm ci failed; serve_openapi_test and browser_page fail until it succeeds" >&2
fi
