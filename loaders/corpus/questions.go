package corpus

import "github.com/scsgraph/scsgraph/graph"

// questionsFile describes questions.yaml.
func questionsFile() fileSpec {
	return fileSpec{kind: graph.KindQuestion, idField: "id",
		fields: []string{"id", "position", "text", "intro", "sources"}, read: readQuestion}
}

// question is a research question: a section heading of the research page,
// with the paragraph under it.
type question struct {
	meta
	position    int
	text, intro string
}

func readQuestion(r *record) entity {
	q := &question{meta: r.entityMeta(graph.KindQuestion), text: r.need("text"), intro: r.need("intro")}
	if n, ok := r.integer("position"); ok {
		q.position = n
		if n < 1 {
			r.problem(r.line("position"), "position %d must be 1 or more", n)
		}
	} else if !r.has("position") {
		r.problem(q.line, "missing %q", "position")
	}
	return q
}

func (q *question) check(c *checker) { c.checkSources(&q.meta) }

func (q *question) write(e *emitter) {
	m := &q.meta
	e.node(m, graph.ClassQuestion, "text", q.text)
	e.fact(m, "text", graph.Text, q.text)
	e.fact(m, "intro", graph.Description, q.intro)
	e.fact(m, "position", graph.Position, q.position)
}
