package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// cmdReport renders the records (and the Go benchmarks) as markdown.
func cmdReport(args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	results := fs.String("results", "", "records, JSON lines")
	gobench := fs.String("gobench", "", "output of go test -bench (optional)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	recs, err := readRecords(*results)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	rep := &report{recs: recs}
	var b strings.Builder
	rep.header(&b)
	rep.targets(&b)
	rep.seed(&b)
	rep.loads(&b)
	rep.serving(&b)
	rep.probes(&b)
	if *gobench != "" {
		if err := goBench(&b, *gobench); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	fmt.Print(b.String())
	return nil
}

type report struct{ recs []record }

// find returns the records of a type whose fields match kv pairs.
func (r *report) find(typ string, kv ...string) []record {
	var out []record
	for _, rec := range r.recs {
		if rec.str("type") != typ {
			continue
		}
		ok := true
		for i := 0; i+1 < len(kv); i += 2 {
			ok = ok && rec.str(kv[i]) == kv[i+1]
		}
		if ok {
			out = append(out, rec)
		}
	}
	return out
}

func (r *report) one(typ string, kv ...string) record {
	if rs := r.find(typ, kv...); len(rs) > 0 {
		return rs[len(rs)-1]
	}
	return nil
}

func (r *report) header(b *strings.Builder) {
	b.WriteString("# scsgraph benchmark\n\n")
	for _, rec := range r.find("info") {
		fmt.Fprintf(b, "- %s: %s\n", rec.str("key"), rec.str("value"))
	}
	b.WriteString("\n")
}

// ms formats milliseconds with three significant digits.
func ms(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func rps(v float64) string {
	if v >= 100 {
		return commas(int64(math.Round(v)))
	}
	return fmt.Sprintf("%.1f", v)
}

func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func gib(kib float64) string { return fmt.Sprintf("%.2f GiB", kib/(1<<20)) }

func dur(secs float64) string {
	if secs >= 120 {
		return fmt.Sprintf("%.1f min", secs/60)
	}
	return fmt.Sprintf("%.1f s", secs)
}

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}

// errs summarises the failed requests of a wrk record.
func errs(rec record) string {
	e, _ := rec.num("errors")
	n, _ := rec.num("non2xx")
	if e == 0 && n == 0 {
		return "0"
	}
	return fmt.Sprintf("%.0f socket, %.0f non-2xx", e, n)
}

// largest is the largest corpus the records hold: the one targets are read at.
func (r *report) sizes() []string {
	seen := map[string]bool{}
	var out []string
	for _, rec := range r.find("load") {
		if c := rec.str("corpus"); !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { a, _ := strconv.Atoi(out[i]); b, _ := strconv.Atoi(out[j]); return a < b })
	return out
}

// loadResult describes a load record: "9.1 s, 2.10 GiB" or what stopped it.
func loadResult(rec record) string {
	secs, _ := rec.num("secs")
	rss, _ := rec.num("rss_kib")
	switch rec.str("status") {
	case "ok":
		return fmt.Sprintf("%s, peak RSS %s", dur(secs), gib(rss))
	case "killed":
		return fmt.Sprintf("killed at %s RSS after %s", gib(rss), dur(secs))
	case "timeout":
		return fmt.Sprintf("stopped at the %s timeout (peak RSS %s)", dur(secs), gib(rss))
	case "skipped":
		return "skipped: " + rec.str("note")
	}
	return fmt.Sprintf("failed after %s: %s", dur(secs), rec.str("note"))
}

func (r *report) targets(b *strings.Builder) {
	b.WriteString("## Targets\n\n| target | measured | met |\n|---|---|---|\n")
	ratio := func(name, server, other string, want float64, pct bool) {
		ours := r.one("wrk", "corpus", "seed", "server", server, "query", "depth2")
		o := r.one("wrk", "corpus", "seed", "server", other, "query", "depth2")
		if ours == nil || o == nil {
			fmt.Fprintf(b, "| %s | not measured | — |\n", name)
			return
		}
		a, _ := ours.num("rps")
		c, _ := o.num("rps")
		got := a / c
		shown := fmt.Sprintf("%.1f×", got)
		if pct {
			shown = fmt.Sprintf("%.0f%%", 100*got)
		}
		fmt.Fprintf(b, "| %s | %s vs %s req/s = %s | %s |\n", name, rps(a), rps(c), shown, verdict(got >= want))
	}
	// Issue 13's targets, with the response cache off.
	ratio("seed depth-2: scsgraph req/s ≥ 6× Cayley's GraphQL (no response cache)", "scsgraph", "cayley-graphql", 6, false)
	ratio("seed depth-2: scsgraph req/s ≥ 30% of the floor (no response cache)", "scsgraph", "floor", 0.3, true)
	ratio("seed depth-2: scsgraph req/s ≥ 50% of the floor (response cache: every request after the first is a hit)", "scsgraph-cached", "floor", 0.5, true)

	const big = "100000"
	sizes := r.sizes()
	// hint shows the largest smaller corpus when 100k was not run.
	hint := func(f func(corpus string) string) string {
		for i := len(sizes) - 1; i >= 0; i-- {
			if sizes[i] != big {
				if s := f(sizes[i]); s != "" {
					return fmt.Sprintf(" (at %s works: %s)", sizes[i], s)
				}
			}
		}
		return ""
	}
	load := func(backend, name string, limit float64, rssLimit float64) {
		show := func(corpus string) string {
			if rec := r.one("load", "corpus", corpus, "backend", backend); rec != nil {
				return loadResult(rec)
			}
			return ""
		}
		rec := r.one("load", "corpus", big, "backend", backend)
		if rec == nil {
			fmt.Fprintf(b, "| %s | not run%s | — |\n", name, hint(show))
			return
		}
		secs, _ := rec.num("secs")
		rss, _ := rec.num("rss_kib")
		if rssLimit > 0 {
			fmt.Fprintf(b, "| %s | %s | %s |\n", name, loadResult(rec), verdict(rec.str("status") == "ok" && rss < rssLimit))
			return
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", name, loadResult(rec), verdict(rec.str("status") == "ok" && secs < limit))
	}
	load("memory", "100k works, memory: load < 60 s", 60, 0)
	load("memory", "100k works, memory: peak RSS < 4 GiB", 0, 4<<20)
	p99 := func(query, name string, limit float64) {
		show := func(corpus string) string {
			if rec := r.one("wrk", "corpus", corpus, "server", "scsgraph-memory", "query", query); rec != nil {
				v, _ := rec.num("p99_ms")
				return fmt.Sprintf("p99 %s ms", ms(v))
			}
			return ""
		}
		rec := r.one("wrk", "corpus", big, "server", "scsgraph-memory", "query", query)
		if rec == nil {
			why := "not run"
			if l := r.one("load", "corpus", big, "backend", "memory"); l != nil {
				why = "not measured: the memory load was " + l.str("status")
				if s := r.one("serve", "corpus", big, "backend", "memory"); s != nil && s.str("status") != "ok" {
					why = "not measured: serve " + s.str("status") + " " + s.str("note")
				}
			}
			fmt.Fprintf(b, "| %s | %s%s | — |\n", name, why, hint(show))
			return
		}
		v, _ := rec.num("p99_ms")
		e, _ := rec.num("errors")
		n, _ := rec.num("non2xx")
		fmt.Fprintf(b, "| %s | p99 %s ms | %s |\n", name, ms(v), verdict(v < limit && e == 0 && n == 0))
	}
	p99("depth2", "100k works, memory: depth-2 p99 < 50 ms", 50)
	p99("search", "100k works, memory: search p99 < 20 ms", 20)
	p99("path", "100k works, memory: path p99 < 100 ms", 100)
	load("bolt", "100k works, bolt: load < 2 min", 120, 0)
	load("postgres", "100k works, postgres: load < 3 min", 180, 0)
	r.loadRatio(b, 8)
	b.WriteString("\n")
}

// quadsPerSec is a finished load's quads per second, and false when it
// did not finish or says nothing of its quads.
func quadsPerSec(rec record) (float64, bool) {
	q, ok1 := rec.num("quads")
	secs, ok2 := rec.num("secs")
	if rec == nil || rec.str("status") != "ok" || !ok1 || !ok2 || secs <= 0 {
		return 0, false
	}
	return q / secs, true
}

// loadRatio is the target row comparing the bulk writer's quads/s with
// Cayley's own CLI into PostgreSQL, on the corpus both loaded.
func (r *report) loadRatio(b *strings.Builder, want float64) {
	name := fmt.Sprintf("postgres: scsgraph load quads/s ≥ %.0f× `cayley load` (same corpus, same run)", want)
	for _, c := range r.find("load", "backend", "postgres-cayley-cli") {
		ours, ok1 := quadsPerSec(r.one("load", "corpus", c.str("corpus"), "backend", "postgres"))
		theirs, ok2 := quadsPerSec(c)
		if !ok1 || !ok2 {
			continue
		}
		fmt.Fprintf(b, "| %s | at %s works: %.0f vs %.0f quads/s = %.1f× | %s |\n", name, c.str("corpus"), ours, theirs, ours/theirs, verdict(ours/theirs >= want))
		return
	}
	fmt.Fprintf(b, "| %s | not measured | — |\n", name)
}

func (r *report) wrkRow(b *strings.Builder, lead string, rec record) {
	a, _ := rec.num("rps")
	p50, _ := rec.num("p50_ms")
	p99, _ := rec.num("p99_ms")
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", lead, rps(a), ms(p50), ms(p99), errs(rec))
}

func (r *report) seed(b *strings.Builder) {
	recs := r.find("wrk", "corpus", "seed")
	bad := r.find("invalid", "corpus", "seed")
	if len(recs)+len(bad) == 0 {
		return
	}
	fmt.Fprintf(b, "## Seed corpus: the query mix under wrk\n\n%s\n\n", r.wrkParams("seed"))
	b.WriteString("| server | query | req/s | p50 ms | p99 ms | failed requests |\n|---|---|---|---|---|---|\n")
	for _, rec := range recs {
		r.wrkRow(b, rec.str("server")+" | "+rec.str("title"), rec)
	}
	for _, rec := range bad {
		fmt.Fprintf(b, "| %s | %s | not timed: %s | | | |\n", rec.str("server"), rec.str("title"), rec.str("error"))
	}
	if ns := r.one("nodeset", "corpus", "seed"); ns != nil {
		fmt.Fprintf(b, "\nDepth-2 node set of %s, checked before timing: %s.\n", ns.str("node"), ns.str("sizes"))
	}
	if c := r.one("cayley", "corpus", "seed"); c != nil {
		fmt.Fprintf(b, "Cayley %s, memstore, loaded the seed's N-Quads (%s quads) in %s.\n", c.str("version"), c.str("quads"), c.str("load"))
	}
	b.WriteString("\n")
}

func (r *report) wrkParams(corpus string) string {
	if rec := r.one("info", "key", "wrk "+corpus); rec != nil {
		return rec.str("value")
	}
	return ""
}

func (r *report) loads(b *strings.Builder) {
	recs := r.find("load")
	if len(recs) == 0 {
		return
	}
	b.WriteString("## Loading generated corpora\n\n")
	b.WriteString("memory: `scsgraph query '{ stats { quads } }' --data DIR`; bolt and postgres: `scsgraph load` into a new file or database. Peak RSS from /usr/bin/time -v.\n\n")
	b.WriteString("postgres-cayley-cli: `cayley load --init -d postgres` of the corpus's N-Quads (exported by scsgraph), into a new database.\n\n")
	b.WriteString("| works | backend | result | quads | quads/s | target at 100k |\n|---|---|---|---|---|---|\n")
	targets := map[string]string{"memory": "< 60 s, < 4 GiB", "bolt": "< 2 min", "postgres": "< 3 min"}
	for _, rec := range recs {
		qps := ""
		if v, ok := quadsPerSec(rec); ok {
			qps = fmt.Sprintf("%.0f", v)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", rec.str("corpus"), rec.str("backend"), loadResult(rec), rec.str("quads"), qps, targets[rec.str("backend")])
	}
	b.WriteString("\n")
}

func (r *report) serving(b *strings.Builder) {
	recs := r.find("wrk")
	var rows []record
	for _, rec := range recs {
		if rec.str("corpus") != "seed" {
			rows = append(rows, rec)
		}
	}
	serves := r.find("serve")
	if len(rows)+len(serves) == 0 {
		return
	}
	fmt.Fprintf(b, "## Serving generated corpora\n\n%s\n\n", r.wrkParams("corpora"))
	if len(serves) > 0 {
		b.WriteString("| works | store | start-up | server peak RSS | result |\n|---|---|---|---|---|\n")
		for _, s := range serves {
			secs, _ := s.num("startup_secs")
			rss, _ := s.num("rss_kib")
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s %s |\n", s.str("corpus"), s.str("backend"), dur(secs), gib(rss), s.str("status"), s.str("note"))
		}
		b.WriteString("\n")
	}
	targets := map[string]string{"depth2": "< 50 ms", "search": "< 20 ms", "path": "< 100 ms"}
	b.WriteString("| works | store | query | req/s | p50 ms | p99 ms | failed requests | p99 target (100k, memory) |\n|---|---|---|---|---|---|---|---|\n")
	for _, rec := range rows {
		a, _ := rec.num("rps")
		p50, _ := rec.num("p50_ms")
		p99, _ := rec.num("p99_ms")
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", rec.str("corpus"), strings.TrimPrefix(rec.str("server"), "scsgraph-"),
			rec.str("title"), rps(a), ms(p50), ms(p99), errs(rec), targets[rec.str("query")])
	}
	for _, rec := range r.find("invalid") {
		if rec.str("corpus") != "seed" {
			fmt.Fprintf(b, "| %s | %s | %s | not timed: %s | | | | |\n", rec.str("corpus"), strings.TrimPrefix(rec.str("server"), "scsgraph-"), rec.str("title"), rec.str("error"))
		}
	}
	b.WriteString("\n")
}

func (r *report) probes(b *strings.Builder) {
	recs := r.find("probe")
	if len(recs) == 0 {
		return
	}
	b.WriteString("## Probes: single requests the mix avoids\n\n| works | store | query | time | answer |\n|---|---|---|---|---|\n")
	for _, rec := range recs {
		secs, _ := rec.num("secs")
		fmt.Fprintf(b, "| %s | %s | %s | %s ms | %s |\n", rec.str("corpus"), strings.TrimPrefix(rec.str("server"), "scsgraph-"), rec.str("title"), ms(secs*1000), rec.str("result"))
	}
	b.WriteString("\n")
}

var reBench = regexp.MustCompile(`^(Benchmark\S+)\s+(\d+)\s+(.*)$`)

// goBench summarises go test -bench output: the median of each metric per
// benchmark, and the spread of ns/op.
func goBench(b *strings.Builder, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	type bench struct {
		name    string
		metrics map[string][]float64
	}
	var order []*bench
	byName := map[string]*bench{}
	pkg := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimPrefix(p, "github.com/scsgraph/scsgraph/")
			continue
		}
		m := reBench.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := pkg + " " + m[1]
		bn := byName[name]
		if bn == nil {
			bn = &bench{name: name, metrics: map[string][]float64{}}
			byName[name] = bn
			order = append(order, bn)
		}
		parts := strings.Fields(m[3])
		for i := 0; i+1 < len(parts); i += 2 {
			v, err := strconv.ParseFloat(parts[i], 64)
			if err == nil {
				bn.metrics[parts[i+1]] = append(bn.metrics[parts[i+1]], v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		b.WriteString("## Go benchmarks\n\nno results; see " + path + "\n")
		return nil
	}
	fmt.Fprintf(b, "## Go benchmarks\n\nMedian of the runs in %s (compare two runs with benchstat).\n\n", path)
	b.WriteString("| package | benchmark | time/op | spread | B/op | allocs/op | runs |\n|---|---|---|---|---|---|---|\n")
	for _, bn := range order {
		ns := bn.metrics["ns/op"]
		pkgName, name, _ := strings.Cut(bn.name, " ")
		fmt.Fprintf(b, "| %s | %s | %s | ±%.0f%% | %s | %s | %d |\n", pkgName, name, nsop(median(ns)), spread(ns),
			bytesop(median(bn.metrics["B/op"])), commas(int64(median(bn.metrics["allocs/op"]))), len(ns))
	}
	b.WriteString("\n")
	return nil
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// spread is the largest distance from the median, in percent of it.
func spread(vs []float64) float64 {
	m := median(vs)
	if m == 0 {
		return 0
	}
	d := 0.0
	for _, v := range vs {
		d = max(d, math.Abs(v-m))
	}
	return 100 * d / m
}

func nsop(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func bytesop(v float64) string {
	switch {
	case v >= 1<<30:
		return fmt.Sprintf("%.2f GiB", v/(1<<30))
	case v >= 1<<20:
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	}
	return fmt.Sprintf("%.0f B", v)
}
