#!/usr/bin/env bash
# bench/run.sh: scsgraph's benchmark (issue #4). `make bench` runs it.
#
# In one run, on this machine, it measures:
#   1. the Go benchmarks of loaders, traversals and resolvers (-count 5) into
#      out/go-bench.txt, and CPU profiles of two of them (out/cpu-*.txt);
#   2. the seed corpus under wrk: the query mix (bench/mix) against scsgraph,
#      and the depth-2 neighborhood against the floor (bench/floor: plain Go
#      maps) and Cayley's own HTTP server (Gizmo and Cayley's GraphQL), after
#      checking that all of them return the same node set;
#   3. for each size in BENCH_SIZES: a generated corpus (scsgraph gen), the
#      time and peak RSS of loading it on memory, bolt and postgres, then the
#      mix served from memory and from postgres, and single-request probes.
# It prints a markdown table and saves it to out/results.md; the raw records
# are in out/results.jsonl, logs and wrk outputs in out/work/.
#
# Loads and servers run under a watchdog that kills them above
# BENCH_RSS_LIMIT_GIB of RSS or after their timeout; the table says so
# instead of hanging. wrk and the servers only ever talk to 127.0.0.1, and
# share the machine's cores.
#
# Settings (environment variables):
#   BENCH_SIZES=10000,100000     corpus sizes, in works ("" for the seed only)
#   BENCH_BACKENDS=memory,bolt,postgres  the backends loaded (and served) per size
#   BENCH_SEED_DURATION=10s      wrk duration per query on the seed
#   BENCH_CORPUS_DURATION=5s     wrk duration per query on generated corpora
#   BENCH_GO=1 BENCH_GO_COUNT=5  Go benchmarks (0 skips them)
#   BENCH_CAYLEY_LOAD_WORKS=10000  the corpus size at which Cayley's own CLI
#                                (cayley load --init -d postgres) loads the
#                                corpus's N-Quads into a new database, for the
#                                quads/s ratio of the bulk writer ("" skips it)
#   BENCH_RSS_LIMIT_GIB=16       the watchdog's RSS limit
#   BENCH_TIMEOUT_MEMORY=300 BENCH_TIMEOUT_BOLT=600 BENCH_TIMEOUT_POSTGRES=900
#   BENCH_TIMEOUT_SERVE=600      seconds before a server must listen
#   BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432 BENCH_PG_USER=root BENCH_PG_DB=test
#                                PostgreSQL; each size loads into a new database
#                                created next to BENCH_PG_DB and dropped after
#   SCSGRAPH_BIN=bin/scsgraph    the binary under test (copied at start)
#   BENCH_OUT=bench/out          where results go
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out}
WORK=$OUT/work
CACHE=$ROOT/bench/.cache
RESULTS=$OUT/results.jsonl

SIZES=${BENCH_SIZES-10000,100000}
BACKENDS=,${BENCH_BACKENDS:-memory,bolt,postgres},
SEED_DURATION=${BENCH_SEED_DURATION:-10s}
CORPUS_DURATION=${BENCH_CORPUS_DURATION:-5s}
THREADS=2
CONNS=16
CAYLEY_LOAD_WORKS=${BENCH_CAYLEY_LOAD_WORKS-10000}
GO_BENCH=${BENCH_GO:-1}
GO_COUNT=${BENCH_GO_COUNT:-5}
RSS_LIMIT_KIB=$(( ${BENCH_RSS_LIMIT_GIB:-16} * 1024 * 1024 ))
TIMEOUT_MEMORY=${BENCH_TIMEOUT_MEMORY:-300}
TIMEOUT_BOLT=${BENCH_TIMEOUT_BOLT:-600}
TIMEOUT_POSTGRES=${BENCH_TIMEOUT_POSTGRES:-900}
TIMEOUT_SERVE=${BENCH_TIMEOUT_SERVE:-600}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-root}
PG_DB=${BENCH_PG_DB:-test}
CAYLEY_VERSION=v0.7.7-0.20240706181042-81dcd7d73e45
GEN_SEED=1

