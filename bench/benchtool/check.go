package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/scsgraph/scsgraph/bench/mix"
)

// cmdCheck fails unless FILE is a GraphQL answer with data and no errors,
// and prints what it holds in a few words.
func cmdCheck(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("check: want one FILE")
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var res struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return fmt.Errorf("check: %s: not JSON: %v: %.200s", args[0], err, raw)
	}
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		return fmt.Errorf("%v: %s", e.Extensions["code"], e.Message)
	}
	if res.Data == nil {
		return fmt.Errorf("check: %s: no data: %.200s", args[0], raw)
	}
	var parts []string
	for k, v := range res.Data {
		parts = append(parts, k+" "+describe(v))
	}
	sort.Strings(parts)
	fmt.Printf("%s (%d bytes)\n", strings.Join(parts, "; "), len(raw))
	return nil
}

// describe summarises one value of an answer: list lengths, nulls.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case []any:
		return fmt.Sprintf("%d items", len(x))
	case map[string]any:
		var parts []string
		for k, y := range x {
			switch z := y.(type) {
			case []any:
				parts = append(parts, fmt.Sprintf("%s=%d", k, len(z)))
			case float64, bool:
				parts = append(parts, fmt.Sprintf("%s=%v", k, z))
			}
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprint(v)
}

// cmdNodeset reads depth-2 answers of several servers and compares their
// node sets. Each argument is NAME=FORMAT:FILE, FORMAT one of subgraph (a
// neighborhood answer of scsgraph or the floor), gizmo or cgql (Cayley). It
// prints the sizes and fails when the sets differ.
func cmdNodeset(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("nodeset: want at least two NAME=FORMAT:FILE")
	}
	var names []string
	sets := map[string]map[string]bool{}
	for _, a := range args {
		name, spec, ok1 := strings.Cut(a, "=")
		format, file, ok2 := strings.Cut(spec, ":")
		if !ok1 || !ok2 {
			return fmt.Errorf("nodeset: %q is not NAME=FORMAT:FILE", a)
		}
		set, err := readNodeset(format, file)
		if err != nil {
			return fmt.Errorf("nodeset: %s: %w", name, err)
		}
		names = append(names, name)
		sets[name] = set
	}
	var sizes []string
	same := true
	for _, n := range names {
		sizes = append(sizes, fmt.Sprintf("%s=%d", n, len(sets[n])))
		for id := range sets[names[0]] {
			same = same && sets[n][id]
		}
		same = same && len(sets[n]) == len(sets[names[0]])
	}
	fmt.Printf("%s same=%v\n", strings.Join(sizes, " "), same)
	if !same {
		for _, n := range names[1:] {
			for id := range sets[names[0]] {
				if !sets[n][id] {
					fmt.Fprintf(os.Stderr, "nodeset: %s lacks %s\n", n, id)
				}
			}
			for id := range sets[n] {
				if !sets[names[0]][id] {
					fmt.Fprintf(os.Stderr, "nodeset: %s has extra %s\n", n, id)
				}
			}
		}
		return fmt.Errorf("nodeset: the node sets differ")
	}
	return nil
}

func readNodeset(format, file string) (map[string]bool, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	add := func(iri string) {
		iri = strings.Trim(iri, "<>")
		set[strings.TrimPrefix(iri, mix.BaseIRI)] = true
	}
	switch format {
	case "subgraph":
		var res struct {
			Data struct {
				Neighborhood struct {
					Nodes []struct{ ID string } `json:"nodes"`
				} `json:"neighborhood"`
			} `json:"data"`
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			return nil, err
		}
		for _, n := range res.Data.Neighborhood.Nodes {
			add(n.ID)
		}
	case "gizmo":
		var res struct {
			Result []struct{ ID string } `json:"result"`
			Error  string                `json:"error"`
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			return nil, err
		}
		if res.Error != "" {
			return nil, fmt.Errorf("gizmo: %s", res.Error)
		}
		for _, n := range res.Result {
			add(n.ID)
		}
	case "cgql":
		var res struct {
			Data   any `json:"data"`
			Errors any `json:"errors"`
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			return nil, err
		}
		if res.Errors != nil {
			return nil, fmt.Errorf("cayley graphql: %v", res.Errors)
		}
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, y := range x {
					if s, ok := y.(string); ok && k == "id" {
						add(s)
					} else {
						walk(y)
					}
				}
			case []any:
				for _, y := range x {
					walk(y)
				}
			}
		}
		walk(res.Data)
	default:
		return nil, fmt.Errorf("unknown format %q", format)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%s: no nodes", file)
	}
	return set, nil
}
