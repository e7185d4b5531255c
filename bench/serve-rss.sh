#!/usr/bin/env bash
# bench/serve-rss.sh: how long `scsgraph serve` takes to start on a store,
# and how much memory it holds once idle.
#
#   bench/serve-rss.sh bolt /path/to/store.bolt
#   bench/serve-rss.sh postgres 'postgres://root@127.0.0.1:5432/db?sslmode=disable'
#   bench/serve-rss.sh memory /path/to/corpus/dir    (serve --data DIR)
#
# It starts the server on a free local port, times it from exec until
# /readyz answers 200, waits SERVE_RSS_IDLE seconds (default 10), and prints
# one line of key=value pairs read from /proc/PID/status: RssAnon (the Go
# heap and stacks: what counts against memory), RssFile (bolt's
# memory-mapped file: page cache the kernel can drop) and VmHWM (the peak
# resident set, start-up included), and the CPU seconds the server used to
# start (user and system; on a busy machine start_s grows, cpu_s much
# less). It gives up after SERVE_RSS_TIMEOUT
# seconds (default 600) and always stops the server it started.
# SCSGRAPH_BIN names the binary (default bin/scsgraph).
set -euo pipefail

store=${1:?usage: serve-rss.sh memory|bolt|postgres DB-or-DIR}
db=${2:?usage: serve-rss.sh memory|bolt|postgres DB-or-DIR}
bin=${SCSGRAPH_BIN:-bin/scsgraph}
idle=${SERVE_RSS_IDLE:-10}
timeout=${SERVE_RSS_TIMEOUT:-600}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$store" = memory ]; then
	args=(--data "$db")
else
	args=(--store "$store" --db "$db")
fi
log=$(mktemp)
start=$(date +%s.%N)
"$bin" serve --addr "127.0.0.1:$port" "${args[@]}" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

ready=""
deadline=$(( $(date +%s) + timeout ))
while [ "$(date +%s)" -lt "$deadline" ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "serve-rss: the server exited before it was ready:" >&2
		cat "$log" >&2
		exit 1
	fi
	if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; then
		ready=$(date +%s.%N)
		cpu_ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat")
		break
	fi
	sleep 0.2
done
if [ -z "$ready" ]; then
	echo "serve-rss: not ready after ${timeout}s" >&2
	exit 1
fi
sleep "$idle"
kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
awk -v s="$start" -v r="$ready" -v cpu="$cpu_ticks" -v hz="$(getconf CLK_TCK)" -v store="$store" -v anon="$(kib RssAnon)" -v file="$(kib RssFile)" -v hwm="$(kib VmHWM)" 'BEGIN {
	printf "store=%s start_s=%.1f cpu_s=%.1f rss_anon_mib=%.0f rss_file_mib=%.0f vm_hwm_mib=%.0f\n", store, r - s, cpu / hz, anon / 1024, file / 1024, hwm / 1024
}'
