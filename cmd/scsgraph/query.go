package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/scsgraph/scsgraph/schema"
)

// runQuery runs one GraphQL query against the corpus, without a server, and
// prints the JSON result. It fails when the result has errors.
func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("query", stdout)
	vars := f.String("vars", "", "variables, as a JSON object")
	op := f.String("operation", "", "operation name, when the query has several")
	sf := f.storeFlags("memory", "store: memory, bolt or postgres")
	// The query may come before or after the flags.
	var query string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		query, args = args[0], args[1:]
	}
	if err := f.parse(args); err != nil {
		return err
	}
	if query == "" && f.NArg() == 1 {
		query = f.Arg(0)
	} else if f.NArg() > 0 {
		return usageError{fmt.Sprintf("query: unexpected arguments %q: give one query", f.Args())}
	}
	if query == "" {
		return usageError{"query: give the query as the first argument"}
	}
	req := schema.Request{Query: query, OperationName: *op}
	if *vars != "" {
		if err := json.Unmarshal([]byte(*vars), &req.Variables); err != nil {
			return usageError{fmt.Sprintf("query: --vars is not a JSON object: %v", err)}
		}
	}
	st, v, err := openStore(ctx, sf.config(), *sf.data)
	if err != nil {
		return err
	}
	defer st.Close()
	sch, err := schema.New(v, schema.Limits{Log: slog.New(slog.NewTextHandler(stderr, nil))})
	if err != nil {
		return err
	}
	res := sch.Do(ctx, req)
	out, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("query: encode result: %w", err)
	}
	if _, err := fmt.Fprintln(stdout, string(out)); err != nil {
		return fmt.Errorf("query: write result: %w", err)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("query: the result has %d error(s)", len(res.Errors))
	}
	return nil
}
