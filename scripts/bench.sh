#!/usr/bin/env bash
# Builds the benchmarks in Release (build-bench/, apart from the test build) and runs them:
# parse throughput, store rate against plain SQLite, and `cryptoscope ingest` against the fake
# exchange, and the web page in chromium. Prints the tables; writes JSON files to bench/results/.
# See docs/BENCHMARKS.md.
#
#   scripts/bench.sh                   everything, the default ingest matrix (about 4 minutes)
#   scripts/bench.sh parse|store|analysis   one micro-benchmark
#   scripts/bench.sh serve             `cryptoscope serve` under wrk (scripts/bench_serve.sh)
#   scripts/bench.sh page [--runs N]   the web page: first chart, coin switch, compare, weight
#   scripts/bench.sh ingest            the default ingest matrix only
#   scripts/bench.sh ingest --latency 20,50 --coins 100,1000 --concurrency 5,16 [--cc-limits
#                   default,raised] [--name my-run]    one matrix of your own
#
# Benchmarks, not tests: nothing here fails on a missed target; the tables say which are missed.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
if (($# > 0)); then shift; fi
case "$what" in
  all | parse | store | analysis | ingest | serve | page) ;;
  *) echo "usage: scripts/bench.sh [all|parse|store|analysis|ingest|serve|page] [flags...]" >&2; exit 2 ;;
esac

bash scripts/install-deps.sh  # Google Benchmark (libbenchmark-dev) among the rest.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRYPTOSCOPE_BUILD_BENCH=ON \
  -DCRYPTOSCOPE_BUILD_TESTS=OFF >/dev/null
ninja -C build-bench -j"${BENCH_BUILD_JOBS:-2}" cryptoscope cryptoscope-sandbox ingest_bench \
  store_bench parse_bench analysis_bench >/dev/null

results=bench/results
mkdir -p "$results"
bin=build-bench/bench

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)"
lscpu | sed -n 's/^Model name: *//p'

if [[ $what == all || $what == parse ]]; then
  echo "== parse: MB/s of response body (target >= 500 MB/s)"
  "$bin/parse_bench" --benchmark_out="$results/parse.json" --benchmark_out_format=json \
    --summary_out="$results/parse-summary.json"
fi

if [[ $what == all || $what == store ]]; then
  echo "== store: CandleStore::WriteCandles vs a plain SQLite insert loop (target >= 0.80)"
  "$bin/store_bench" --benchmark_out="$results/store.json" --benchmark_out_format=json \
    --summary_out="$results/store-summary.json"
fi

if [[ $what == all || $what == analysis ]]; then
  echo "== analysis: every indicator over 1000 coins (< 1 s), correlation of 100 coins x 365 days (< 50 ms)"
  "$bin/analysis_bench" --benchmark_out="$results/analysis.json" --benchmark_out_format=json \
    --summary_out="$results/analysis-summary.json"
fi

if [[ $what == all || $what == ingest ]]; then
  if (($# > 0)); then
    "$bin/ingest_bench" "$@"
  else
    echo "== ingest: the client's default CryptoCompare pacing (20/s, 300/min), enforced by the fake"
    "$bin/ingest_bench" --latency 50 --coins 100,1000 --concurrency 5,16 --cc-limits default \
      --name ingest-default-pacing
    echo "== ingest: CryptoCompare pacing raised out of the way, so latency and concurrency decide"
    "$bin/ingest_bench" --latency 20,100 --coins 1000 --concurrency 16,64 --cc-limits raised \
      --name ingest-raised-pacing
    echo "== ingest: 3000 coins (Binance's weight limit decides the full ingest)"
    "$bin/ingest_bench" --latency 20 --coins 3000 --concurrency 64 --cc-limits raised \
      --name ingest-3000
  fi
fi
if [[ $what == all || $what == serve ]]; then
  echo "== serve: wrk against cryptoscope serve on a 1000-coin database"
  bash scripts/bench_serve.sh
fi
if [[ $what == all || $what == page ]]; then
  echo "== page: chromium $(chromium --version 2>/dev/null | cut -d' ' -f2) headless on cryptoscope serve"
  page_args=()
  if [[ $what == page ]]; then page_args=("$@"); fi
  node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON bench/page_bench.mjs \
    --cryptoscope build-bench/cryptoscope --sandbox build-bench/cryptoscope-sandbox \
    "${page_args[@]}"
fi
echo "== JSON files in $results/"