export GOWORK=off

# ---------------------------------------------------------------- helpers

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.2f", (b - a) / 1000 }'; }
record() { "$TOOL" record "$@" >>"$RESULTS"; }
rss_of() { awk '/^VmRSS:/ { print $2; f=1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_of() { awk '/^VmHWM:/ { print $2; f=1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }

PIDS=()      # every background process this script started, by pid
DATABASES=() # every PostgreSQL database it created

cleanup() {
	local pid db
	for pid in "${PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
	done
	for db in "${DATABASES[@]}"; do
		pg -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -v ON_ERROR_STOP=1 -qAt "$@"; }
pg_started() { pg -c 'SELECT pg_postmaster_start_time()' 2>/dev/null || echo down; }
pg_dsn() { echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$1?sslmode=disable"; }

# measure NAME TIMEOUT CMD...: runs CMD under /usr/bin/time -v while a
# watchdog samples its RSS every half second, killing it above the RSS limit
# or after TIMEOUT seconds. Sets M_STATUS (ok, failed, killed, timeout),
# M_SECS, M_RSS_KIB (peak) and M_LOG (its output).
measure() {
	local name=$1 timeout=$2
	shift 2
	M_LOG=$WORK/$name.log
	local tf=$WORK/$name.time start child="" rss peak=0 status=""
	start=$(now_ms)
	/usr/bin/time -v -o "$tf" "$@" >"$M_LOG" 2>&1 &
	local tpid=$!
	PIDS+=("$tpid")
	while kill -0 "$tpid" 2>/dev/null; do
		[[ -z $child ]] && child=$(pgrep -P "$tpid" | head -n1 || true)
		if [[ -n $child ]]; then
			rss=$(rss_of "$child")
			((rss > peak)) && peak=$rss
			if [[ -z $status ]] && ((rss > RSS_LIMIT_KIB)); then
				status=killed
				kill -KILL "$child" 2>/dev/null || true
			fi
		fi
		if [[ -z $status ]] && (($(now_ms) - start > timeout * 1000)); then
			status=timeout
			[[ -n $child ]] && kill -KILL "$child" 2>/dev/null || true
		fi
		sleep 0.5
	done
	local rc=0
	wait "$tpid" || rc=$?
	M_SECS=$(secs_since "$start")
	M_RSS_KIB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf" 2>/dev/null || true)
	[[ -z $M_RSS_KIB || $M_RSS_KIB -lt $peak ]] && M_RSS_KIB=$peak
	if [[ -n $status ]]; then
		M_STATUS=$status
	elif ((rc == 0)); then
		M_STATUS=ok
	else
		M_STATUS=failed
	fi
}

# note_of FILE: the last line of a log, for the table.
# Never fails: a command that printed nothing (a load stopped at its timeout)
# must not stop the run under set -e.
note_of() { { tail -n 3 "$1" 2>/dev/null | grep -v '^\s*$' | tail -n1 | tr -d '|\r' | cut -c1-160; } || true; }

# watch_rss PID: kills PID above the RSS limit; run in the background.
watch_rss() {
	local pid=$1 rss
	while kill -0 "$pid" 2>/dev/null; do
		rss=$(rss_of "$pid")
		if ((rss > RSS_LIMIT_KIB)); then
			echo "killed at $((rss / 1024)) MiB RSS" >"$WORK/watchdog-$pid"
			kill -KILL "$pid" 2>/dev/null || true
			return
		fi
		sleep 0.5
	done
}

# start_server LOG PATTERN CMD...: starts a server, waits until its log
# matches PATTERN (it listens), and sets SRV_PID, SRV_SECS and SRV_STATUS
# (ok, failed, killed, timeout).
start_server() {
	local log=$1 pattern=$2 start
	shift 2
	start=$(now_ms)
	"$@" >"$log" 2>&1 &
	SRV_PID=$!
	PIDS+=("$SRV_PID")
	watch_rss "$SRV_PID" &
	PIDS+=("$!")
	SRV_STATUS=timeout
	while (($(now_ms) - start < TIMEOUT_SERVE * 1000)); do
		if grep -q "$pattern" "$log"; then
			SRV_STATUS=ok
			break
		fi
		if ! kill -0 "$SRV_PID" 2>/dev/null; then
			SRV_STATUS=failed
			[[ -f $WORK/watchdog-$SRV_PID ]] && SRV_STATUS=killed
			break
		fi
		sleep 0.2
	done
	SRV_SECS=$(secs_since "$start")
}

# listen_addr LOG: the address a server logged (msg=listening addr=HOST:PORT).
listen_addr() { grep -m1 -o 'msg=listening addr=[0-9.:]*' "$1" | sed 's/.*addr=//'; }

stop_server() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# post URL BODY CONTENT-TYPE RESPONSE: one request; prints the seconds taken.
post() {
	local t
	if t=$(curl -sS --max-time 60 -o "$4" -w '%{time_total}' -H "Content-Type: $3" -H 'Accept: application/json' \
		--data-binary "@$2" "$1" 2>>"$WORK/curl.log"); then
		echo "$t"
	else
		echo "{\"errors\":[{\"message\":\"bench: no answer within 60 s (curl: see work/curl.log)\"}]}" >"$4"
		echo 60
	fi
}

# run_mix CORPUS SERVER URL MIXDIR DURATION: checks each query of the mix
# once, then times it with wrk.
run_mix() {
	local corpus=$1 server=$2 url=$3 dir=$4 duration=$5 name title summary out
	while IFS=$'\t' read -r name title; do
		post "$url" "$dir/$name.json" application/json "$WORK/$corpus-$server-$name.json" >/dev/null
		if ! summary=$("$TOOL" check "$WORK/$corpus-$server-$name.json" 2>&1); then
			say "  $server $name: NOT TIMED: $summary"
			record invalid "corpus=$corpus" "server=$server" "query=$name" "title=$title" "error=$summary"
			continue
		fi
		out=$WORK/wrk-$corpus-$server-$name.txt
		wrk -t"$THREADS" -c"$CONNS" -d"$duration" --timeout 10s --latency -s "$dir/$name.lua" "$url" >"$out" 2>&1 || true
		if "$TOOL" wrk "corpus=$corpus" "server=$server" "query=$name" "title=$title" <"$out" >>"$RESULTS"; then
			say "  $server $name: $(grep -E '^Requests/sec' "$out" | tr -s ' '), p99 $(awk '$1 == "99%" { print $2 }' "$out"); answer: $summary"
		else
			say "  $server $name: wrk output unreadable, see $out"
		fi
	done <"$dir/queries.tsv"
}

# run_probes CORPUS SERVER URL MIXDIR: each probe once, timed by curl.
run_probes() {
	local corpus=$1 server=$2 url=$3 dir=$4 name title secs result
	while IFS=$'\t' read -r name title; do
		secs=$(post "$url" "$dir/$name.json" application/json "$WORK/$corpus-$server-$name.json")
		result=$("$TOOL" check "$WORK/$corpus-$server-$name.json" 2>&1) || true
		say "  probe $name: ${secs}s: $result"
		record probe "corpus=$corpus" "server=$server" "query=$name" "title=$title" "secs=$secs" "result=$result"
	done <"$dir/probes.tsv"
}

# serve_and_run CORPUS BACKEND MIXDIR SERVE-FLAGS...: serves a store, runs the
# mix and the probes against it, records start-up time and peak RSS.
serve_and_run() {
	local corpus=$1 backend=$2 dir=$3 addr hwm note=""
	shift 3
	say "serve $corpus works from $backend"
	local log=$WORK/serve-$corpus-$backend.log
	start_server "$log" 'msg=listening' "$SCSGRAPH" serve --addr 127.0.0.1:0 --response-cache-bytes -1 "$@"
	if [[ $SRV_STATUS != ok ]]; then
		note=$(cat "$WORK/watchdog-$SRV_PID" 2>/dev/null || note_of "$log")
		say "  serve $SRV_STATUS after ${SRV_SECS}s: $note"
		stop_server "$SRV_PID"
		record serve "corpus=$corpus" "backend=$backend" "status=$SRV_STATUS" "startup_secs=$SRV_SECS" "rss_kib=0" "note=$note"
		return
	fi
	addr=$(listen_addr "$log")
	run_mix "$corpus" "scsgraph-$backend" "http://$addr/graphql" "$dir" "$CORPUS_DURATION"
	run_probes "$corpus" "scsgraph-$backend" "http://$addr/graphql" "$dir"
	hwm=$(hwm_of "$SRV_PID")
	if ! kill -0 "$SRV_PID" 2>/dev/null; then
		note=$(cat "$WORK/watchdog-$SRV_PID" 2>/dev/null || echo "died during the run")
	fi
	stop_server "$SRV_PID"
	record serve "corpus=$corpus" "backend=$backend" "status=ok" "startup_secs=$SRV_SECS" "rss_kib=$hwm" "note=$note"
}

# quads_in LOG: the quad count a load or stats query printed.
quads_in() { grep -o -E '"quads": [0-9]+|[0-9]+ quads$' "$1" | grep -o -E '[0-9]+' | tail -n1 || true; }

# ---------------------------------------------------------------- set-up

mkdir -p "$OUT" "$CACHE"
rm -rf "$WORK"
mkdir -p "$WORK/bin"
: >"$RESULTS"
cd "$ROOT"

for cmd in wrk curl psql /usr/bin/time go; do
	command -v "$cmd" >/dev/null || { echo "bench: $cmd is missing (make bench installs wrk)" >&2; exit 1; }
done

say "building the binary under test, the floor and benchtool"
SCSGRAPH=$WORK/bin/scsgraph
if [[ -n ${SCSGRAPH_BIN:-} ]]; then
	cp "$SCSGRAPH_BIN" "$SCSGRAPH" # a copy: others may rebuild bin/ during the run
else
	go build -o "$SCSGRAPH" ./cmd/scsgraph
fi
go build -o "$WORK/bin/floor" ./bench/floor
go build -o "$WORK/bin/benchtool" ./bench/benchtool
TOOL=$WORK/bin/benchtool

CAYLEY=$CACHE/cayley-$CAYLEY_VERSION
if [[ ! -x $CAYLEY ]]; then
	say "building Cayley $CAYLEY_VERSION in a module outside the repository (once; cached in $CACHE)"
	tmp=$(mktemp -d)
	(cd "$tmp" && go mod init benchcayley >/dev/null 2>&1 &&
		go get "github.com/cayleygraph/cayley/cmd/cayley@$CAYLEY_VERSION" >/dev/null 2>&1 &&
		go build -o "$CAYLEY" github.com/cayleygraph/cayley/cmd/cayley)
	rm -rf "$tmp"
fi

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git status --porcelain 2>/dev/null | head -n1) ]] && rev="$rev + uncommitted changes"
record info key=date "value=$(date -u '+%Y-%m-%d %H:%M UTC')"
record info key=commit "value=$rev"
record info key=machine "value=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); wrk and the servers share the cores"
record info key="load average at start" "value=$(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the numbers)"
record info key=go "value=$(go version | cut -d' ' -f3)"
record info key="wrk seed" "value=wrk -t$THREADS -c$CONNS -d$SEED_DURATION --latency --timeout 10s, one query at a time, to 127.0.0.1"
record info key="wrk corpora" "value=wrk -t$THREADS -c$CONNS -d$CORPUS_DURATION --latency --timeout 10s, one query at a time, to 127.0.0.1; corpora written by scsgraph gen --seed $GEN_SEED"

