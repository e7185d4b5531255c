package main

import (
	"context"
	"fmt"
	"io"

	"github.com/scsgraph/scsgraph/graph"
	"github.com/scsgraph/scsgraph/schema"
)

// runSchema prints the GraphQL schema in SDL.
func runSchema(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("schema", stdout)
	if err := f.parse(args); err != nil {
		return err
	}
	st, v, err := graph.Load(ctx, graph.Config{}, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	sch, err := schema.New(v, schema.Limits{})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprint(stdout, sch.SDL()); err != nil {
		return fmt.Errorf("schema: write: %w", err)
	}
	return nil
}
