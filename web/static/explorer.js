// scsgraph explorer: the knowledge graph over GraphQL, in cytoscape.js.
//
// It opens on the concept map (concepts sized by their publications or a
// centrality, coloured by their Louvain community, linked when a publication
// mentions both, the links weighted by a chosen co-occurrence measure), with
// a timeline strip of publications per year and a few suggested starting
// points. The myths and findings view lists each myth, its wordings, its
// holders and the findings that contradict or support it, with their quotes. Search, a starting point or
// "Centre here" shows a node's neighbourhood; clicking a node shows its
// details and expands it around itself; clicking an edge shows its evidence
// with links to the sources. Kind and year filters hide what they exclude and
// the nodes left without links, then lay the rest out again. The path tool
// shows up to three paths and can skip authors. "Export this view" downloads
// what is shown as GEXF 1.2, GraphML, PNG or SVG, generated here.
//
// URL parameters: ?focus=ID opens on a node, ?view=concepts|coauthors|citations|myths|all
// opens on a view (all: the whole graph, offered up to 200 nodes), ?endpoint=URL talks to another server (which must allow
// this origin), ?depth=N sets the neighbourhood depth and ?limit=N lowers its
// node limit (at most 200).
//
// For tests, window.explorer exposes { cy, ready, idle(), load(), expand(),
// setView(), showMyths(), exportView(), path(), shown(), expanded, state }; the page's
// controls carry data-testid attributes.

import cytoscape from './vendor/cytoscape.esm.min.mjs';

// Plugins loaded by index.html from static/vendor: cy.svg() and the fcose layout.
if (window.cytoscapeSvg) cytoscape.use(window.cytoscapeSvg);
const FCOSE = Boolean(window.cytoscapeFcose);
if (FCOSE) cytoscape.use(window.cytoscapeFcose);

const KINDS = {
  CONCEPT: '#59a14f', ACTOR: '#e15759', PUBLICATION: '#4e79a7', PERSON: '#f28e2b',
  QUESTION: '#edc948', FINDING: '#9c755f', CLAIM: '#bab0ac', METHOD: '#b07aa1',
  PLACE: '#76b7b2', VENUE: '#ff9da7', SOURCE: '#6b6ecf', ORGANIZATION: '#17becf',
};
const KIND_NAMES = {
  CONCEPT: 'concepts', ACTOR: 'actors', PUBLICATION: 'publications', PERSON: 'people', QUESTION: 'questions',
  FINDING: 'findings', CLAIM: 'claims', METHOD: 'methods', PLACE: 'places', VENUE: 'venues', SOURCE: 'sources',
  ORGANIZATION: 'organisations',
};
const SHAPES = { PUBLICATION: 'round-rectangle', ACTOR: 'diamond', QUESTION: 'hexagon', FINDING: 'triangle', CLAIM: 'triangle', VENUE: 'round-tag', SOURCE: 'round-rectangle',
  ORGANIZATION: 'barrel' };
// Community colours: a qualitative palette, then hues a golden angle apart,
// so that every community of a view has its own colour.
const COMMUNITY_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173'];
function communityColour(i) {
  if (i < COMMUNITY_COLOURS.length) return COMMUNITY_COLOURS[i];
  const j = i - COMMUNITY_COLOURS.length;
  return `hsl(${Math.round((j * 137.508) % 360)}, ${55 + (j % 3) * 12}%, ${38 + (j % 4) * 8}%)`;
}
const MEASURES = { COUNT: 'count', ASSOCIATION_STRENGTH: 'association strength', JACCARD: 'Jaccard', COSINE: 'cosine', PMI: 'PMI' };
const CENTRALITIES = { PAGERANK: 'PageRank', BETWEENNESS: 'betweenness', DEGREE: 'degree' };
const MAX_CENTRALITY = 1000; // the server's maxSubgraphNodes: centrality(limit:) at most
const LEGEND_COMMUNITIES = 12; // communities named in the legend; the rest are summed up
const MAX_LIMIT = 200; // nodes per neighbourhood; the server's cost limit allows this many with evidence
const CHUNK = 50; // ids per nodes(ids:) request
const MAX_PAGES = 20; // pages of a connection read for the start panel
const LABEL_PX = { min: 12, base: 13, max: 20 }; // rendered label size: at least min, base at zoom 1
const ALL_LABELS = 45; // views up to this many nodes label them all;
const MAJOR_LABELS = 20; // larger ones only their biggest nodes until zoomed in
const BIG_LAYOUT = 150; // views with more nodes get a quicker layout

const params = new URLSearchParams(location.search);
const LIMIT = clamp(Number(params.get('limit')) || MAX_LIMIT, 1, MAX_LIMIT); // ?limit= lowers it
const endpoint = new URL(params.get('endpoint') || 'graphql', document.baseURI).href;
const $ = (id) => document.getElementById(id);
function clamp(v, lo, hi) {
  return Math.min(Math.max(v, lo), hi);
}

// ---- GraphQL ---------------------------------------------------------------

async function gql(query, variables = {}) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${endpoint}: HTTP ${res.status}, not a GraphQL response`);
  }
  if (body.errors?.length) {
    const err = new Error(body.errors.map((e) => e.message).join('; '));
    err.codes = body.errors.map((e) => e.extensions?.code).filter(Boolean); // COST_LIMIT, ...
    throw err;
  }
  if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status}`);
  return body.data;
}

// The schema is read once by introspection, so that the details panel shows
// whatever fields each node type has, and the explorer uses the fields and
// arguments this server offers. Without introspection, the contract's fields
// are used.
const INTROSPECT = `{ __schema { types { name kind fields {
  name args { name type { kind } defaultValue }
  type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`;
const NODE_REF = '{ id kind label }';
let types = new Map(); // type name -> fields

function namedType(t) {
  while (t.ofType) t = t.ofType;
  return types.get(t.name) ? { ...t, fields: types.get(t.name) } : t;
}
function isNodeType(t) {
  return ['OBJECT', 'INTERFACE'].includes(t.kind) && ['id', 'kind', 'label'].every((f) => t.fields?.some((x) => x.name === f));
}
function field(type, name) {
  return (types.get(type) || []).find((f) => f.name === name);
}
// hasField reports whether the schema has type.field (false without introspection).
function hasField(type, name, arg) {
  const f = field(type, name);
  return Boolean(f) && (!arg || f.args.some((a) => a.name === arg));
}
// selection lists the scalar fields of a type and {id kind label} of its
// node-valued fields, skipping fields with required arguments.
function selection(typeName, skip = []) {
  const out = [];
  for (const f of types.get(typeName) || []) {
    if (skip.includes(f.name) || f.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue == null)) continue;
    const t = namedType(f.type);
    if (t.kind === 'SCALAR' || t.kind === 'ENUM') out.push(f.name);
    else if (isNodeType(t)) out.push(`${f.name} ${NODE_REF}`);
  }
  return out.join(' ');
}
function kindOfId(id) {
  const prefix = id.split('/')[0];
  return prefix === 'pub' ? 'PUBLICATION' : prefix.toUpperCase();
}
function typeName(kind) {
  return kind[0] + kind.slice(1).toLowerCase();
}

const SEARCH = `query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) { node { id kind label } score snippet } }`;
const NODE_FIELDS = 'id kind label ... on Publication { year }';
const Q = {}; // queries that depend on the schema, built after introspection

// evidenceSelection asks for each evidence's quote, link and source by name,
// not with selection(): a neighbourhood multiplies its cost by the node limit,
// and the server caps a query's cost. A source's own link is asked for when
// the server has it (Source.url; a publication's DOI).
function evidenceSelection() {
  const fileLine = hasField('Evidence', 'file') ? 'file line' : '';
  const f = field('Evidence', 'source');
  const t = f ? namedType(f.type) : null;
  const own = (type, names) => names.filter((n) => hasField(type, n)).join(' ');
  let src = 'source { id kind label }'; // the contract, without introspection
  if (t?.kind === 'OBJECT') src = `source { id ${own(t.name, ['kind', 'label', 'title', 'url', 'doi'])} }`;
  else if (t) {
    src = `source { id kind label ${hasField('Publication', 'doi') ? '... on Publication { doi }' : ''}
      ${hasField('Source', 'url') ? `... on Source { ${own('Source', ['url', 'title'])} }` : ''} }`;
  }
  return `{ quote url ${fileLine} ${src} }`;
}
// pubsSelection asks, for every node type with publications, their ids and
// years (a finding has one publication): node sizes and the year filter use them.
// Each type's field has its own alias (pubs_Concept, ...): the server bounds
// how many fields merge into one key of the answer.
function pubsSelection() {
  const out = [];
  for (const [name, fields] of types) {
    if (name === 'Node' || !isNodeType({ kind: 'OBJECT', fields })) continue;
    const pubs = fields.find((f) => f.name === 'publications' && namedType(f.type).name === 'Publication' && f.type.kind === 'NON_NULL');
    const one = fields.find((f) => f.name === 'publication' && namedType(f.type).name === 'Publication');
    if (pubs && !pubs.args.length) out.push(`... on ${name} { pubs_${name}: publications { id year } }`);
    else if (one) out.push(`... on ${name} { pub_${name}: publication { id year } }`);
  }
  return out.join(' ');
}
function buildQueries() {
  const ev = evidenceSelection();
  const edgeFields = `source target predicate ${hasField('Edge', 'predicateIri') ? 'predicateIri' : ''} label weight evidence ${ev}`;
  const sub = `nodes { ${NODE_FIELDS} } edges { ${edgeFields} }`;
  Q.neighborhood = `query Neighborhood($id: ID!, $depth: Int, $limit: Int) {
    neighborhood(id: $id, depth: $depth, limit: $limit) { ${sub} truncated } }`;
  // paths (k shortest) and the avoid arguments are used when the server has them.
  Q.hasPaths = hasField('Query', 'paths');
  Q.pathAvoids = hasField('Query', 'path', 'avoidKinds');
  Q.paths = `query Paths($from: ID!, $to: ID!, $first: Int, $avoidKinds: [Kind!]) {
    paths(from: $from, to: $to, first: $first, avoidKinds: $avoidKinds) { ${sub} length } }`;
  Q.path = Q.pathAvoids
    ? `query Path($from: ID!, $to: ID!, $avoidKinds: [Kind!]) { path(from: $from, to: $to, avoidKinds: $avoidKinds) { ${sub} length } }`
    : `query Path($from: ID!, $to: ID!) { path(from: $from, to: $to) { ${sub} length } }`;
  const pubs = pubsSelection();
  Q.pubs = pubs ? `query Pubs($ids: [ID!]!) { nodes(ids: $ids) { id kind ${pubs} } }` : null;
  Q.provenance = hasField('Actor', 'provenance') ? `provenance { field evidence ${ev} }` : '';
}
function nodeQuery(kind) {
  const t = typeName(kind);
  const extra = types.has(t) ? `... on ${t} { ${selection(t, ['id', 'kind', 'label', 'iri'])} }` : '';
  return `query Node($id: ID!) { node(id: $id) { id kind label iri ${extra} ${Q.provenance} } }`;
}