# ---------------------------------------------------------------- Go benchmarks

if [[ $GO_BENCH != 0 ]]; then
	say "Go benchmarks, -count $GO_COUNT (a few minutes)"
	go test -run '^$' -bench . -benchmem -count "$GO_COUNT" -timeout 60m ./loaders ./graph ./schema >"$OUT/go-bench.txt" 2>&1 ||
		say "go test -bench failed; see $OUT/go-bench.txt"
	say "CPU profiles of BenchmarkDo (schema) and BenchmarkWriteRefresh/synth1k (graph)"
	go test -run '^$' -bench 'BenchmarkDo' -benchtime 3s -cpuprofile "$WORK/cpu-schema.prof" -o "$WORK/schema.test" ./schema >"$WORK/cpu-schema.log" 2>&1 &&
		go tool pprof -top -nodecount 30 "$WORK/schema.test" "$WORK/cpu-schema.prof" >"$OUT/cpu-schema.txt" 2>/dev/null &&
		go tool pprof -top -cum -nodecount 30 "$WORK/schema.test" "$WORK/cpu-schema.prof" >"$OUT/cpu-schema-cum.txt" 2>/dev/null || true
	go test -run '^$' -bench 'BenchmarkWriteRefresh/synth1k' -benchtime 5x -cpuprofile "$WORK/cpu-load.prof" -o "$WORK/graph.test" ./graph >"$WORK/cpu-load.log" 2>&1 &&
		go tool pprof -top -nodecount 30 "$WORK/graph.test" "$WORK/cpu-load.prof" >"$OUT/cpu-load.txt" 2>/dev/null &&
		go tool pprof -top -cum -nodecount 30 "$WORK/graph.test" "$WORK/cpu-load.prof" >"$OUT/cpu-load-cum.txt" 2>/dev/null || true
