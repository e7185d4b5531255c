#!/usr/bin/env bash
# make loadtest: wrk against a local scsgraph server (127.0.0.1 only) with
# a mix of normal and rejected queries (mix.lua). It fails on any socket
# error, any status outside the expected set, or RSS growth of 10% or more
# between the start and the end of the measured run.
#
# Usage: run.sh BINARY [DURATION] [CONNECTIONS]
set -euo pipefail
bin=$1
duration=${2:-60s}
conns=${3:-64}
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
"$bin" serve --addr 127.0.0.1:0 --max-body-bytes 16384 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/http:\/\/\1/p' "$log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "loadtest: the server did not start:"; cat "$log"; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

echo "loadtest: warming up for 10s ($url, $conns connections)"
wrk -t2 -c"$conns" -d10s -s "$here/mix.lua" "$url" >/dev/null
start_rss=$(rss)
echo "loadtest: measuring for $duration"
out=$(wrk -t2 -c"$conns" -d"$duration" --timeout 10s -s "$here/mix.lua" "$url")
end_rss=$(rss)
echo "$out"
growth=$(awk -v a="$start_rss" -v b="$end_rss" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
echo "LOADTEST rss_kb start=$start_rss end=$end_rss growth=${growth}%"
curl -fsS "$url/healthz" >/dev/null || { echo "loadtest: the server stopped answering"; exit 1; }
echo "loadtest: requests refused by each limit:"
curl -fsS "$url/metrics" | sed -n 's/^scsgraph_graphql_rejections_total{code="\([^"]*\)",limit="\([^"]*\)"} \(.*\)/LOADTEST rejected \1 \2 \3/p'

fail=0
sock=$(echo "$out" | sed -n 's/^LOADTEST socket_errors=\([0-9]*\).*/\1/p')
bad=$(echo "$out" | sed -n 's/^LOADTEST unexpected_statuses=\([0-9]*\).*/\1/p')
[ "${sock:-x}" = 0 ] || { echo "loadtest: FAIL: socket errors: ${sock:-unknown}"; fail=1; }
[ "${bad:-x}" = 0 ] || { echo "loadtest: FAIL: unexpected statuses: ${bad:-unknown}"; fail=1; }
awk -v g="$growth" 'BEGIN { exit !(g < 10) }' || { echo "loadtest: FAIL: RSS grew by ${growth}%"; fail=1; }
if grep -q "level=ERROR" "$log"; then echo "loadtest: FAIL: the server logged errors:"; grep "level=ERROR" "$log" | head; fail=1; fi
[ "$fail" = 0 ] && echo "loadtest: PASS"
exit "$fail"