// ---- busy tracking (status line and explorer.idle()) -------------------------

let pending = 0;
const waiters = [];
function setStatus(state, text) {
  const s = $('status');
  s.dataset.state = state;
  s.textContent = text;
}
async function work(label, fn) {
  pending++;
  setStatus('busy', label);
  try {
    return await fn();
  } catch (err) {
    setStatus('error', String(err.message || err));
    console.error(err);
    return undefined;
  } finally {
    pending--;
    if (pending === 0) {
      if ($('status').dataset.state === 'busy') setStatus('idle', summary());
      waiters.splice(0).forEach((w) => w());
    }
  }
}
function idle() {
  return pending === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r));
}

// ---- the graph -------------------------------------------------------------

const cy = cytoscape({
  container: $('graph'),
  minZoom: 0.05,
  maxZoom: 4,
  style: [
    { selector: 'node', style: {
      'background-color': (n) => n.data('colour') || KINDS[n.data('kind')] || '#999',
      shape: (n) => SHAPES[n.data('kind')] || 'ellipse',
      label: 'data(short)', 'font-size': LABEL_PX.base, color: '#222', 'text-valign': 'bottom', 'text-margin-y': 3,
      'text-wrap': 'wrap', 'text-max-width': 140, width: 'data(size)', height: 'data(size)',
      'text-background-color': '#fafaf8', 'text-background-opacity': 0.75, 'text-background-padding': 1,
    } },
    { selector: 'node.quiet', style: { label: '' } },
    { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#555' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111', label: 'data(short)', 'font-weight': 'bold' } },
    { selector: 'edge', style: {
      width: (e) => e.data('width') ?? countWidth(e.data('shownWeight') ?? e.data('weight')),
      'line-color': '#c4c4c4', 'curve-style': 'bezier', opacity: 0.8,
      'target-arrow-shape': (e) => (e.data('undirected') ? 'none' : 'triangle'), 'target-arrow-color': '#c4c4c4', 'arrow-scale': 0.7,
      label: 'data(caption)', 'font-size': 7, color: '#555', 'min-zoomed-font-size': 10, 'text-rotation': 'autorotate',
      'text-background-color': '#fff', 'text-background-opacity': 0.8,
    } },
    { selector: 'edge:selected', style: { 'line-color': '#333', 'target-arrow-color': '#333', 'min-zoomed-font-size': 0, opacity: 1 } },
    { selector: '.filtered', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.15 } },
    { selector: 'node.path', style: { 'border-width': 3, 'border-color': '#c0392b', opacity: 1 } },
    { selector: 'edge.path', style: { width: 4, 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', opacity: 1, 'min-zoomed-font-size': 0 } },
  ],
});

// countWidth is a link's width for a count of publications.
function countWidth(w) {
  return Math.min(1 + 1.5 * Math.sqrt(Math.max(w ?? 1, 0)), 9);
}
const edgeId = (e) => `${e.source}|${e.predicate}|${e.target}`;
const shorten = (s) => (s.length > 48 ? `${s.slice(0, 46)}…` : s);

// The current view: what was loaded, how to name it, how to size its nodes.
// In a network view, measure is the co-occurrence measure of its weights
// (null when the field has none), graphArgs the arguments it was asked with,
// and scores the centralities read so far (measure -> id -> score).
const state = { view: null, title: '', file: 'graph', sizeBy: 'degree', truncated: null, focus: null,
  measure: null, graphArgs: '', communities: null, scores: {} };

// merge adds a subgraph's nodes and edges that are not there yet. New nodes
// start on a ring around `near` (an expanded node), so that the layout keeps
// the old nodes where they are and grows the new ones around it.
function merge(sub, near, undirected = false) {
  const centre = near && cy.$id(near).nonempty() ? cy.$id(near).position() : { x: 0, y: 0 };
  const fresh = sub.nodes.filter((n) => cy.$id(n.id).empty());
  const radius = 70 + 9 * fresh.length;
  const added = cy.collection();
  cy.batch(() => {
    fresh.forEach((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      added.merge(cy.add({ group: 'nodes', data: { ...n, short: shorten(n.label || n.id), size: 18 },
        position: { x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a) } }));
    });
    for (const e of sub.edges) {
      const id = edgeId(e);
      if (cy.$id(id).nonempty() || cy.$id(e.source).empty() || cy.$id(e.target).empty()) continue;
      added.merge(cy.add({ group: 'edges', data: { ...e, id, undirected, caption: e.label || e.predicate } }));
    }
  });
  return added;
}

// shown is what the filters let through. (Cytoscape's :visible selector
// caches and can lag behind class changes, so it is not used.)
function shown() {
  const nodes = cy.nodes().not('.filtered');
  return nodes.union(nodes.connectedEdges().not('.filtered').filter((e) => !e.source().hasClass('filtered') && !e.target().hasClass('filtered')));
}

// layout places what is shown with fcose (cose without the plugin). The
// nodes in keep (the old ones, when a node is expanded) stay where they are.
function layout({ randomize = false, fit = true, keep = null } = {}) {
  const visible = shown();
  if (visible.empty()) return;
  const fixed = keep ? keep.intersection(visible.nodes()) : cy.collection();
  const common = { animate: false, randomize, fit, padding: 30, nodeDimensionsIncludeLabels: true };
  const saved = new Map(fixed.map((n) => [n.id(), { ...n.position() }]));
  if (FCOSE) {
    // The force-directed phase costs the square of the nodes per iteration:
    // large views get fcose's spectral draft alone, unless nodes must stay put.
    const n = visible.nodes().length;
    const big = n > BIG_LAYOUT;
    const quality = big ? (fixed.nonempty() ? 'default' : 'draft') : n <= 60 ? 'proof' : 'default';
    visible.layout({
      ...common, randomize: randomize || (big && fixed.empty()), name: 'fcose', quality,
      nodeRepulsion: () => 12000, idealEdgeLength: () => 90,
      edgeElasticity: () => 0.3, nodeSeparation: 90, gravity: 0.2, numIter: big ? 500 : 2500, packComponents: true,
      fixedNodeConstraint: fixed.nonempty() ? fixed.map((n) => ({ nodeId: n.id(), position: { ...n.position() } })) : undefined,
    }).run();
    // fcose keeps fixed nodes where they are relative to each other but may
    // move the whole drawing: move it back, and the fixed nodes exactly.
    if (saved.size) {
      let dx = 0;
      let dy = 0;
      fixed.forEach((n) => { dx += n.position('x') - saved.get(n.id()).x; dy += n.position('y') - saved.get(n.id()).y; });
      dx /= saved.size;
      dy /= saved.size;
      cy.batch(() => visible.nodes().forEach((n) => {
        n.position(saved.get(n.id()) || { x: n.position('x') - dx, y: n.position('y') - dy });
      }));
    }
  } else {
    fixed.lock();
    visible.layout({ ...common, name: 'cose', nodeRepulsion: () => 90000, idealEdgeLength: () => 100, numIter: 1000 }).run();
    fixed.unlock();
  }
  if (fit && cy.zoom() > 1.5) { // a small graph: do not blow it up
    cy.zoom(1.5);
    cy.center(visible);
  }
  zoomStyle();
}

// zoomStyle keeps labels readable: their rendered size grows with the zoom
// from LABEL_PX.min to LABEL_PX.max. In larger views only the biggest nodes
// are labelled until one zooms in.
function zoomStyle() {
  const z = cy.zoom();
  const px = clamp(LABEL_PX.base * z, LABEL_PX.min, LABEL_PX.max);
  const nodes = cy.nodes();
  const ranked = nodes.not('.filtered').sort((a, b) => b.data('size') - a.data('size'));
  const major = new Set(ranked.slice(0, ranked.length <= ALL_LABELS ? ALL_LABELS : MAJOR_LABELS).map((n) => n.id()));
  cy.batch(() => {
    nodes.style({ 'font-size': px / z, 'text-max-width': 140 / Math.sqrt(z) });
    nodes.forEach((n) => n.toggleClass('quiet', z < 1.2 && !major.has(n.id())));
  });
  $('graph').dataset.labelPx = px.toFixed(1);
}
let zoomFrame = 0;
cy.on('zoom', () => {
  cancelAnimationFrame(zoomFrame);
  zoomFrame = requestAnimationFrame(zoomStyle);
});

const expanded = new Set();

// replace swaps the graph for a new one and lays it out from scratch.
function replace(sub, { undirected = false } = {}) {
  clearPath();
  cy.elements().remove();
  expanded.clear();
  merge(sub, null, undirected);
}

// attachPublications reads, for the nodes on screen that have publications,
// their ids and years, and for co-occurrence links the publications the two
// ends share; sizes and the year filter use them.
async function attachPublications() {
  if (!Q.pubs) return;
  const ids = cy.nodes().filter((n) => n.data('kind') !== 'PUBLICATION' && !n.data('pubs')).map((n) => n.id());
  for (let i = 0; i < ids.length; i += CHUNK) {
    const { nodes } = await gql(Q.pubs, { ids: ids.slice(i, i + CHUNK) });
    cy.batch(() => {
      for (const n of nodes) {
        if (!n) continue;
        const t = typeName(n.kind);
        const pubs = n[`pubs_${t}`] || (n[`pub_${t}`] ? [n[`pub_${t}`]] : null);
        if (pubs) cy.$id(n.id).data('pubs', pubs);
      }
    });
  }
  cy.edges().forEach((e) => {
    if (!e.data('undirected')) return;
    const a = e.source().data('pubs');
    const b = e.target().data('pubs');
    if (!a || !b) return;
    const inB = new Set(b.map((p) => p.id));
    e.data('pubs', a.filter((p) => inB.has(p.id)));
  });
}

// The networks a researcher opens first; each is one query of the schema.
const VIEWS = {
  concepts: { field: 'conceptGraph', title: 'Concept map',
    about: 'Concepts linked when a publication mentions both.', size: 'publications', width: 'publications in common' },
  coauthors: { field: 'coauthorGraph', title: 'Co-author network',
    about: 'People linked by the publications they wrote together.', size: 'publications', width: 'joint publications' },
  citations: { field: 'citationGraph', title: 'Citation network', directed: true,
    about: 'Publications linked when one cites another and both are in the corpus.', size: 'links' },
};

// MAX_VIEW_NODES bounds a network on screen: a larger concept map is asked
// for again with a higher minimum weight, a few times at most.
const MAX_VIEW_NODES = 300;
const MIN_WEIGHTS = [1, 2, 3, 5, 8];

// setView loads one of VIEWS. A network whose field takes a measure is
// asked for with the one chosen; its communities colour the nodes, and the
// nodes are sized by publications or by the centrality chosen.
function setView(name) {
  const v = VIEWS[name];
  return work(`Loading the ${v.title.toLowerCase()}…`, async () => {
    const weighted = hasField('Query', v.field, 'minWeight');
    // Asked for with a node limit, a thinned network's cost stays under the
    // server's limit, and a cut one (truncated) is thinned further.
    const limited = weighted && hasField('Query', v.field, 'limit');
    const measure = hasField('Query', v.field, 'measure') ? $('measure').value : null;
    let d;
    let minWeight = 1;
    let args = '';
    for (const w of weighted ? MIN_WEIGHTS : [1]) {
      minWeight = w;
      args = [weighted ? `minWeight: ${w}` : null, limited ? `limit: ${MAX_VIEW_NODES}` : null,
        measure ? `measure: ${measure}` : null].filter(Boolean).join(', ');
      args = args ? `(${args})` : '';
      try {
        d = await gql(`{ g: ${v.field}${args} { nodes { ${NODE_FIELDS} } edges { source target predicate label weight } truncated } }`);
      } catch (err) {
        // A network the server prices above its cost limit is too large too.
        if (!weighted || w === MIN_WEIGHTS.at(-1) || !err.codes?.includes('COST_LIMIT')) throw err;
        continue;
      }
      if (d.g.nodes.length <= MAX_VIEW_NODES && !(limited && d.g.truncated)) break;
    }
    const notes = [d.g.truncated ? `The server cut the ${v.title.toLowerCase()} at its limit; not every node is shown.` : null,
      minWeight > 1 ? `Showing the links that at least ${minWeight} publications share, so that the map stays readable.` : null];
    Object.assign(state, { view: name, title: v.title, file: measure && measure !== 'COUNT' ? `${name}-${measure.toLowerCase()}` : name,
      sizeBy: v.directed ? 'degree' : 'publications', truncated: notes.filter(Boolean).join(' ') || null, focus: null,
      measure, graphArgs: `${v.field}${args}`, communities: null, scores: {} });
    replace(d.g, { undirected: !v.directed });
    await openView(name, true);
    if (!d.g.nodes.length) state.truncated = `The ${v.title.toLowerCase()} is empty in this corpus.`;
    showNote();
    showStart();
  });
}

// openView finishes opening a view whose nodes are on screen: the
// publications behind them, the pressed view button, with analyse the
// communities and centrality of the network, its tools, the filters, a
// fresh layout and the URL.
async function openView(name, analyse = false) {
  await attachPublications();
  for (const b of $('views').children) b.setAttribute('aria-pressed', String(b.dataset.view === name));
  if (analyse) {
    await readCommunities();
    await readCentrality();
  }
  showNetworkTools();
  applyFilters();
  layout({ randomize: true });
  setURL({ view: name });
}

// readCommunities colours the nodes of the network on screen by their
// Louvain community, as the server computes it. When the server cannot
// (no communities field, or a network over its analysis limit), the nodes
// keep the colours of their kinds and the legend says why.
async function readCommunities() {
  if (!hasField('Subgraph', 'communities')) return;
  try {
    const d = await gql(`{ g: ${state.graphArgs} { modularity communities { id label modularity nodes { id } } } }`);
    state.communities = { list: d.g.communities, modularity: d.g.modularity };
  } catch (err) {
    state.communities = { error: String(err.message || err) };
    return;
  }
  cy.batch(() => {
    for (const c of state.communities.list) {
      for (const n of c.nodes) cy.$id(n.id).data({ community: c.id, colour: communityColour(c.id) });
    }
  });
}

// readCentrality reads the centrality the nodes are sized by, once per view
// and measure.
async function readCentrality() {
  const m = $('size-by').value;
  state.sizeBy = CENTRALITIES[m] && hasField('Subgraph', 'centrality') ? m : state.sizeBy === 'degree' ? 'degree' : 'publications';
  if (!CENTRALITIES[state.sizeBy] || state.scores[m]) return;
  const limit = clamp(cy.nodes().length, 1, MAX_CENTRALITY);
  try {
    const d = await gql(`{ g: ${state.graphArgs} { centrality(measure: ${m}, limit: ${limit}) { node { id } score } } }`);
    state.scores[m] = new Map(d.g.centrality.map((s) => [s.node.id, s.score]));
  } catch (err) {
    state.sizeBy = 'publications';
    throw err;
  }
}

// sizeByChanged sizes the nodes of the network by another measure.
function sizeByChanged() {
  if (!VIEWS[state.view]) return Promise.resolve();
  return work(`Reading ${$('size-by').selectedOptions[0].textContent}…`, async () => {
    await readCentrality();
    applyFilters();
    showStart();
  });
}

// aboutView says what the network on screen shows: its links, what sizes
// the nodes, what colours them and what the links' widths are.
function aboutView() {
  const v = VIEWS[state.view];
  const size = CENTRALITIES[state.sizeBy] || (state.sizeBy === 'publications' ? v.size : 'links');
  const width = state.measure && state.measure !== 'COUNT' ? `${MEASURES[state.measure]} (the number of publications on the link when zoomed in)` : v.width;
  return [v.about, ` Node size: ${size}`, state.communities?.list ? '; colour: community (Louvain)' : '', width ? `; line width: ${width}.` : '.'].join('');
}

// showNetworkTools shows the measure and size selectors and the legend of
// communities for a network view, and hides them elsewhere.
function showNetworkTools() {
  const network = Boolean(VIEWS[state.view]);
  $('network-tools').hidden = !network;
  $('measure-label').hidden = !state.measure;
  $('size-by-label').hidden = !hasField('Subgraph', 'centrality');
  const ul = $('communities');
  const c = state.communities;
  $('communities-section').hidden = !network || !c;
  if (!network || !c) return ul.replaceChildren();
  if (c.error) return ul.replaceChildren(h('li', { class: 'hint' }, `No communities: ${c.error}`));
  const items = c.list.slice(0, LEGEND_COMMUNITIES).map((x) => h('li', { 'data-community': x.id, title: `modularity share ${x.modularity.toFixed(3)}` },
    h('span', { class: 'swatch', style: `background:${communityColour(x.id)}` }), ' ', x.label,
    h('span', { class: 'count' }, String(x.nodes.length))));
  const rest = c.list.length - items.length;
  ul.replaceChildren(...items, ...(rest > 0 ? [h('li', { class: 'hint' }, `and ${rest} smaller communit${rest === 1 ? 'y' : 'ies'}`)] : []),
    h('li', { class: 'hint', 'data-testid': 'modularity' }, `${c.list.length} communit${c.list.length === 1 ? 'y' : 'ies'}, modularity ${c.modularity.toFixed(3)}`));
}

// WHOLE_DEPTH is the depth of each neighbourhood the whole graph is read in.
const WHOLE_DEPTH = 4;

// connectionFields lists the Query fields that page through one kind of node
// (actors, concepts, ...), from the schema.
function connectionFields() {
  return (types.get('Query') || []).filter((f) => namedType(f.type).name?.endsWith('Connection') && f.args.some((a) => a.name === 'first'))
    .map((f) => f.name);
}

// setWholeGraph shows every node and link of a small corpus: it lists the
// node ids kind by kind, then reads neighbourhoods until every node is in.
function setWholeGraph(total) {
  return work('Loading the whole graph…', async () => {
    const ids = [];
    for (const name of connectionFields()) {
      let after = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const d = await gql(`query Ids($after: String) { c: ${name}(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
        ids.push(...d.c.nodes.map((n) => n.id));
        if (!d.c.pageInfo.hasNextPage || ids.length > MAX_LIMIT) break;
        after = d.c.pageInfo.endCursor;
      }
    }
    replace({ nodes: [], edges: [] });
    const subs = [];
    for (const id of ids.slice(0, MAX_LIMIT)) {
      if (cy.$id(id).nonempty()) continue;
      const sub = await fetchNeighborhood(id, WHOLE_DEPTH, MAX_LIMIT);
      subs.push(sub);
      merge(sub);
    }
    for (const sub of subs) merge(sub); // links whose ends came from different neighbourhoods
    const n = cy.nodes().length;
    Object.assign(state, { view: 'all', title: 'Whole graph', file: 'all', sizeBy: 'degree', focus: null, measure: null,
      truncated: n < total ? `Showing ${n} of the ${total} nodes.` : null });
    await openView('all');
    showNote();
    showStart();
  });
}

async function fetchNeighborhood(id, depth, limit = LIMIT) {
  const d = await gql(Q.neighborhood, { id, depth, limit });
  if (!d.neighborhood) throw new Error(`no node ${id}`);
  return d.neighborhood;
}

// load replaces the graph with the neighbourhood of id.
function load(id, depth = Number($('depth').value)) {
  return work(`Loading ${id}…`, async () => {
    const sub = await fetchNeighborhood(id, depth);
    Object.assign(state, { view: 'neighborhood', title: `Neighbourhood of ${id}`, file: `neighborhood-${id}`, sizeBy: 'degree', focus: id, measure: null,
      truncated: sub.truncated ? `Showing ${sub.nodes.length} nodes within ${depth} link${depth > 1 ? 's' : ''} of ${id}: the limit of ${LIMIT} nodes cut the rest. Click a node to expand it.` : null });
    replace(sub);
    markExpanded(id);
    await attachPublications();
    for (const b of $('views').children) b.setAttribute('aria-pressed', 'false');
    showNetworkTools();
    applyFilters();
    layout({ randomize: true });
    cy.$(':selected').unselect();
    cy.$id(id).select();
    setURL({ focus: id });
    showNote();
    await showNode(id);
  });
}

// loadMany shows the union of the neighbourhoods of a few nodes (a starting point).
function loadMany(title, ids, depth = 1) {
  return work(`Loading ${title}…`, async () => {
    const subs = await Promise.all(ids.map((id) => fetchNeighborhood(id, depth)));
    Object.assign(state, { view: 'start', title, file: title, sizeBy: 'degree', focus: null, measure: null,
      truncated: subs.some((s) => s.truncated) ? `A neighbourhood was cut at ${LIMIT} nodes; click a node to expand it.` : null });
    replace({ nodes: [], edges: [] });
    for (const s of subs) merge(s);
    for (const s of subs) merge(s); // edges whose ends came from a later neighbourhood
    ids.forEach(markExpanded);
    await attachPublications();
    for (const b of $('views').children) b.setAttribute('aria-pressed', 'false');
    showNetworkTools();
    applyFilters();
    layout({ randomize: true });
    showNote();
  });
}

// expand merges the neighbourhood of a node already on screen: the nodes
// that were there stay put and the new ones are laid out around it.
function expand(id) {
  if (expanded.has(id)) return Promise.resolve();
  return work(`Expanding ${id}…`, async () => {
    const sub = await fetchNeighborhood(id, 1);
    const old = cy.nodes();
    const added = merge(sub, id);
    markExpanded(id);
    if (sub.truncated) state.truncated = `The neighbourhood of ${id} was cut at ${LIMIT} nodes.`;
    await attachPublications();
    applyFilters();
    if (added.nodes().nonempty()) layout({ fit: false, keep: old });
    showNote();
  });
}
function markExpanded(id) {
  expanded.add(id);
  cy.$id(id).addClass('expanded');
}

function setURL(set) {
  const url = new URL(location.href);
  for (const k of ['focus', 'view']) url.searchParams.delete(k);
  for (const [k, v] of Object.entries(set)) url.searchParams.set(k, v);
  history.replaceState(null, '', url);
}

function showNote() {
  const note = $('note');
  note.hidden = !state.truncated;
  note.textContent = state.truncated || '';
}

cy.on('tap', 'node', (ev) => {
  const id = ev.target.id();
  showNode(id);
  expand(id);
});
cy.on('tap', 'edge', (ev) => showEdge(ev.target));
// The full label of what the pointer is on, as the graph's tooltip (labels on
// screen are shortened, and hidden for small nodes of large views).
cy.on('mouseover', 'node, edge', (ev) => {
  const d = ev.target.data();
  $('graph').title = ev.target.isNode() ? d.label || d.id : `${d.label || d.predicate}${d.shownWeight > 1 ? ` (${d.shownWeight})` : ''}`;
});
cy.on('mouseout', 'node, edge', () => $('graph').removeAttribute('title'));

// ---- filters: kinds and publication years ------------------------------------

const hiddenKinds = new Set();

function buildLegend() {
  const ul = $('kinds');
  for (const [kind, color] of Object.entries(KINDS)) {
    const box = h('input', { type: 'checkbox', checked: true, 'data-testid': `kind-${kind}` });
    box.addEventListener('change', () => {
      box.checked ? hiddenKinds.delete(kind) : hiddenKinds.add(kind);
      filtersChanged();
    });
    ul.append(h('li', { 'data-kind': kind, hidden: true }, h('label', {}, box,
      h('span', { class: 'swatch', style: `background:${color}` }), KIND_NAMES[kind],
      h('span', { class: 'count', 'data-testid': `count-${kind}` }))));
  }
}

// buildTimeline draws one bar per year with publications; clicking a bar
// keeps only that year (shift-click extends the range), clicking it again
// clears the filter.
function buildTimeline(rows) {
  const strip = $('timeline');
  const years = rows.filter((r) => r.year != null && r.count > 0);
  if (!years.length) {
    strip.replaceChildren(h('span', { class: 'hint' }, 'No dated publications.'));
    return;
  }
  const max = Math.max(...years.map((r) => r.count));
  const first = years[0].year;
  const last = years.at(-1).year;
  const bars = [];
  for (let y = first; y <= last && bars.length < 200; y++) {
    const count = years.find((r) => r.year === y)?.count || 0;
    const title = `${y}: ${count} publication${count === 1 ? '' : 's'}`;
    const b = h('button', { type: 'button', 'data-testid': `year-${y}`, 'data-year': y, 'aria-pressed': 'false',
      title, 'aria-label': title, style: `height:${count ? 15 + (85 * count) / max : 2}%` });
    b.addEventListener('click', (ev) => pickYear(y, ev.shiftKey));
    bars.push(b);
  }
  strip.replaceChildren(...bars);
  strip.after(h('div', { class: 'axis', 'data-testid': 'timeline-axis' }, h('span', {}, String(first)), h('span', {}, String(last))));
  $('year-from').placeholder = first;
  $('year-to').placeholder = last;
}
function pickYear(y, extend) {
  const from = yearBound('year-from');
  const to = yearBound('year-to');
  if (extend && from != null) {
    $('year-from').value = Math.min(from, y);
    $('year-to').value = Math.max(to ?? from, y);
  } else if (from === y && to === y) {
    $('year-from').value = '';
    $('year-to').value = '';
  } else {
    $('year-from').value = y;
    $('year-to').value = y;
  }
  filtersChanged();
}

function yearBound(id) {
  const v = $(id).value.trim();
  return v === '' || Number.isNaN(Number(v)) ? null : Number(v);
}

// filtersChanged applies the filters and lays out what is left.
function filtersChanged() {
  applyFilters();
  layout();
}

// applyFilters hides what the filters exclude: kinds unticked; publications
// outside the years (undated ones too while a year filter is set), and nodes
// and links none of whose publications fall in them; then the nodes left
// without a link. Path nodes and the selected node stay. It updates sizes,
// the legend's counts and the timeline.
function applyFilters() {
  const from = yearBound('year-from');
  const to = yearBound('year-to');
  const byYear = from != null || to != null;
  const inRange = (y) => y != null && (from == null || y >= from) && (to == null || y <= to);
  const active = byYear || hiddenKinds.size > 0;
  const keep = (n) => n.hasClass('path') || n.selected();
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const kind = n.data('kind');
      const pubs = n.data('pubs');
      let out = hiddenKinds.has(kind);
      if (byYear && kind === 'PUBLICATION') out ||= !inRange(n.data('year'));
      else if (byYear && pubs) out ||= !pubs.some((p) => inRange(p.year));
      n.toggleClass('filtered', out && !keep(n));
    });
    // A normalised measure's weights are the server's for the whole view;
    // links are as wide as their weight relative to the largest.
    const normalised = state.measure && state.measure !== 'COUNT';
    const top = normalised ? Math.max(...cy.edges().map((e) => e.data('weight') ?? 0), 1e-12) : 1;
    cy.edges().forEach((e) => {
      const pubs = e.data('pubs');
      const inYears = pubs ? pubs.filter((p) => !byYear || inRange(p.year)).length : null;
      e.toggleClass('filtered', byYear && inYears === 0);
      const measured = normalised && e.data('undirected');
      e.data('shownWeight', byYear && pubs && !measured ? inYears : e.data('weight'));
      const w = e.data('shownWeight');
      e.data('width', measured ? 1 + 8 * Math.max(w, 0) / top : countWidth(w));
      // A co-occurrence says how many publications it rests on when more than one.
      const count = measured ? inYears : w;
      const many = count > 1 ? `${count} publications` : '';
      e.data('caption', !e.data('undirected') ? e.data('label') || e.data('predicate')
        : measured ? [`${MEASURES[state.measure]} ${Number(w.toPrecision(3))}`, many].filter(Boolean).join(' · ') : many);
    });
    if (active) {
      const edges = shown().edges();
      cy.nodes().not('.filtered').forEach((n) => {
        if (n.degree(false) > 0 && n.connectedEdges().intersection(edges).empty() && !keep(n)) n.addClass('filtered');
      });
    }
    resize(byYear ? inRange : null);
  });
  for (const li of $('kinds').children) {
    const all = cy.nodes(`[kind = "${li.dataset.kind}"]`).length;
    const visible = cy.nodes(`[kind = "${li.dataset.kind}"]`).not('.filtered').length;
    li.hidden = all === 0 && !hiddenKinds.has(li.dataset.kind);
    li.querySelector('.count').textContent = all === visible ? String(all) : `${visible} of ${all}`;
  }
  for (const b of $('timeline').querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(byYear && inRange(Number(b.dataset.year))));
  }
  const s = shown();
  $('graph').dataset.nodes = s.nodes().length;
  $('graph').dataset.edges = s.edges().length;
  if (!pending) setStatus('idle', summary());
}

// resize sizes nodes by their publications (in the years shown) in the
// networks, and by their links on screen elsewhere; or, when a centrality is
// chosen in a network, by its score (which the year filter does not change).
// The scale is the largest value in the unfiltered view, so that filtering
// shrinks what loses publications or links.
function resize(inRange) {
  const edges = shown().edges();
  const scores = state.scores[state.sizeBy];
  let max = 0;
  cy.nodes().forEach((n) => {
    const pubs = n.data('pubs');
    const byPubs = state.sizeBy === 'publications' && pubs;
    let metric;
    if (scores) {
      metric = Math.max(scores.get(n.id()) ?? 0, 0);
      max = Math.max(max, metric);
    } else {
      metric = byPubs ? pubs.filter((p) => !inRange || inRange(p.year)).length : n.connectedEdges().intersection(edges).length;
      max = Math.max(max, byPubs ? pubs.length : n.degree(false), 1);
    }
    n.data('metric', metric);
  });
  cy.nodes().forEach((n) => n.data('size', Math.round(12 + 36 * Math.sqrt(max > 0 ? n.data('metric') / max : 0))));
}

function summary() {
  const s = shown();
  return `${state.title ? `${state.title}: ` : ''}${s.nodes().length} nodes, ${s.edges().length} links shown${state.truncated ? ' (cut at a limit)' : ''}`;
}

// ---- side panel --------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) el.setAttribute(k, '');
    else if (v != null && v !== false) el.setAttribute(k, v);
  }
  el.append(...children.flat(Infinity).filter((c) => c != null));
  return el;
}
function badge(kind) {
  return h('span', { class: 'badge', style: `background:${KINDS[kind] || '#999'}` }, (kind || '').toLowerCase());
}
function nodeLink(n) {
  const b = h('button', { type: 'button', class: 'link', 'data-id': n.id, title: n.id }, n.label || n.id);
  b.addEventListener('click', () => focusOrLoad(n.id));
  return b;
}
function focusOrLoad(id) {
  const n = cy.$id(id);
  if (n.empty() || n.hasClass('filtered')) return load(id);
  cy.$(':selected').unselect();
  n.select();
  cy.animate({ center: { eles: n } }, { duration: 200 });
  return showNode(id);
}
function panel(...children) {
  $('details').replaceChildren(...children);
}
function button(text, testid, onclick) {
  const b = h('button', { type: 'button', 'data-testid': testid }, text);
  b.addEventListener('click', onclick);
  return b;
}
function external(href, text, testid) {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': testid }, text);
}
// doiURL is the resolver address of a DOI, written bare or as a URL.
function doiURL(doi) {
  return `https://doi.org/${doi.replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, '')}`;
}
// linkify turns the URLs and doi:… references in a text into links.
function linkify(text) {
  return String(text).split(/(https?:\/\/[^\s<>"]+|doi:10\.[^\s<>"]+)/i).map((part, i) => {
    if (i % 2 === 0) return part || null;
    const href = /^doi:/i.test(part) ? doiURL(part) : part;
    return external(href, part, 'text-link');
  });
}
function linkText(href) {
  const u = new URL(href);
  return u.hostname === 'doi.org' ? `doi:${decodeURIComponent(u.pathname.slice(1))}` : u.hostname + (u.pathname.length > 1 ? '/…' : '');
}

// Fields shown in plain words: the short facts first (a DOI among them),
// then the texts (a long one folded), then the lists of linked nodes;
// internal flags are not shown.
const HIDDEN = new Set(['id', 'kind', 'label', 'iri', 'title', '__typename', 'imported', 'authorOrderKnown', 'titleKnown', 'provenance']);
const FIRST = ['authors', 'year', 'published', 'status', 'type', 'venue', 'publisher', 'pagination', 'doi', 'preprints',
  'acronym', 'name', 'nameZh', 'prefLabel', 'aliases', 'altLabels', 'affiliation', 'myth', 'publication', 'question'];
const LONG = ['statement', 'quote', 'text', 'intro', 'definition', 'description', 'abstract'];
const LABELS = { nameZh: 'Chinese name', altLabels: 'also called', doi: 'DOI', prefLabel: 'preferred label', myth: 'a myth the research corrects',
  contradictedBy: 'corrected by', supportedBy: 'supported by', citedBy: 'cited by' };
const ORDER = (f) => (FIRST.includes(f) ? FIRST.indexOf(f) : LONG.includes(f) ? 100 + LONG.indexOf(f) : 500);

function fieldName(f) {
  return LABELS[f] || f.replace(/([A-Z])/g, ' $1').toLowerCase();
}
function fieldValue(typeName, f, v) {
  if (Array.isArray(v)) {
    if (!v.length) return null;
    if (typeof v[0] === 'object') return h('ul', { class: 'nodes' }, v.map((x) => h('li', {}, nodeLink(x))));
    return h('span', {}, v.flatMap((x, i) => [i ? '; ' : null, linkify(x)]));
  }
  if (v && typeof v === 'object') return v.id ? nodeLink(v) : null;
  if (v == null || v === '') return null;
  if (f === 'doi') return external(doiURL(v), v, 'doi-link');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  const t = field(typeName, f);
  if (t && namedType(t.type).kind === 'ENUM') return v.toLowerCase().replace(/_/g, ' ');
  if (LONG.includes(f) && String(v).length > 300) {
    return h('details', { class: 'abstract', 'data-testid': `long-${f}` },
      h('summary', {}, `Show the ${fieldName(f)} (${String(v).split(/\s+/).length} words)`), h('p', {}, linkify(v)));
  }
  return h('span', {}, linkify(v));
}

// cite shows where a piece of evidence comes from: its source, a link to it,
// and (behind the provenance toggle) the file and line it was read from.
// A source's label may end with the local file it was read from; that part
// goes behind the provenance toggle with the file and line.
function cite(ev, extra) {
  const src = ev.source;
  const href = ev.url || src?.url || (src?.doi ? doiURL(src.doi) : null);
  const m = /^(.*?)\s*\(([\w./-]+\.(?:txt|md|ya?ml|bib|json))\)$/.exec(src?.title || src?.label || '');
  const at = [ev.file && `${ev.file}${ev.line ? `:${ev.line}` : ''}`, m?.[2]].filter(Boolean).join(', ');
  return h('p', { class: 'cite', 'data-testid': 'evidence-cite' },
    src ? nodeLink({ id: src.id, label: m ? m[1] : src.title || src.label }) : null,
    href ? [src ? ' · ' : null, external(href, linkText(href), 'evidence-link')] : null,
    at ? h('span', { class: 'prov', 'data-testid': 'provenance' }, ` ${extra ? `${extra}: ` : ''}${at}`) : null);
}

let detailSeq = 0;
function showNode(id) {
  const seq = ++detailSeq;
  const kind = cy.$id(id).data('kind') || kindOfId(id);
  return work(`Reading ${id}…`, async () => {
    const { node } = await gql(nodeQuery(kind), { id });
    if (seq !== detailSeq) return;
    if (!node) return panel(h('p', { class: 'hint' }, `No node ${id}.`));
    const t = typeName(node.kind);
    const title = node.kind === 'PUBLICATION' && node.titleKnown === false
      ? h('h1', { class: 'unknown', 'data-testid': 'title-unknown' }, 'Title unknown')
      : h('h1', {}, node.title || node.label);
    const dl = h('dl');
    const fields = Object.keys(node).filter((f) => !HIDDEN.has(f) && node[f] !== node.label).sort((a, b) => ORDER(a) - ORDER(b));
    for (const f of fields) {
      const val = fieldValue(t, f, node[f]);
      if (val != null) dl.append(h('dt', {}, fieldName(f)), h('dd', { 'data-field': f }, val));
    }
    const sources = [];
    const seen = new Set();
    for (const fe of node.provenance || []) {
      for (const ev of fe.evidence) {
        const key = `${ev.source?.id}|${ev.url}`;
        if (!seen.has(key) && seen.size < 50) { seen.add(key); sources.push(cite(ev, fe.field)); }
      }
    }
    panel(h('div', { 'data-testid': 'node-details', 'data-id': node.id },
      badge(node.kind), title,
      node.kind === 'PUBLICATION' && node.titleKnown === false && node.label ? h('p', {}, node.label) : null,
      h('div', { class: 'buttons' },
        backToMyths(),
        button('Centre here', 'node-load', () => load(node.id)),
        button('Path from here', 'path-from-here', () => setPathEnd('path-from', node)),
        button('Path to here', 'path-to-here', () => setPathEnd('path-to', node))),
      dl,
      sources.length ? [h('h2', {}, 'Sources'), sources] : null,
      h('div', { class: 'id' }, node.id, ' · ', h('a', { href: new URL(`id/${node.id}`, endpoint).href }, 'linked data (JSON-LD)'))));
  });
}

function showEdge(edge) {
  const d = edge.data();
  const src = cy.$id(d.source).data();
  const dst = cy.$id(d.target).data();
  const evidence = (d.evidence || []).map((ev) => [
    ev.quote ? h('blockquote', { 'data-testid': 'evidence-quote' }, ev.quote) : null,
    cite(ev),
  ]);
  const pubs = d.pubs?.length ? [h('h2', {}, `Publications in common (${d.pubs.length})`),
    h('ul', { class: 'nodes' }, d.pubs.map((p) => h('li', {}, nodeLink({ id: p.id, label: `${cy.$id(p.id).data('label') || p.id}${p.year ? ` (${p.year})` : ''}` }))))] : null;
  panel(h('div', { 'data-testid': 'edge-details', 'data-id': d.id },
    backToMyths() ? h('div', { class: 'buttons' }, backToMyths()) : null,
    h('span', { class: 'badge', style: 'background:#555' }, 'link'),
    h('h1', {}, nodeLink(src), ` ${d.label || d.predicate} `, nodeLink(dst)),
    h('dl', {},
      h('dt', {}, 'predicate'), h('dd', { 'data-testid': 'edge-predicate' }, d.predicate),
      d.predicateIri ? [h('dt', {}, 'IRI'), h('dd', {}, d.predicateIri)] : null,
      d.weight != null ? [h('dt', {}, 'weight'), h('dd', {}, String(d.weight))] : null),
    pubs,
    d.evidence ? [h('h2', {}, `Evidence (${d.evidence.length})`),
      evidence.length ? evidence : h('p', { class: 'hint' }, 'No evidence recorded for this link.')] : null));
}

// ---- myths and findings --------------------------------------------------------

// MYTH_PAGE is the claims per request of the ledger: the server's cost limit
// allows about 70 with their findings and holders.
const MYTH_PAGE = 50;
const MAX_MYTHS = 24; // myths (wordings) whose neighbourhoods the graph of the view shows
// mythsPanel renders the ledger of the myths view again.
let mythsPanel = null;

// mythsQuery asks for the claim ledger: each myth with its wordings, its
// holders and their quotes, and the findings that contradict or support it
// across all its wordings, each with its publication, year, quote and the
// link to the page the quote is on.
function mythsQuery() {
  const finding = `{ id label statement quote year publication { id label year ${hasField('Publication', 'doi') ? 'doi' : ''} }
    evidence(field: "quote") { url } }`;
  return `query Myths($after: String) { claims(myth: true, first: ${MYTH_PAGE}, after: $after) {
    nodes { id label statement quote ${hasField('Claim', 'variantOf') ? 'variantOf { id }' : ''} variants { id label statement }
      holders { node { id kind label } evidence { quote url } }
      contradictedBy(includeVariants: true) ${finding} supportedBy(includeVariants: true) ${finding} }
    pageInfo { hasNextPage endCursor } } }`;
}

// mythGroups gathers the myths that are wordings of one another: each group
// is led by the wording the others are variants of (else the first), and
// keeps every wording with its holders.
function mythGroups(claims) {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const seen = new Set();
  const groups = [];
  for (const c of claims) {
    if (seen.has(c.id)) continue;
    const ids = [c.id, ...c.variants.map((v) => v.id)];
    ids.forEach((id) => seen.add(id));
    const wordings = ids.map((id) => byId.get(id) || { ...c.variants.find((v) => v.id === id), holders: [] });
    const lead = wordings.find((w) => w.variantOf === null && w.variants?.length) || c;
    groups.push({ lead, wordings: [lead, ...wordings.filter((w) => w !== lead)] });
  }
  return groups;
}

// evidenceHref is where a finding's quote can be checked: the page of the
// quote, else the DOI of its publication.
function evidenceHref(f) {
  return f.evidence?.find((e) => e.url)?.url || (f.publication?.doi ? doiURL(f.publication.doi) : null);
}

// findingItem shows a finding of the ledger: its statement, its quote, its
// publication and year, and the link to its evidence.
function findingItem(f, near) {
  const href = evidenceHref(f);
  const pub = f.publication;
  return h('li', { 'data-testid': 'ledger-finding', 'data-id': f.id },
    focusLink(f, near, 'ledger-finding-link', f.statement || f.label),
    f.quote ? h('blockquote', { 'data-testid': 'ledger-quote' }, f.quote) : null,
    h('p', { class: 'cite' },
      pub ? focusLink(pub, f.id, 'ledger-publication', pub.label) : h('span', { class: 'unknown' }, 'publication not named'),
      ` · ${f.year ?? 'year unknown'}`,
      href ? [' · ', external(href, linkText(href), 'evidence-link')] : null));
}

// focusLink is a button that focuses a node in the graph of the view,
// bringing it in (around near) when it is not shown.
function focusLink(n, near, testid, text) {
  const b = h('button', { type: 'button', class: 'link', 'data-testid': testid, 'data-id': n.id, title: n.id }, text || n.label || n.id);
  b.addEventListener('click', () => focusInView(n.id, near));
  return b;
}

// focusInView selects a node and centres the graph on it, keeping the panel;
// a node not on screen is brought in with its neighbourhood, around near.
function focusInView(id, near) {
  return work(`Focusing ${id}…`, async () => {
    if (cy.$id(id).empty()) {
      const sub = await fetchNeighborhood(id, 1);
      const old = cy.nodes();
      const added = merge(sub, cy.$id(near).nonempty() ? near : null);
      markExpanded(id);
      await attachPublications();
      applyFilters();
      if (added.nodes().nonempty()) layout({ fit: false, keep: old });
    }
    const n = cy.$id(id);
    n.removeClass('filtered');
    cy.$(':selected').unselect();
    n.select();
    applyFilters();
    cy.animate({ center: { eles: n } }, { duration: 200 });
    for (const b of $('details').querySelectorAll('[aria-current]')) b.removeAttribute('aria-current');
    for (const b of $('details').querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) b.setAttribute('aria-current', 'true');
  });
}

// showMyths opens the "myths and findings" view: the graph of the myths and
// their neighbours, and beside it the ledger of each myth.
function showMyths() {
  return work('Loading the myths and their findings…', async () => {
    const claims = [];
    let after = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const d = await gql(mythsQuery(), { after });
      claims.push(...d.claims.nodes);
      if (!d.claims.pageInfo.hasNextPage) break;
      after = d.claims.pageInfo.endCursor;
    }
    const groups = mythGroups(claims);
    const ids = groups.flatMap((g) => g.wordings.map((w) => w.id)).slice(0, MAX_MYTHS);
    const subs = await Promise.all(ids.map((id) => fetchNeighborhood(id, 1)));
    Object.assign(state, { view: 'myths', title: 'Myths and findings', file: 'myths-and-findings', sizeBy: 'degree', focus: null, measure: null,
      truncated: subs.some((s) => s.truncated) ? `A neighbourhood was cut at ${LIMIT} nodes; click a node to expand it.` : null });
    replace({ nodes: [], edges: [] });
    for (const s of subs) merge(s);
    for (const s of subs) merge(s); // edges whose ends came from a later neighbourhood
    ids.forEach(markExpanded);
    await openView('myths');
    showNote();
    mythsPanel = () => ledger(groups);
    panel(mythsPanel());
  });
}

// backToMyths is the button back to the ledger in the details of a node or
// a link of the myths view.
function backToMyths() {
  return state.view === 'myths' && mythsPanel ? button('Back to the myths', 'back-to-myths', () => panel(mythsPanel())) : null;
}

// ledger lists each myth: its wordings and who holds them (with their
// quotes), then the findings that contradict and support it.
function ledger(groups) {
  const quoteOf = (ev) => [ev.quote ? h('blockquote', {}, ev.quote) : null,
    ev.url ? h('p', { class: 'cite' }, external(ev.url, linkText(ev.url), 'holder-evidence-link')) : null];
  const findings = (title, testid, list, near) => (list.length
    ? [h('h3', {}, `${title} (${list.length})`), h('ul', { class: 'ledger-findings', 'data-testid': testid }, list.map((f) => findingItem(f, near)))]
    : null);
  const myths = groups.map(({ lead, wordings }) => h('article', { class: 'myth', 'data-testid': 'myth', 'data-id': lead.id },
    h('h2', {}, focusLink(lead, null, 'myth-link', lead.statement || lead.label)),
    wordings.length > 1 ? h('p', { class: 'hint' }, `Worded ${wordings.length} ways; the findings below are those of every wording.`) : null,
    h('ul', { class: 'wordings', 'data-testid': 'wordings' }, wordings.map((w) => h('li', { 'data-testid': 'wording', 'data-id': w.id },
      w === lead ? null : focusLink(w, lead.id, 'variant-link', w.statement || w.label),
      w.holders?.length
        ? h('ul', { class: 'holders', 'data-testid': 'holders' }, w.holders.map((x) => h('li', { 'data-testid': 'holder', 'data-id': x.node.id },
          'held by ', focusLink(x.node, w.id, 'holder-link'), x.evidence.map(quoteOf))))
        : h('p', { class: 'hint' }, w === lead ? 'No holder named for this wording.' : 'No holder named.')))),
    findings('Contradicted by', 'contradicted-by', lead.contradictedBy, lead.id),
    findings('Supported by', 'supported-by', lead.supportedBy, lead.id),
    !lead.contradictedBy.length && !lead.supportedBy.length ? h('p', { class: 'hint' }, 'No finding contradicts or supports it yet.') : null));
  return h('div', { 'data-testid': 'myths' },
    h('h1', {}, `Myths and findings (${groups.length})`),
    h('p', { class: 'hint' }, 'Each claim the research corrects, with who holds it and the findings that contradict or support it, each with its quote and source. Click a finding or publication to find it in the graph.'),
    myths);
}

// ---- the start panel: what the corpus is, and where to begin -----------------

let startPanel = null;
// mythsView reports whether the server has the claim ledger the myths view reads.
const mythsView = () => hasField('Claim', 'variants') && hasField('Claim', 'holders') && hasField('Claim', 'contradictedBy', 'includeVariants');
async function buildStart() {
  const d = await gql(`{ stats { nodes edges byKind { kind count } } timeline(kinds: [PUBLICATION]) { year count }
    questions { id label } n: nodes(ids: ["actor/pboc", "actor/ndrc", "finding/pboc-ndrc-tensions", "concept/techno-orientalism", "concept/orientalism"]) { id label } }`);
  buildTimeline(d.timeline);
  const claims = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES && hasField('Claim', 'myth'); page++) {
    const c = await gql('query Claims($after: String) { claims(first: 100, after: $after) { nodes { id label myth } pageInfo { hasNextPage endCursor } } }', { after });
    claims.push(...c.claims.nodes.filter((n) => n.myth));
    if (!c.claims.pageInfo.hasNextPage) break;
    after = c.claims.pageInfo.endCursor;
  }
  const have = new Map(d.n.filter(Boolean).map((n) => [n.id, n]));
  const pubs = d.stats.byKind.find((k) => k.kind === 'PUBLICATION')?.count || 0;
  const dated = d.timeline.filter((r) => r.year != null);
  const item = (testid, text, note, go) => {
    const b = h('button', { type: 'button', class: 'link', 'data-testid': testid }, text);
    b.addEventListener('click', go);
    return h('li', {}, b, note ? h('p', { class: 'hint' }, note) : null);
  };
  const items = [];
  if (claims.length) {
    items.push(item('start-myths', `Myths and the findings that correct them (${claims.length})`,
      'Claims the research calls myths, each linked to the findings that contradict it.',
      () => (mythsView() ? showMyths() : loadMany('myths-and-findings', claims.slice(0, 12).map((c) => c.id)))));
  }
  const pn = ['actor/pboc', 'actor/ndrc', 'finding/pboc-ndrc-tensions'].filter((id) => have.has(id));
  if (have.has('actor/pboc') && have.has('actor/ndrc')) {
    items.push(item('start-pboc-ndrc', 'PBOC vs NDRC', 'The central bank and the planning agency: two views of credit.',
      () => loadMany('pboc-vs-ndrc', pn)));
  }
  const to = ['concept/techno-orientalism', 'concept/orientalism'].filter((id) => have.has(id));
  if (to.length) {
    items.push(item('start-techno-orientalism', 'Techno-orientalism', 'How Western media imagine China\'s systems.',
      () => loadMany('techno-orientalism', to)));
  }
  for (const q of d.questions.slice(0, 6)) items.push(item('start-question', q.label, null, () => load(q.id, 1)));
  const myths = $('views').querySelector('[data-view=myths]');
  myths.hidden = !claims.length || !mythsView();
  const all = $('views').querySelector('[data-view=all]');
  all.hidden = d.stats.nodes > MAX_LIMIT || !connectionFields().length; // offered when the whole graph fits
  all.addEventListener('click', () => setWholeGraph(d.stats.nodes));
  startPanel = () => h('div', { 'data-testid': 'start' },
    h('h1', {}, 'The scholarship on China\'s social credit systems'),
    h('p', { 'data-testid': 'corpus-summary' }, `${d.stats.nodes} nodes and ${d.stats.edges} links read from ${pubs} publication${pubs === 1 ? '' : 's'}`,
      dated.length ? ` (${dated[0].year}–${dated.at(-1).year})` : '', ', each link with the quote it rests on.'),
    state.view && VIEWS[state.view] ? h('p', { class: 'hint', 'data-testid': 'view-about' }, `${VIEWS[state.view].title}: ${aboutView()}`) : null,
    h('h2', {}, 'Start here'),
    h('ul', { class: 'start nodes' }, items),
    h('p', { class: 'hint' }, 'Click a node to read it and expand it around itself; click a link to read its evidence. The years above filter by publication year.'));
}
function showStart() {
  if (startPanel) panel(startPanel());
}

// ---- autocomplete (search box and path ends) ---------------------------------

function autocomplete(input, onPick) {
  const list = h('ul', { class: 'suggestions', role: 'listbox', 'data-testid': `${input.dataset.testid}-suggestions`, hidden: true });
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-expanded', 'false');
  let hits = [];
  let active = -1;
  let seq = 0;
  let timer;

  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; };
  const pick = (node) => {
    clearTimeout(timer); // a lookup still to come would reopen the list
    seq++;
    close();
    input.value = node.label || node.id;
    input.dataset.id = node.id;
    onPick(node);
  };
  const render = () => {
    list.replaceChildren(...hits.map((hit, i) => {
      const li = h('li', { role: 'option', 'data-testid': 'suggestion', 'data-id': hit.node.id, 'aria-selected': String(i === active) },
        h('span', { class: 'swatch', style: `background:${KINDS[hit.node.kind] || '#999'}` }), ' ', hit.node.label,
        h('span', { class: 'kind' }, hit.node.kind.toLowerCase()),
        hit.snippet ? h('span', { class: 'snippet' }, hit.snippet) : null);
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); pick(hit.node); });
      return li;
    }));
    list.hidden = hits.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
  };
  const lookup = () => {
    const text = input.value.trim();
    const my = ++seq;
    if (text.length < 2) { hits = []; render(); return; }
    work('Searching…', async () => {
      const d = await gql(SEARCH, { text, first: 10 });
      if (my !== seq) return;
      hits = d.search;
      active = -1;
      render();
    });
  };
  input.addEventListener('input', () => {
    delete input.dataset.id;
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!hits.length) return;
      active = (active + (ev.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      render();
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      const text = input.value.trim();
      if (hits.length && !list.hidden) pick(hits[Math.max(active, 0)].node);
      else if (/^[a-z]+\/\S+$/.test(text)) pick({ id: text, label: text }); // a raw id
      ev.preventDefault();
    } else if (ev.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}

// ---- path tool ---------------------------------------------------------------

function setPathEnd(inputId, node) {
  $(inputId).value = node.label || node.id;
  $(inputId).dataset.id = node.id;
}
function pathEnd(inputId) {
  const el = $(inputId);
  return el.dataset.id || (/^[a-z]+\/\S+$/.test(el.value.trim()) ? el.value.trim() : null);
}
function clearPath() {
  cy.elements().removeClass('path faded');
  const r = $('path-result');
  r.replaceChildren();
  delete r.dataset.length;
  delete r.dataset.count;
  delete r.dataset.via;
}

// findPaths asks for up to three paths (paths), or for one (path) when the
// server has no paths field; skipping authors needs the avoidKinds argument.
async function findPaths(from, to, skipAuthors) {
  const avoid = skipAuthors ? { avoidKinds: ['PERSON'] } : {};
  if (Q.hasPaths) {
    try {
      return { via: 'paths', list: (await gql(Q.paths, { from, to, first: 3, ...avoid })).paths };
    } catch (err) {
      if (!/Cannot query field "paths"|Unknown argument/.test(err.message)) throw err;
      Q.hasPaths = false; // an older server: fall back to path
    }
  }
  if (skipAuthors && !Q.pathAvoids) return { via: 'path', list: [], unsupported: true };
  const { path } = await gql(Q.path, { from, to, ...(Q.pathAvoids ? avoid : {}) });
  return { via: 'path', list: path ? [path] : [] };
}

function runPath() {
  const from = pathEnd('path-from');
  const to = pathEnd('path-to');
  const result = $('path-result');
  if (!from || !to) {
    result.textContent = 'Choose both ends first (search, or "Path from/to here" in a node\'s details).';
    return Promise.resolve();
  }
  const skip = $('path-skip-authors').checked;
  return work(`Paths ${from} → ${to}…`, async () => {
    const { via, list, unsupported } = await findPaths(from, to, skip);
    clearPath();
    result.dataset.via = via;
    result.dataset.count = String(list.length);
    if (unsupported) {
      result.textContent = 'This server cannot skip authors in paths yet (no avoidKinds argument).';
      result.dataset.length = 'none';
      return;
    }
    if (!list.length) {
      result.textContent = `No path between ${from} and ${to}${skip ? ' without going through authors' : ''}.`;
      result.dataset.length = 'none';
      applyFilters();
      return;
    }
    const items = list.map((p, i) => {
      const b = h('button', { type: 'button', class: 'link', 'data-testid': 'path-alt', 'data-length': p.length },
        `${p.length} step${p.length === 1 ? '' : 's'}: `, p.nodes.map((n) => n.label || n.id).join(' → '));
      b.addEventListener('click', () => showPath(p, from, items, i));
      return h('li', {}, b);
    });
    result.replaceChildren(
      h('p', {}, list.length > 1 ? `${list.length} shortest paths${skip ? ' skipping authors' : ''}:` : `Shortest path${skip ? ' skipping authors' : ''}:`),
      h('ol', {}, items),
      via === 'path' ? h('p', { class: 'hint' }, 'This server gives one path (no paths field).') : null);
    showPath(list[0], from, items, 0);
  });
}

// showPath brings a path's nodes in (around its start) and highlights it.
function showPath(p, from, items, i) {
  cy.elements().removeClass('path faded');
  const old = cy.nodes();
  const added = merge(p, from);
  let on = cy.collection();
  for (const n of p.nodes) on = on.union(cy.$id(n.id));
  for (const e of p.edges) {
    const rev = { ...e, source: e.target, target: e.source };
    on = on.union(cy.$id(edgeId(e)).nonempty() ? cy.$id(edgeId(e)) : cy.$id(edgeId(rev)));
  }
  cy.elements().addClass('faded');
  on.removeClass('faded').addClass('path');
  items.forEach((li, j) => li.setAttribute('aria-current', String(i === j)));
  $('path-result').dataset.length = String(p.length);
  applyFilters();
  if (added.nodes().nonempty()) layout({ fit: false, keep: old });
}

// ---- export this view --------------------------------------------------------

// viewFile names a download after the view and the year filter.
function viewFile(ext) {
  const from = yearBound('year-from');
  const to = yearBound('year-to');
  const years = from != null || to != null ? `-${from ?? ''}${from === to ? '' : `-${to ?? ''}`}` : '';
  return `scsgraph-${state.file}${years}`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-') + `.${ext}`;
}

// xml builds an XML document with the browser's own DOM and serializer, so
// that names and values are escaped by the platform.
function xml(ns, root) {
  const doc = document.implementation.createDocument(ns, root, null);
  const add = (parent, tag, attrs = {}, text) => {
    const el = doc.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
    if (text != null) el.textContent = String(text);
    parent.appendChild(el);
    return el;
  };
  const serialize = () => `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`;
  return { doc, root: doc.documentElement, add, serialize };
}
const double = (w) => (Number.isInteger(w) ? w.toFixed(1) : String(w));

// viewData lists what is shown: nodes with kind (as in GraphQL), year and
// publication count; links with predicate and weight.
function viewData() {
  const s = shown();
  const nodes = s.nodes().map((n) => ({ id: n.id(), label: n.data('label') || n.id(), kind: n.data('kind'), year: n.data('year'), pubs: n.data('pubs')?.length }));
  const edges = s.edges().map((e, i) => ({ id: `e${i}`, source: e.data('source'), target: e.data('target'), label: e.data('label'),
    predicate: e.data('predicate'), weight: e.data('shownWeight') ?? e.data('weight') ?? 1, undirected: Boolean(e.data('undirected')) }));
  return { nodes, edges, undirected: edges.length > 0 && edges.every((e) => e.undirected) };
}

// toGEXF writes GEXF 1.2 (the version Gephi and networkx read) with typed
// attributes: year and publications as integers, weights as doubles. When
// publications have years, the graph is dynamic and each starts in its year,
// so that Gephi's timeline can play the field's growth.
function toGEXF({ nodes, edges, undirected }) {
  const dynamic = nodes.some((n) => n.year != null);
  const x = xml('http://www.gexf.net/1.2draft', 'gexf');
  x.root.setAttribute('version', '1.2');
  const meta = x.add(x.root, 'meta', { lastmodifieddate: new Date().toISOString().slice(0, 10) });
  x.add(meta, 'creator', {}, 'scsgraph explorer');
  x.add(meta, 'description', {}, `${state.title || 'view'} (${location.href})`);
  const g = x.add(x.root, 'graph', { mode: dynamic ? 'dynamic' : 'static', timeformat: dynamic ? 'integer' : null,
    defaultedgetype: undirected ? 'undirected' : 'directed' });
  const na = x.add(g, 'attributes', { class: 'node', mode: 'static' });
  for (const [id, type] of [['kind', 'string'], ['year', 'integer'], ['publications', 'integer']]) x.add(na, 'attribute', { id, title: id, type });
  const ea = x.add(g, 'attributes', { class: 'edge', mode: 'static' });
  x.add(ea, 'attribute', { id: 'predicate', title: 'predicate', type: 'string' });
  const ns = x.add(g, 'nodes');
  for (const n of nodes) {
    const v = x.add(x.add(ns, 'node', { id: n.id, label: n.label, start: n.year }), 'attvalues');
    x.add(v, 'attvalue', { for: 'kind', value: n.kind });
    if (n.year != null) x.add(v, 'attvalue', { for: 'year', value: n.year });
    if (n.pubs != null) x.add(v, 'attvalue', { for: 'publications', value: n.pubs });
  }
  const es = x.add(g, 'edges');
  for (const e of edges) {
    const el = x.add(es, 'edge', { id: e.id, source: e.source, target: e.target, label: e.label, weight: double(e.weight) });
    x.add(x.add(el, 'attvalues'), 'attvalue', { for: 'predicate', value: e.predicate });
  }
  return x.serialize();
}

// toGraphML writes GraphML with typed keys (year int, weight double).
function toGraphML({ nodes, edges, undirected }) {
  const x = xml('http://graphml.graphdrawing.org/xmlns', 'graphml');
  const keys = [['label', 'node', 'string'], ['kind', 'node', 'string'], ['year', 'node', 'int'], ['publications', 'node', 'int'],
    ['edgelabel', 'edge', 'string', 'label'], ['predicate', 'edge', 'string'], ['weight', 'edge', 'double']];
  for (const [id, forWhat, type, name] of keys) x.add(x.root, 'key', { id, for: forWhat, 'attr.name': name || id, 'attr.type': type });
  const g = x.add(x.root, 'graph', { id: state.file, edgedefault: undirected ? 'undirected' : 'directed' });
  for (const n of nodes) {
    const el = x.add(g, 'node', { id: n.id });
    x.add(el, 'data', { key: 'label' }, n.label);
    x.add(el, 'data', { key: 'kind' }, n.kind);
    if (n.year != null) x.add(el, 'data', { key: 'year' }, n.year);
    if (n.pubs != null) x.add(el, 'data', { key: 'publications' }, n.pubs);
  }
  for (const e of edges) {
    const el = x.add(g, 'edge', { id: e.id, source: e.source, target: e.target });
    x.add(el, 'data', { key: 'edgelabel' }, e.label);
    x.add(el, 'data', { key: 'predicate' }, e.predicate);
    x.add(el, 'data', { key: 'weight' }, double(e.weight));
  }
  return x.serialize();
}

function download(blob, name) {
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// exportView downloads what is shown, generated here from the view.
function exportView(format) {
  const fit = { full: true, bg: '#ffffff' };
  switch (format) {
    case 'gexf': return download(new Blob([toGEXF(viewData())], { type: 'application/gexf+xml' }), viewFile('gexf'));
    case 'graphml': return download(new Blob([toGraphML(viewData())], { type: 'application/graphml+xml' }), viewFile('graphml'));
    case 'png': return download(cy.png({ ...fit, output: 'blob', scale: 2 }), viewFile('png'));
    case 'svg': {
      if (!cy.svg) throw new Error('SVG export needs static/vendor/cytoscape-svg.js (run make web)');
      return download(new Blob([cy.svg(fit)], { type: 'image/svg+xml' }), viewFile('svg'));
    }
    default: throw new Error(`unknown export format ${format}`);
  }
}

// ---- start -------------------------------------------------------------------

async function start() {
  const t0 = performance.now();
  buildLegend();
  const depth = params.get('depth');
  if (depth) $('depth').value = depth;
  autocomplete($('search'), (node) => load(node.id));
  autocomplete($('path-from'), () => {});
  autocomplete($('path-to'), () => {});
  $('path-run').addEventListener('click', runPath);
  $('path-clear').addEventListener('click', () => { clearPath(); applyFilters(); });
  let typing;
  for (const id of ['year-from', 'year-to']) {
    $(id).addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(filtersChanged, 250); });
  }
  for (const b of $('views').children) if (VIEWS[b.dataset.view]) b.addEventListener('click', () => setView(b.dataset.view));
  $('views').querySelector('[data-view=myths]').addEventListener('click', showMyths);
  $('measure').addEventListener('change', () => VIEWS[state.view] && setView(state.view));
  $('size-by').addEventListener('change', sizeByChanged);
  for (const b of $('export').children) b.addEventListener('click', () => exportView(b.dataset.format));
  $('show-provenance').addEventListener('change', (ev) => document.body.classList.toggle('show-provenance', ev.target.checked));
  $('depth').addEventListener('change', () => {
    if (state.focus) load(state.focus);
  });

  await work('Connecting…', async () => {
    try {
      const d = await gql(INTROSPECT);
      types = new Map(d.__schema.types.filter((t) => t.fields).map((t) => [t.name, t.fields]));
    } catch (err) {
      console.warn('introspection failed; using the contract fields', err);
    }
    buildQueries();
    await buildStart();
  });
  const focus = params.get('focus');
  const view = params.get('view');
  if (focus) await load(focus);
  else if (view === 'all' && !$('views').querySelector('[data-view=all]').hidden) $('views').querySelector('[data-view=all]').click();
  else if (view === 'myths' && mythsView()) await showMyths();
  else await setView(VIEWS[view] ? view : 'concepts');
  await idle();
  explorer.readyMs = Math.round(performance.now() - t0);
}

const explorer = { cy, endpoint, idle, load, expand, setView, showMyths, exportView, path: runPath, expanded, shown, state };
explorer.ready = start();
window.explorer = explorer;