fi

# ---------------------------------------------------------------- seed corpus

say "seed corpus: scsgraph, the floor and Cayley"
"$TOOL" mix --corpus seed --out "$WORK/mix-seed"
"$SCSGRAPH" export --format nquads --out "$WORK/seed.nq"

# Every scsgraph server runs without its response cache (the mix repeats one
# request, so every request but the first would be a cache hit), except
# "scsgraph-cached" below, which shows what the cache gives.
start_server "$WORK/serve-seed.log" 'msg=listening' "$SCSGRAPH" serve --addr 127.0.0.1:0 --response-cache-bytes -1
[[ $SRV_STATUS == ok ]] || { echo "bench: scsgraph serve did not start: $(note_of "$WORK/serve-seed.log")" >&2; exit 1; }
OURS_PID=$SRV_PID OURS=http://$(listen_addr "$WORK/serve-seed.log")/graphql

start_server "$WORK/floor-seed.log" 'msg=listening' "$WORK/bin/floor" --nquads "$WORK/seed.nq" --addr 127.0.0.1:0
[[ $SRV_STATUS == ok ]] || { echo "bench: floor did not start: $(note_of "$WORK/floor-seed.log")" >&2; exit 1; }
FLOOR_PID=$SRV_PID FLOOR=http://$(listen_addr "$WORK/floor-seed.log")/

