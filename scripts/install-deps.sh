#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian 12 packages.
# Idempotent: a second run installs nothing and takes a second or two.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config sqlite3 ca-certificates faketime
  libcurl4-openssl-dev libsqlite3-dev libsimdjson-dev libcli11-dev libfmt-dev
  libspdlog-dev libexpected-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev libboost1.81-dev
  clang-14 libclang-rt-14-dev  # libFuzzer + sanitizers for scripts/fuzz.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
