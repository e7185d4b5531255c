package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/scsgraph/scsgraph/bench/mix"
)

// cmdMix writes, for each query of the mix, NAME.json (the POST body) and
// NAME.lua (a wrk script that POSTs it), and lists the queries in
// queries.tsv (name, title) and probes.tsv. For the seed it also writes the
// depth-2 neighborhood in Cayley's languages: depth2-gizmo.{js,lua} and
// depth2-cgql.{graphql,lua}.
func cmdMix(args []string) error {
	fs := flag.NewFlagSet("mix", flag.ContinueOnError)
	corpus := fs.String("corpus", "seed", "seed or synth")
	works := fs.Int("works", 0, "works in the generated corpus (synth)")
	data := fs.String("data", "", "directory of the generated corpus (synth)")
	out := fs.String("out", "", "directory to write into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("mix: --out is required")
	}
	var subj mix.Subjects
	switch *corpus {
	case "seed":
		subj = mix.Seed()
	case "synth":
		var err error
		if subj, err = mix.Synth(*data, *works); err != nil {
			return err
		}
	default:
		return fmt.Errorf("mix: unknown corpus %q", *corpus)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	list := func(file string, qs []mix.Query) error {
		var tsv strings.Builder
		for _, q := range qs {
			body, err := json.Marshal(map[string]any{"query": q.Text, "variables": q.Variables})
			if err != nil {
				return err
			}
			if err := writeRequest(*out, q.Name, "json", body, "application/json"); err != nil {
				return err
			}
			fmt.Fprintf(&tsv, "%s\t%s\n", q.Name, q.Title)
		}
		return os.WriteFile(filepath.Join(*out, file), []byte(tsv.String()), 0o644)
	}
	if err := list("queries.tsv", mix.Queries(subj)); err != nil {
		return err
	}
	if err := list("probes.tsv", mix.Probes(subj)); err != nil {
		return err
	}
	if *corpus == "seed" {
		if err := writeRequest(*out, "depth2-gizmo", "js", []byte(mix.Gizmo(subj.Depth2)), "application/javascript"); err != nil {
			return err
		}
		if err := writeRequest(*out, "depth2-cgql", "graphql", []byte(mix.CayleyGraphQL(subj.Depth2)), "application/graphql"); err != nil {
			return err
		}
	}
	return nil
}

// writeRequest writes dir/name.ext (the body) and dir/name.lua, a wrk script
// that POSTs the same body; run it by hand with
// wrk -t2 -c16 -d10s --latency -s dir/name.lua URL.
func writeRequest(dir, name, ext string, body []byte, contentType string) error {
	if err := os.WriteFile(filepath.Join(dir, name+"."+ext), body, 0o644); err != nil {
		return err
	}
	eq := "="
	for strings.Contains(string(body), "]"+eq+"]") {
		eq += "="
	}
	lua := fmt.Sprintf(`-- wrk script written by bench/benchtool: POST %s.%s
wrk.method = "POST"
wrk.headers["Content-Type"] = %q
wrk.headers["Accept"] = "application/json"
wrk.body = [%s[%s]%s]
`, name, ext, contentType, eq, body, eq)
	return os.WriteFile(filepath.Join(dir, name+".lua"), []byte(lua), 0o644)
}