port=$("$TOOL" freeport)
start_server "$WORK/cayley-seed.log" 'listening on' "$CAYLEY" http -d memstore -i "$WORK/seed.nq" --host "127.0.0.1:$port"
[[ $SRV_STATUS == ok ]] || { echo "bench: cayley did not start: $(note_of "$WORK/cayley-seed.log")" >&2; exit 1; }
CAYLEY_PID=$SRV_PID CAYLEY_URL=http://127.0.0.1:$port/api/v2/query
record cayley corpus=seed "version=$CAYLEY_VERSION" "quads=$(wc -l <"$WORK/seed.nq")" \
	"load=$(grep -o 'loaded .* in [^ ]*' "$WORK/cayley-seed.log" | sed 's/.* in //')"

# The same depth-2 node set from all four, before anything is timed.
M=$WORK/mix-seed
post "$OURS" "$M/depth2.json" application/json "$WORK/seed-depth2-ours.json" >/dev/null
post "$FLOOR" "$M/depth2.json" application/json "$WORK/seed-depth2-floor.json" >/dev/null
post "$CAYLEY_URL?lang=gizmo" "$M/depth2-gizmo.js" application/javascript "$WORK/seed-depth2-gizmo.json" >/dev/null
post "$CAYLEY_URL?lang=graphql" "$M/depth2-cgql.graphql" application/graphql "$WORK/seed-depth2-cgql.json" >/dev/null
if nodesets=$("$TOOL" nodeset scsgraph=subgraph:"$WORK/seed-depth2-ours.json" floor=subgraph:"$WORK/seed-depth2-floor.json" \
	cayley-gizmo=gizmo:"$WORK/seed-depth2-gizmo.json" cayley-graphql=cgql:"$WORK/seed-depth2-cgql.json" 2>"$WORK/nodeset.err"); then
	say "  depth-2 node sets: $nodesets"
	record nodeset corpus=seed node=concept/blacklist "sizes=$nodesets"
	SAME=1
