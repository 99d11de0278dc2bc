#!/usr/bin/env bash
# Latency of the web view under load: starts msdb-serve on DB, then for each URL runs wrk (Debian's
# wrk, a second process) with 4 connections for DURATION seconds and prints requests/s, p50 and p95,
# then the server's peak resident memory.
# Usage: Tests/Benchmarks/web_view_latency.sh MSDB_SERVE DB [DURATION]
# Make a large database with Tests/Benchmarks/large_database.py (e.g. 100,000 runs).
set -euo pipefail
serve=$1 db=$2 duration=${3:-10}
scratch=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT
"$serve" --db "$db" --port 0 >"$scratch/serve.out" 2>"$scratch/serve.err" &
server=$!
for _ in $(seq 100); do grep -q "msdb serve: http" "$scratch/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*/' "$scratch/serve.out" | head -1)
cat >"$scratch/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("%.1f req/s  p50 %.1f ms  p95 %.1f ms  max %.1f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
paths=(
    "runs"
    "runs?page=1000"
    "runs?sort=-metrics.dice"
    "runs?filter=params.model%20%3D%20'unet'%20and%20metrics.dice%20%3E%200.8"
    "api/runs?limit=50"
    "api/runs?limit=50&offset=99000"
    "api/status"
)
echo "database: $db ($(du -h "$db" | cut -f1)); $duration s per URL, wrk -t1 -c4"
for path in "${paths[@]}"; do
    # One request first, so a cached page is measured warm and a cold one is reported too.
    first=$(curl -s -o /dev/null -w "%{time_total}" "$base$path")
    printf "%-75s first %6.3f s  " "/$path" "$first"
    wrk -t1 -c4 -d"${duration}s" -s "$scratch/percentiles.lua" "$base$path" | tail -1
done
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}')"
