package graph

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
)

// stepCayley is step written over Cayley's path API: the edges touching ids,
// found by following every link predicate out of and into them in the quad
// store itself. It is the reference that step, which reads the view, must match.
func (s *View) stepCayley(ctx context.Context, ids []string) ([]*Edge, error) {
	var via []interface{}
	for p := range linkPredicates {
		via = append(via, quad.IRI(p))
	}
	seen := map[*Edge]bool{}
	var out []*Edge
	collect := func(m map[string]quad.Value) error {
		src, ok1 := s.idOf(m["s"])
		dst, ok2 := s.idOf(m["o"])
		if !ok1 || !ok2 {
			return nil
		}
		e, ok := s.view.edge(src, Predicate(iriString(m["p"])), dst)
		if !ok {
			return fmt.Errorf("the quad store has %s %s %s but the view has no such edge", src, iriString(m["p"]), dst)
		}
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
		return nil
	}
	starts := s.iris(ids)
	outs := path.StartPath(s.store.qs, starts...).Tag("s").OutWithTags([]string{"p"}, via...).Tag("o")
	if err := outs.Iterate(ctx).TagValues(s.store.qs, collect); err != nil {
		return nil, err
	}
	ins := path.StartPath(s.store.qs, starts...).Tag("o").InWithTags([]string{"p"}, via...).Tag("s")
	if err := ins.Iterate(ctx).TagValues(s.store.qs, collect); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return lessEdge(out[i], out[j]) })
	return out, nil
}

// Step exposes step to the external tests, its edges sorted like stepCayley's.
func Step(s *View, ctx context.Context, ids []string) ([]*Edge, error) {
	out, err := s.step(ctx, ids)
	sort.Slice(out, func(i, j int) bool { return lessEdge(out[i], out[j]) })
	return out, err
}

// StepCayley is stepCayley for the external tests.
func StepCayley(s *View, ctx context.Context, ids []string) ([]*Edge, error) {
	return s.stepCayley(ctx, ids)
}

// sharedCayley is shared written over Cayley's path API.
func (s *View) sharedCayley(ctx context.Context, from []string, via Predicate, hubIsSubject bool, hub, target Kind) (map[string]map[string][]string, error) {
	out := map[string]map[string][]string{}
	p := path.StartPath(s.store.qs, s.iris(from)...).Tag("a")
	if hubIsSubject {
		p = p.In(quad.IRI(via)).Tag("hub").Out(quad.IRI(via)).Tag("b")
	} else {
		p = p.Out(quad.IRI(via)).Tag("hub").In(quad.IRI(via)).Tag("b")
	}
	err := p.Iterate(ctx).TagValues(s.store.qs, func(m map[string]quad.Value) error {
		a, _ := s.idOf(m["a"])
		b, _ := s.idOf(m["b"])
		h, _ := s.idOf(m["hub"])
		if a == b || KindOf(b) != target || KindOf(h) != hub {
			return nil
		}
		if out[a] == nil {
			out[a] = map[string][]string{}
		}
		if !slices.Contains(out[a][b], h) {
			out[a][b] = append(out[a][b], h)
		}
		return nil
	})
	for _, bs := range out {
		for b := range bs {
			sort.Strings(bs[b])
		}
	}
	return out, err
}

// SharedBoth runs shared and sharedCayley for the external tests.
func SharedBoth(s *View, ctx context.Context, from []string, via Predicate, hubIsSubject bool, hub, target Kind) (view, cayley map[string]map[string][]string, err error) {
	if view, err = s.shared(ctx, from, via, hubIsSubject, hub, target); err != nil {
		return nil, nil, err
	}
	cayley, err = s.sharedCayley(ctx, from, via, hubIsSubject, hub, target)
	return view, cayley, err
}

// iris turns ids into Cayley values.
func (s *View) iris(ids []string) []quad.Value {
	vs := make([]quad.Value, len(ids))
	for i, id := range ids {
		vs[i] = quad.IRI(s.IRI(id))
	}
	return vs
}