else
	say "  depth-2 node sets DIFFER: $nodesets $(head -n5 "$WORK/nodeset.err")"
	record nodeset corpus=seed node=concept/blacklist "sizes=$nodesets (DIFFERENT SETS: only scsgraph is timed; see work/nodeset.err)"
	SAME=0
fi

run_mix seed scsgraph "$OURS" "$M" "$SEED_DURATION"
if ((SAME)); then
	for target in floor cayley-gizmo cayley-graphql; do
		case $target in
		floor) url=$FLOOR lua=$M/depth2.lua ;;
		cayley-gizmo) url="$CAYLEY_URL?lang=gizmo" lua=$M/depth2-gizmo.lua ;;
		cayley-graphql) url="$CAYLEY_URL?lang=graphql" lua=$M/depth2-cgql.lua ;;
		esac
		out=$WORK/wrk-seed-$target-depth2.txt
		wrk -t"$THREADS" -c"$CONNS" -d"$SEED_DURATION" --timeout 10s --latency -s "$lua" "$url" >"$out" 2>&1 || true
		"$TOOL" wrk corpus=seed "server=$target" query=depth2 "title=neighborhood of concept/blacklist, depth 2" <"$out" >>"$RESULTS" &&
			say "  $target depth2: $(grep -E '^Requests/sec' "$out" | tr -s ' '), p99 $(awk '$1 == "99%" { print $2 }' "$out")"
	done
fi
stop_server "$OURS_PID"
stop_server "$FLOOR_PID"
stop_server "$CAYLEY_PID"

say "seed corpus: scsgraph with its response cache (default size)"
start_server "$WORK/serve-seed-cached.log" 'msg=listening' "$SCSGRAPH" serve --addr 127.0.0.1:0
[[ $SRV_STATUS == ok ]] || { echo "bench: scsgraph serve did not start: $(note_of "$WORK/serve-seed-cached.log")" >&2; exit 1; }
run_mix seed scsgraph-cached "http://$(listen_addr "$WORK/serve-seed-cached.log")/graphql" "$M" "$SEED_DURATION"
stop_server "$SRV_PID"

# ---------------------------------------------------------------- generated corpora

