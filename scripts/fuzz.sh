#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang + ASan + UBSan in build-fuzz/ and runs each for
# N seconds (default 60), one after the other on one core, starting from fuzz/corpus/<name>/.
# Exits non-zero if a build fails or any target finds a crash, leak, timeout or OOM; the
# reproducer is left in build-fuzz/artifacts/. Usage: scripts/fuzz.sh [seconds-per-target]
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-fuzz"
targets=(klines exchangeinfo toplist histoday envelope target okx bybit coingecko)

# clang and its runtime libraries (libFuzzer, sanitizers) come from Debian's clang-14 packages.
bash "$root/scripts/install-deps.sh"
cc="$(command -v clang || command -v clang-14)"
cxx="$(command -v clang++ || command -v clang++-14)"

CC="$cc" CXX="$cxx" cmake -S "$root" -B "$build" -G Ninja -DCRYPTOSCOPE_BUILD_FUZZ=ON \
  -DCRYPTOSCOPE_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" -j2 fuzz_targets

mkdir -p "$build/artifacts"
failed=()
for name in "${targets[@]}"; do
  # libFuzzer adds what it finds to the first corpus directory: keep fuzz/corpus/ as seeds only.
  corpus="$build/corpus/$name"
  mkdir -p "$corpus"
  cp -n "$root/fuzz/corpus/$name/"* "$corpus/" 2>/dev/null || true
  echo "== $name: ${seconds}s"
  dict="$root/fuzz/json.dict"
  [[ -f "$root/fuzz/${name}.dict" ]] && dict="$root/fuzz/${name}.dict"
  if ! "$build/fuzz/${name}_fuzz" "$corpus" -dict="$dict" \
      -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/${name}-" \
      2>"$build/${name}_fuzz.log"; then
    failed+=("$name")
    tail -n 40 "$build/${name}_fuzz.log"
  fi
  grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb):" \
    "$build/${name}_fuzz.log" | sed "s/^/   /" || true
  grep -E "^Done [0-9]+ runs" "$build/${name}_fuzz.log" | sed "s/^/   /" || true
done

if ((${#failed[@]})); then
  echo "fuzz: failures in: ${failed[*]} (reproducers in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no crashes"
