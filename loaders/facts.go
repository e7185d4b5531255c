package loaders

import (
	"fmt"

	"github.com/scsgraph/scsgraph/graph"
)

// MaxYear is the latest year a publication may have, in the corpus and in
// a bibliography.
const MaxYear = 2100

// Emitter writes facts through a graph.Writer and counts them. It keeps
// the first write error and writes nothing after it, so that a loader
// writes on and checks Err once at the end.
type Emitter struct {
	w     graph.Writer
	facts int
	err   error
}

// NewEmitter returns an Emitter that writes to w.
func NewEmitter(w graph.Writer) *Emitter { return &Emitter{w: w} }

// Put writes one fact. A write error names the evidence's file and line,
// the subject and the predicate.
func (e *Emitter) Put(subject string, pred graph.Predicate, object any, ev graph.Evidence) {
	if e.err != nil {
		return
	}
	if err := e.w.Write(graph.Fact{Subject: subject, Pred: pred, Object: object, Evidence: ev}); err != nil {
		e.err = fmt.Errorf("loaders: %s:%d: write %s %s: %w", ev.File, ev.Line, subject, pred.ShortName(), err)
		return
	}
	e.facts++
}

// Facts returns how many facts were written.
func (e *Emitter) Facts() int { return e.facts }

// Err returns the first write error, or nil.
func (e *Emitter) Err() error { return e.err }