IFS=',' read -r -a sizes <<<"$SIZES"
for n in "${sizes[@]}"; do
	[[ -n $n ]] || continue
	say "corpus of $n works"
	data=$WORK/corpus-$n
	"$SCSGRAPH" gen --works "$n" --seed "$GEN_SEED" --out "$data" >/dev/null
	"$TOOL" mix --corpus synth --works "$n" --data "$data" --out "$WORK/mix-$n"

	mem_status=skipped
	if [[ $BACKENDS == *,memory,* ]]; then
		say "  load into memory (timeout ${TIMEOUT_MEMORY}s)"
		measure "load-$n-memory" "$TIMEOUT_MEMORY" "$SCSGRAPH" query '{ stats { quads } }' --data "$data"
		mem_status=$M_STATUS
		say "  memory: $M_STATUS in ${M_SECS}s, peak RSS $((M_RSS_KIB / 1024)) MiB"
		record load "corpus=$n" backend=memory "status=$M_STATUS" "secs=$M_SECS" "rss_kib=$M_RSS_KIB" \
			"quads=$(quads_in "$M_LOG")" "note=$( [[ $M_STATUS == ok ]] || note_of "$M_LOG")"
	fi

	if [[ $BACKENDS == *,bolt,* ]]; then
		say "  load into bolt (timeout ${TIMEOUT_BOLT}s)"
		rm -rf "$WORK/corpus-$n.bolt"
		measure "load-$n-bolt" "$TIMEOUT_BOLT" "$SCSGRAPH" load --store bolt --db "$WORK/corpus-$n.bolt" --data "$data"
		say "  bolt: $M_STATUS in ${M_SECS}s, peak RSS $((M_RSS_KIB / 1024)) MiB"
		record load "corpus=$n" backend=bolt "status=$M_STATUS" "secs=$M_SECS" "rss_kib=$M_RSS_KIB" \
			"quads=$(quads_in "$M_LOG")" "note=$( [[ $M_STATUS == ok ]] || note_of "$M_LOG")"
		rm -rf "$WORK/corpus-$n.bolt" # Cayley's bolt backend makes a directory
	fi

	# PostgreSQL is shared: when it restarts during the load (other tests on
	# this machine restart it), the load is retried once in a new database.
	pg_status=skipped
	attempts=(1 2)
	[[ $BACKENDS == *,postgres,* ]] || attempts=()
	for attempt in "${attempts[@]}"; do
		db=scsbench_${n}_$$_$attempt
		if ! pg -c "CREATE DATABASE $db" 2>"$WORK/pg-$n.err"; then
			say "  postgres: skipped: $(head -n1 "$WORK/pg-$n.err")"
			record load "corpus=$n" backend=postgres status=skipped secs=0 rss_kib=0 "note=$(head -n1 "$WORK/pg-$n.err" | tr -d '|')"
			break
		fi
		DATABASES+=("$db")
		say "  load into postgres database $db (timeout ${TIMEOUT_POSTGRES}s)"
		pg_before=$(pg_started)
		measure "load-$n-postgres-$attempt" "$TIMEOUT_POSTGRES" "$SCSGRAPH" load --store postgres --db "$(pg_dsn "$db")" --data "$data"
		pg_status=$M_STATUS
		say "  postgres: $M_STATUS in ${M_SECS}s, peak RSS $((M_RSS_KIB / 1024)) MiB"
		note=""
		[[ $M_STATUS == ok ]] || note=$(note_of "$M_LOG")
		if [[ $M_STATUS == failed && $(pg_started) != "$pg_before" ]]; then
			note="PostgreSQL was restarted by something else during the load (attempt $attempt): $note"
			say "  $note"
			if ((attempt == 1)); then
				pg -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
				continue
			fi
		fi
		record load "corpus=$n" backend=postgres "status=$M_STATUS" "secs=$M_SECS" "rss_kib=$M_RSS_KIB" \
			"quads=$(quads_in "$M_LOG")" "note=$note"
		break
	done

	# Cayley's own SQL writer, for comparison with the bulk writer above (on
	# corpora of up to 10,000 works: it writes about 3,000 quads/s).
	if [[ $pg_status == ok ]] && ((n <= 10000)); then
		cdb=scsbench_${n}_$$_cayley
		if pg -c "CREATE DATABASE $cdb" 2>"$WORK/pg-$n.err"; then
			DATABASES+=("$cdb")
			say "  load into postgres database $cdb with Cayley's writer (timeout ${TIMEOUT_POSTGRES}s)"
			measure "load-$n-postgres-cayley" "$TIMEOUT_POSTGRES" "$SCSGRAPH" load --store postgres --writer cayley --db "$(pg_dsn "$cdb")" --data "$data"
			say "  postgres (Cayley's writer): $M_STATUS in ${M_SECS}s, peak RSS $((M_RSS_KIB / 1024)) MiB"
			record load "corpus=$n" backend=postgres-cayley-writer "status=$M_STATUS" "secs=$M_SECS" "rss_kib=$M_RSS_KIB" \
				"quads=$(quads_in "$M_LOG")" "note=$( [[ $M_STATUS == ok ]] || note_of "$M_LOG")"
			pg -c "DROP DATABASE IF EXISTS $cdb WITH (FORCE)" || say "  could not drop database $cdb"
		fi
	fi

	# Cayley's own CLI into PostgreSQL, on the corpus's N-Quads (what
	# scsgraph load wrote above, from the YAML): the issue's comparison for
	# the bulk writer's quads/s.
	if [[ $pg_status == ok && $n == "$CAYLEY_LOAD_WORKS" ]]; then
		cdb=scsbench_${n}_$$_cayleycli
		"$SCSGRAPH" export --format nquads --data "$data" --out "$WORK/corpus-$n.nq"
		if pg -c "CREATE DATABASE $cdb" 2>"$WORK/pg-$n.err"; then
			DATABASES+=("$cdb")
			say "  cayley load of $(wc -l <"$WORK/corpus-$n.nq") N-Quads into postgres database $cdb (timeout ${TIMEOUT_POSTGRES}s)"
			measure "load-$n-cayley-cli" "$TIMEOUT_POSTGRES" "$CAYLEY" load --init -d postgres -a "$(pg_dsn "$cdb")" -i "$WORK/corpus-$n.nq"
			say "  cayley load: $M_STATUS in ${M_SECS}s, peak RSS $((M_RSS_KIB / 1024)) MiB"
			record load "corpus=$n" backend=postgres-cayley-cli "status=$M_STATUS" "secs=$M_SECS" "rss_kib=$M_RSS_KIB" \
				"quads=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$cdb" -qAt -c 'SELECT count(*) FROM quads' 2>/dev/null || true)" \
				"note=cayley $CAYLEY_VERSION load --init -d postgres, $(wc -l <"$WORK/corpus-$n.nq") N-Quads lines$( [[ $M_STATUS == ok ]] || echo ": $(note_of "$M_LOG")")"
			pg -c "DROP DATABASE IF EXISTS $cdb WITH (FORCE)" || say "  could not drop database $cdb"
		fi
		rm -f "$WORK/corpus-$n.nq"
	fi

	# The memory store is served past its limit (--max-memory-facts) on
	# purpose: the bench measures what it costs.
	if [[ $mem_status == ok ]]; then
		serve_and_run "$n" memory "$WORK/mix-$n" --data "$data" --max-memory-facts 0
	elif [[ $mem_status != skipped ]]; then
		record serve "corpus=$n" backend=memory "status=$mem_status" startup_secs=0 rss_kib=0 "note=not served: the memory load was $mem_status"
	fi
	if [[ $pg_status == ok ]]; then
		serve_and_run "$n" postgres "$WORK/mix-$n" --store postgres --db "$(pg_dsn "$db")"
	fi
	if [[ $pg_status != skipped ]]; then
		pg -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || say "  could not drop database $db"
	fi
	rm -rf "$data"
