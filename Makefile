# scsgraph: the two commands a newcomer needs are `make run` and `make test`.
# Each installs what it needs first (Debian packages, npm packages, Go modules).

GO      ?= go
BIN     := bin/scsgraph
ADDR    ?= 127.0.0.1:8080
export PATH := /usr/local/go/bin:$(PATH)

# Debian packages the tests use: a browser for the explorer tests, and
# Jupyter with the notebook's Python libraries.
DEBS := chromium jupyter-nbconvert python3-nbconvert python3-ipykernel python3-pandas python3-networkx python3-scipy python3-requests python3-matplotlib wrk

.PHONY: run test check build web deps debs bench clean go-test web-test notebook-test fuzz-test pg-restart-test loadtest

## check: the fast tier for contributors, no installs: go vet, staticcheck
## (pinned in go.mod as a tool), and the short tests under the race detector.
## The database tests skip when no PostgreSQL answers.
check:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) test -race -short -count=1 ./...

## run: build and serve the embedded corpus on $(ADDR) (GraphiQL at /graphiql)
run: build
	./$(BIN) serve --addr $(ADDR)

## test: install what the tests need, then run every test
test: deps build go-test pg-restart-test fuzz-test web-test notebook-test

# The commit for "scsgraph --version", when the toolchain does not stamp it.
COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null)

build: web
	$(GO) build -ldflags "-X main.linkedCommit=$(COMMIT)" -o $(BIN) ./cmd/scsgraph

## web: install the npm packages and vendor the browser assets into web/static/vendor
web: web/node_modules/.installed
	cd web && ./build.sh

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

deps: debs web

debs:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

go-test: build
	$(GO) vet ./...
	SCSGRAPH_REQUIRE_POSTGRES=1 SCSGRAPH_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 ./...

# Each fuzz target runs for FUZZTIME (the seeds in <pkg>/testdata/fuzz also
# run as plain tests in go-test). New interesting inputs are minimized for at
# most a second, so that the time goes to fuzzing.
FUZZTIME ?= 10s
FUZZ_TARGETS := loaders/corpus:FuzzCorpusFile loaders/bib:FuzzBibTeX loaders/bib:FuzzCSLJSON loaders/bib:FuzzOpenAlex loaders/bib:FuzzRIS schema/gqlhttp:FuzzHandler

# Go 1.26's fuzzing coordinator can fail a target with a bare "context
# deadline exceeded" when -fuzztime ends on a busy machine (golang/go#75804,
# fixed in Go 1.27). Such a run wrote no failing input; it runs once more.
# Any other failure, or a failing input, fails at once.
fuzz-test:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		for try in 1 2; do \
			echo "fuzz $$fn in ./$$pkg for $(FUZZTIME)"; \
			out=$$($(GO) test -run=NONE -fuzz="^$$fn\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=1s ./$$pkg 2>&1); rc=$$?; \
			echo "$$out" | tail -n 30; \
			[ $$rc = 0 ] && break; \
			if [ $$try = 1 ] && echo "$$out" | grep -q 'context deadline exceeded' && ! echo "$$out" | grep -q 'Failing input written'; then \
				echo "fuzz $$fn: the fuzztime deadline race of Go 1.26 (golang/go#75804), no failing input written: once more"; continue; \
			fi; \
			exit 1; \
		done; \
	done

# Restarts the PostgreSQL cluster under a running server, so it runs alone,
# after the packages that use the database.
pg-restart-test: build
	SCSGRAPH_TEST_PG_RESTART=1 SCSGRAPH_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -run '^TestPostgresRestart$$' -v ./cmd/scsgraph

## loadtest: wrk on 127.0.0.1 for 60 s with 64 connections, normal and rejected
## queries mixed; fails on socket errors, unexpected statuses or RSS growth >= 10%
loadtest: build
	@command -v wrk >/dev/null 2>&1 || $(MAKE) debs
	cmd/scsgraph/testdata/loadtest/run.sh $(CURDIR)/$(BIN) 60s 64

web-test: build
	cd web && SCSGRAPH_BIN=$(CURDIR)/$(BIN) ARTIFACTS_DIR=$(CURDIR)/web/test/artifacts node --test test/*.test.mjs

notebook-test: build
	ARTIFACTS_DIR=$(CURDIR)/examples/artifacts examples/run-notebook.sh $(CURDIR)/$(BIN)

clean:
	rm -rf bin web/static/vendor/*.js web/static/vendor/*.mjs web/static/vendor/*.css

## bench: throughput, latency, load time and peak RSS in one table (bench/run.sh;
## results in bench/out/results.md). BENCH_SIZES=10000 for a quicker run.
.PHONY: bench-deps
bench: build bench-deps
	SCSGRAPH_BIN=$(CURDIR)/$(BIN) bench/run.sh

bench-deps:
	@command -v wrk >/dev/null 2>&1 || { echo "installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }
