// Each export of the real server, parsed by an independent parser, must hold
// as many nodes and edges as `stats` reports: N3.js for N-Quads, jsonld.js
// for JSON-LD (expanded to RDF offline), graphology-gexf for GEXF, headless
// cytoscape for its JSON, Python's xml.etree for GraphML and pandas for CSV.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Parser as N3Parser } from 'n3';
import jsonld from 'jsonld';
import { MultiDirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import cytoscape from 'cytoscape';
import { startServer, gql } from './helpers.mjs';

let server;
let stats;

before(async () => {
  server = await startServer();
  ({ stats } = await gql(server.url, '{ stats { nodes edges quads } }'));
  assert.ok(stats.nodes > 100 && stats.edges > 100, `stats look empty: ${JSON.stringify(stats)}`);
});

after(async () => server && server.stop());

async function exportText(format) {
  const res = await fetch(`${server.url}/export/${format}`);
  assert.equal(res.status, 200, `/export/${format}: ${res.status}`);
  return res.text();
}

// counts reads nodes and edges from RDF quads the way the graph defines them:
// nodes are the subjects under the base IRI that are not evidence; edges are
// the distinct (subject, predicate, object) links between two such nodes.
function countRDF(quads, base) {
  const isNode = (t) => t.termType === 'NamedNode' && t.value.startsWith(base) && !t.value.startsWith(`${base}evidence/`);
  const nodes = new Set();
  const edges = new Set();
  for (const q of quads) {
    if (isNode(q.subject)) nodes.add(q.subject.value);
    if (isNode(q.subject) && isNode(q.object)) edges.add(`${q.subject.value} ${q.predicate.value} ${q.object.value}`);
  }
  return { nodes: nodes.size, edges: edges.size };
}

const base = 'https://scsgraph.org/id/';

// storedAndAuthorships splits exported quads into the stored ones and the
// qualified authorships the RDF exports add (4 quads for each author of a
// publication whose byline order a source gives: <pub#author-N>), and checks
// the second part against the API.
async function storedAndAuthorships(quads) {
  const isAuthorship = (t) => t.termType === 'NamedNode' && t.value.includes('#author-');
  const added = quads.filter((q) => isAuthorship(q.subject) || isAuthorship(q.object));
  const { publications } = await gql(server.url, '{ publications(first: 100) { nodes { authorOrderKnown authors { id } } } }');
  const positioned = publications.nodes.filter((p) => p.authorOrderKnown).reduce((n, p) => n + p.authors.length, 0);
  assert.ok(positioned > 0, 'no publication with a known byline order');
  assert.equal(added.length, 4 * positioned, 'qualified authorships');
  return quads.filter((q) => !added.includes(q));
}

test('N-Quads parse with N3.js; every quad has a label', async () => {
  const text = await exportText('nquads');
  assert.ok(!/\^\^<xsd:/.test(text), 'a datatype that is not an absolute IRI');
  const quads = await storedAndAuthorships(new N3Parser({ format: 'N-Quads' }).parse(text));
  assert.equal(quads.length, stats.quads);
  assert.ok(quads.every((q) => q.graph.termType === 'NamedNode' && q.graph.value.startsWith(`${base}evidence/`)),
    'a quad without an evidence label');
  assert.deepEqual(countRDF(quads, base), { nodes: stats.nodes, edges: stats.edges });
});

test('JSON-LD expands to the same RDF with jsonld.js, offline', async () => {
  const doc = JSON.parse(await exportText('jsonld'));
  assert.equal(typeof doc['@context'], 'object', 'the @context must be inline');
  const noFetch = async (url) => { throw new Error(`jsonld tried to fetch ${url}`); };
  const quads = await storedAndAuthorships(await jsonld.toRDF(doc, { documentLoader: noFetch }));
  assert.equal(quads.length, stats.quads);
  assert.deepEqual(countRDF(quads, base), { nodes: stats.nodes, edges: stats.edges });
});

test('GEXF parses with graphology-gexf', async () => {
  const g = gexf.parse(MultiDirectedGraph, await exportText('gexf'));
  assert.equal(g.order, stats.nodes);
  assert.equal(g.size, stats.edges);
  const pboc = g.getNodeAttributes('actor/pboc');
  assert.equal(pboc.label, "People's Bank of China");
  assert.equal(pboc.kind, 'ACTOR');
  const withEvidence = g.filterEdges((e, a) => a.evidence && a.evidence.length > 0);
  assert.equal(withEvidence.length, g.size, 'an edge without evidence');
});

test('Cytoscape JSON loads in headless cytoscape', async () => {
  const doc = JSON.parse(await exportText('cytoscape'));
  const cy = cytoscape({ headless: true, elements: doc.elements });
  assert.equal(cy.nodes().length, stats.nodes);
  assert.equal(cy.edges().length, stats.edges);
  assert.ok(cy.edges().every((e) => e.data('evidence').length > 0), 'an edge without evidence');
});

// python runs Debian's Python (which has pandas) on a script reading stdin.
function python(script, input) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input, encoding: 'utf8' }));
}

test('GraphML parses with Python xml.etree', async () => {
  const got = python(`
import json, sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.fromstring(sys.stdin.buffer.read())
print(json.dumps({"nodes": len(root.findall(".//g:node", ns)), "edges": len(root.findall(".//g:edge", ns))}))
`, await exportText('graphml'));
  assert.deepEqual(got, { nodes: stats.nodes, edges: stats.edges });
});

test('CSV node and edge tables read with pandas', async () => {
  const read = `
import io, json, sys, pandas as pd
df = pd.read_csv(io.StringIO(sys.stdin.read()))
print(json.dumps({"rows": len(df), "columns": list(df.columns), "empty_evidence": int(df["evidence"].isna().sum()) if "evidence" in df else 0}))
`;
  const nodes = python(read, await exportText('csv-nodes'));
  assert.equal(nodes.rows, stats.nodes);
  assert.deepEqual(nodes.columns, ['id', 'kind', 'label', 'iri', 'year', 'start']);
  const edges = python(read, await exportText('csv-edges'));
  assert.equal(edges.rows, stats.edges);
  assert.equal(edges.empty_evidence, 0, 'an edge without evidence');
});

test('/id/{kind}/{slug} is JSON-LD, and a browser is sent to the explorer', async () => {
  const res = await fetch(`${server.url}/id/actor/pboc`, { headers: { Accept: 'application/ld+json' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/ld\+json/);
  const quads = await jsonld.toRDF(await res.json(), { documentLoader: async (u) => { throw new Error(`fetch ${u}`); } });
  assert.ok(quads.some((q) => q.subject.value === `${base}actor/pboc` && q.object.value === '中国人民银行'), 'no Chinese name in the JSON-LD');
  const html = await fetch(`${server.url}/id/actor/pboc`, { headers: { Accept: 'text/html' }, redirect: 'manual' });
  assert.equal(html.status, 303);
  assert.equal(html.headers.get('location'), '/?focus=actor%2Fpboc');
  const missing = await fetch(`${server.url}/id/actor/nobody`);
  assert.equal(missing.status, 404);
});