done

# ---------------------------------------------------------------- report

record info key="load average at the end" "value=$(cut -d' ' -f1-3 /proc/loadavg)"
{
	"$TOOL" report --results "$RESULTS" $([[ -f $OUT/go-bench.txt && $GO_BENCH != 0 ]] && echo --gobench "$OUT/go-bench.txt")
	for prof in schema load; do
		[[ -s $OUT/cpu-$prof.txt ]] || continue
		case $prof in
		schema) echo "## CPU profile: schema BenchmarkDo (the seed mix through schema.Do)" ;;
		load) echo "## CPU profile: graph BenchmarkWriteRefresh/synth1k (writing 1,000 works into memory and building the view)" ;;
		esac
		echo
		echo "Flat (top 15; all in $OUT/cpu-$prof.txt):"
		echo
		echo '```'
		sed -n '9,24p' "$OUT/cpu-$prof.txt"
		echo '```'
		echo
		echo "Cumulative (top 20; all in $OUT/cpu-$prof-cum.txt):"
		echo
		echo '```'
		sed -n '9,29p' "$OUT/cpu-$prof-cum.txt"
		echo '```'
		echo
	done
} >"$OUT/results.md"
cat "$OUT/results.md"
say "saved $OUT/results.md (records: $RESULTS, logs: $WORK)"
