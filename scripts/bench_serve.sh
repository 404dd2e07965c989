#!/usr/bin/env bash
# The serve benchmark (scripts/bench.sh serve): builds Release binaries in build-bench/, writes a
# 1000-coin database from the fake exchange once (bench/results/serve-1000.db, today pinned to
# 2026-11-25), starts `cryptoscope serve` on it and loads it with Debian's wrk: 2 threads, 32
# keep-alive connections, 10 s per case unless SERVE_BENCH_SECONDS says otherwise. Prints one
# Markdown row per case and the server's peak RSS. See docs/BENCHMARKS.md, section "serve".
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${SERVE_BENCH_SECONDS:-10}"
results=bench/results
mkdir -p "$results"
db="$results/serve-1000.db"
ninja -C build-bench -j"${BENCH_BUILD_JOBS:-2}" cryptoscope cryptoscope-sandbox >/dev/null
bin=build-bench/cryptoscope

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if [[ ! -f $db ]]; then
  fake_port=$(free_port)
  build-bench/cryptoscope-sandbox --port "$fake_port" --coins 1000 --today 2026-11-25 \
    --threads 16 --api-key bench >/dev/null 2>&1 &
  pids+=($!)
  sleep 0.5
  echo "== writing $db (ingest of 1000 coins from the fake)"
  CRYPTOCOMPARE_API_KEY=bench DB_PATH="$db" TOP_N=1000 MAX_CONCURRENCY=16 \
    BINANCE_BASE_URL="http://127.0.0.1:$fake_port" CRYPTOCOMPARE_BASE_URL="http://127.0.0.1:$fake_port" \
    CC_CALLS_PER_SECOND=1000000 CC_CALLS_PER_MINUTE=1000000 CC_CALLS_PER_HOUR=1000000 \
    "$bin" ingest --progress none | tail -3
fi

port=$(free_port)
base="http://127.0.0.1:$port"
"$bin" serve --listen "127.0.0.1:$port" --db "$db" --threads 64 2>"$results/serve.log" &
server=$!
pids+=($server)
sleep 0.5

ohlcv="/api/v1/ohlcv/BTC?from=2025-11-25&to=2026-11-24"
symbols="/api/v1/symbols?limit=1000"
compare="/api/v1/compare?symbols=BTC,ETH,BNB,XRP,DOGE&from=2025-11-25&to=2026-11-24"
first_ms() { curl -s -o /dev/null -w '%{time_total}' "$base$1" | awk '{printf "%.1f", $1 * 1000}'; }
echo "== first (uncached) request, ms: symbols $(first_ms "$symbols") (loads the catalog)," \
  "ohlcv $(first_ms "$ohlcv"), compare $(first_ms "$compare")"
for path in "$ohlcv" "$symbols" "$compare" /assets/index.html; do
  echo "   $path: $(curl -s "$base$path" | wc -c) bytes, gzip $(curl -s -H 'Accept-Encoding: gzip' "$base$path" | wc -c)"
done

# One wrk case -> "| case | conns | req/s | p50 | p99 | MB/s |".
run() {
  local name=$1 conns=$2 path=$3
  shift 3
  local out
  out=$(wrk -t"$((conns < 2 ? conns : 2))" -c"$conns" -d"${seconds}s" --latency "$@" "$base$path")
  awk -v name="$name" -v conns="$conns" '
    /Requests\/sec/ {rps=$2} /Transfer\/sec/ {mbs=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "| %s | %s | %d | %s | %s | %s |%s\n", name, conns, rps, p50, p99, mbs, bad ? " non-2xx: " bad : ""}' <<<"$out"
}

echo "== $(date -u +%FT%TZ), $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg), ${seconds}s per case"
echo "| case | connections | req/s | p50 | p99 | transfer/s |"
echo "|---|---|---|---|---|---|"
run "ohlcv BTC 1 year (365 rows)" 32 "$ohlcv"
run "ohlcv BTC 1 year, gzip" 32 "$ohlcv" -H "Accept-Encoding: gzip"
run "ohlcv BTC 1 year, If-None-Match -> 304" 32 "$ohlcv" \
  -H "If-None-Match: $(curl -s -D - -o /dev/null "$base$ohlcv" | tr -d '\r' | sed -n 's/^ETag: //Ip')"
run "symbols (all 1000)" 32 "$symbols"
run "symbols (all 1000), gzip" 32 "$symbols" -H "Accept-Encoding: gzip"
run "compare 5 coins, 1 year" 32 "$compare"
run "static: the embedded index.html" 32 /assets/index.html
for conns in 2 8 64; do run "ohlcv BTC 1 year" "$conns" "$ohlcv"; done
# Uncached: every request has a new ignored _ parameter, so each one misses the response cache
# and reads SQLite (365 rows) and serializes. One connection: latency of a single client.
cat >"$results/unique.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "&_=" .. counter .. "-" .. math.random(1e9))
end
LUA
run "ohlcv BTC 1 year, uncached" 1 "$ohlcv" -s "$results/unique.lua"
run "ohlcv BTC 1 year, uncached" 32 "$ohlcv" -s "$results/unique.lua"
# The ceiling: the same one-year body as a static file from Debian's nginx (nginx-light), when
# installed (not by install-deps: on a machine with an init system it would start a service).
if command -v nginx >/dev/null; then
  static="$results/nginx"
  mkdir -p "$static/root/logs"
  curl -s "$base$ohlcv" -o "$static/root/ohlcv.json"
  nginx_port=$(free_port)
  cat >"$static/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $PWD/$static/nginx.pid;
error_log $PWD/$static/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $PWD/$static/root;
    location / { default_type application/json; }
  }
}
NGINX
  nginx -p "$PWD/$static/root" -c "$PWD/$static/nginx.conf" &
  pids+=($!)
  sleep 0.5
  saved_base=$base
  base="http://127.0.0.1:$nginx_port"
  run "nginx 1.22 static file, same body" 32 /ohlcv.json
  base=$saved_base
fi
echo "== serve peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' /proc/$server/status)," \
  "threads $(awk '/Threads/ {print $2}' /proc/$server/status)"
