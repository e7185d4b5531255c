// scsgraph explorer: an ego-network view of the knowledge graph over GraphQL.
//
// Search picks a node and shows its neighbourhood; clicking a node shows its
// details and merges its own neighbourhood in; clicking an edge shows its
// evidence. Kind and year filters hide nodes without refetching; the path tool
// highlights path(from, to). URL parameters: ?focus=ID opens on a node,
// ?endpoint=URL talks to another server (which must allow this origin), and
// ?depth=N sets the initial depth.
//
// For tests, window.explorer exposes { cy, ready, idle(), load(), expand() };
// the page's controls carry data-testid attributes.

import cytoscape from './vendor/cytoscape.esm.min.mjs';

const KINDS = {
  CONCEPT: '#59a14f', ACTOR: '#e15759', PUBLICATION: '#4e79a7', PERSON: '#f28e2b',
  QUESTION: '#edc948', FINDING: '#9c755f', CLAIM: '#bab0ac', METHOD: '#b07aa1',
  PLACE: '#76b7b2', VENUE: '#ff9da7', SOURCE: '#6b6ecf',
};
const SHAPES = { PUBLICATION: 'round-rectangle', ACTOR: 'diamond', QUESTION: 'hexagon', FINDING: 'triangle', CLAIM: 'triangle', VENUE: 'round-tag', SOURCE: 'round-rectangle' };
const LIMIT = 100; // nodes per neighbourhood; the server's cost limit allows about this many

const params = new URLSearchParams(location.search);
const endpoint = new URL(params.get('endpoint') || 'graphql', document.baseURI).href;
const $ = (id) => document.getElementById(id);

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
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status}`);
  return body.data;
}

// The schema is read once by introspection, so that the details panel shows
// whatever fields each node type has and evidence shows file and line where
// the server offers them. Without introspection, the contract's fields are used.
const INTROSPECT = `{ __schema { types { name kind fields {
  name args { type { kind } defaultValue }
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
// hasField reports whether the schema has type.field (false without introspection).
function hasField(type, field) {
  return (types.get(type) || []).some((f) => f.name === field);
}
// Evidence is asked for by name, not with selection(): a neighbourhood
// multiplies its cost by the node limit, and the server caps a query's cost.
function evidenceSelection() {
  const fileLine = hasField('Evidence', 'file') ? 'file line' : '';
  return `{ quote url ${fileLine} source { id label } }`;
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
let NEIGHBORHOOD, PATH; // built after introspection
function buildQueries() {
  const ev = evidenceSelection();
  const nodeFields = 'id kind label ... on Publication { year }';
  const edgeFields = `source target predicate ${hasField('Edge', 'predicateIri') ? 'predicateIri' : ''} label weight evidence ${ev}`;
  NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int, $limit: Int) {
    neighborhood(id: $id, depth: $depth, limit: $limit) {
      nodes { ${nodeFields} } edges { ${edgeFields} } truncated } }`;
  PATH = `query Path($from: ID!, $to: ID!) {
    path(from: $from, to: $to) { nodes { ${nodeFields} } edges { ${edgeFields} } length } }`;
}
function nodeQuery(kind) {
  const t = typeName(kind);
  const extra = types.has(t) ? `... on ${t} { ${selection(t, ['id', 'kind', 'label', 'iri'])} }` : '';
  return `query Node($id: ID!) { node(id: $id) { id kind label iri ${extra} } }`;
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
  minZoom: 0.1,
  maxZoom: 4,
  style: [
    { selector: 'node', style: {
      'background-color': (n) => KINDS[n.data('kind')] || '#999',
      shape: (n) => SHAPES[n.data('kind')] || 'ellipse',
      label: 'data(short)', 'font-size': 9, color: '#333', 'text-valign': 'bottom', 'text-margin-y': 3,
      'text-wrap': 'wrap', 'text-max-width': 110, width: 18, height: 18,
      'text-background-color': '#fafaf8', 'text-background-opacity': 0.7, 'text-background-padding': 1,
    } },
    { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#555' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111', width: 24, height: 24, 'font-weight': 'bold' } },
    { selector: 'edge', style: {
      width: (e) => Math.min(1 + (e.data('weight') || 1) / 2, 5), 'line-color': '#c4c4c4', 'curve-style': 'bezier',
      'target-arrow-shape': 'triangle', 'target-arrow-color': '#c4c4c4', 'arrow-scale': 0.7,
    } },
    { selector: 'edge:selected', style: { 'line-color': '#333', 'target-arrow-color': '#333', label: 'data(label)', 'font-size': 8, 'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 1 } },
    { selector: '.filtered', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.2 } },
    { selector: 'node.path', style: { 'border-width': 3, 'border-color': '#c0392b', opacity: 1 } },
    { selector: 'edge.path', style: { width: 4, 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', opacity: 1, label: 'data(label)', 'font-size': 8, 'text-rotation': 'autorotate' } },
  ],
});

const edgeId = (e) => `${e.source}|${e.predicate}|${e.target}`;
const shorten = (s) => (s.length > 48 ? `${s.slice(0, 46)}…` : s);

// merge adds a subgraph's nodes and edges that are not there yet, placing new
// nodes around `near` so that the layout starts from a sensible place.
function merge(sub, near) {
  const at = near && cy.$id(near).nonempty() ? cy.$id(near).position() : { x: 0, y: 0 };
  const added = cy.collection();
  cy.batch(() => {
    for (const n of sub.nodes) {
      if (cy.$id(n.id).nonempty()) continue;
      added.merge(cy.add({ group: 'nodes', data: { ...n, short: shorten(n.label || n.id) },
        position: { x: at.x + (Math.random() - 0.5) * 80, y: at.y + (Math.random() - 0.5) * 80 } }));
    }
    for (const e of sub.edges) {
      const id = edgeId(e);
      if (cy.$id(id).nonempty() || cy.$id(e.source).empty() || cy.$id(e.target).empty()) continue;
      added.merge(cy.add({ group: 'edges', data: { ...e, id } }));
    }
  });
  return added;
}

// shown is what the filters let through. (Cytoscape's :visible selector
// caches and can lag behind class changes, so it is not used.)
function shown() {
  const nodes = cy.nodes().not('.filtered');
  return nodes.union(nodes.connectedEdges().filter((e) => !e.source().hasClass('filtered') && !e.target().hasClass('filtered')));
}

function layout(fresh) {
  const visible = shown();
  if (visible.empty()) return;
  visible.layout({
    name: 'cose', animate: false, randomize: fresh, fit: true, padding: 30,
    nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 60000, idealEdgeLength: () => 90,
    nodeOverlap: 20, componentSpacing: 60, numIter: 1000,
  }).run();
  if (cy.zoom() > 1.5) { // a small graph: do not blow it up
    cy.zoom(1.5);
    cy.center(visible);
  }
}

const expanded = new Set();
let lastTruncated = false;

async function fetchNeighborhood(id, depth) {
  const d = await gql(NEIGHBORHOOD, { id, depth, limit: LIMIT });
  if (!d.neighborhood) throw new Error(`no node ${id}`);
  lastTruncated = d.neighborhood.truncated;
  return d.neighborhood;
}

// load replaces the graph with the neighbourhood of id.
function load(id, depth = Number($('depth').value)) {
  return work(`Loading ${id}…`, async () => {
    const sub = await fetchNeighborhood(id, depth);
    clearPath();
    cy.elements().remove();
    expanded.clear();
    merge(sub);
    markExpanded(id);
    refreshFilters(true);
    layout(true);
    cy.$(':selected').unselect();
    cy.$id(id).select();
    const url = new URL(location.href);
    url.searchParams.set('focus', id);
    history.replaceState(null, '', url);
    await showNode(id);
  });
}

// expand merges the neighbourhood of a node already on screen.
function expand(id) {
  if (expanded.has(id)) return Promise.resolve();
  return work(`Expanding ${id}…`, async () => {
    const sub = await fetchNeighborhood(id, 1);
    const added = merge(sub, id);
    markExpanded(id);
    refreshFilters(false);
    if (added.nonempty()) layout(false);
  });
}
function markExpanded(id) {
  expanded.add(id);
  cy.$id(id).addClass('expanded');
}

cy.on('tap', 'node', (ev) => {
  const id = ev.target.id();
  showNode(id);
  expand(id);
});
cy.on('tap', 'edge', (ev) => showEdge(ev.target));

// ---- filters: kinds and publication years ------------------------------------

const hiddenKinds = new Set();

function buildLegend() {
  const ul = $('kinds');
  for (const [kind, color] of Object.entries(KINDS)) {
    const box = h('input', { type: 'checkbox', checked: true, 'data-testid': `kind-${kind}` });
    box.addEventListener('change', () => {
      box.checked ? hiddenKinds.delete(kind) : hiddenKinds.add(kind);
      refreshFilters(false);
    });
    ul.append(h('li', { 'data-kind': kind }, h('label', {}, box,
      h('span', { class: 'swatch', style: `background:${color}` }), kind.toLowerCase(),
      h('span', { class: 'count' }))));
  }
}

function yearBound(id) {
  const v = $(id).value.trim();
  return v === '' ? null : Number(v);
}

// refreshFilters hides what the filters exclude (path nodes stay), updates
// the legend's counts and, when asked, the year inputs' placeholders.
function refreshFilters(resetYears) {
  const from = yearBound('year-from');
  const to = yearBound('year-to');
  const years = [];
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const y = n.data('year');
      if (y != null) years.push(y);
      const out = hiddenKinds.has(n.data('kind')) || (y != null && ((from != null && y < from) || (to != null && y > to)));
      n.toggleClass('filtered', out && !n.hasClass('path'));
    });
  });
  for (const li of $('kinds').children) {
    li.querySelector('.count').textContent = cy.nodes(`[kind = "${li.dataset.kind}"]`).length || '';
  }
  if (resetYears && years.length) {
    $('year-from').placeholder = Math.min(...years);
    $('year-to').placeholder = Math.max(...years);
  }
  const g = $('graph');
  const s = shown();
  g.dataset.nodes = s.nodes().length;
  g.dataset.edges = s.edges().length;
  if (!pending) setStatus('idle', summary());
}

function summary() {
  const s = shown();
  const n = s.nodes().length;
  const e = s.edges().length;
  return `${n} nodes, ${e} edges shown${lastTruncated ? ` (neighbourhood cut at ${LIMIT})` : ''}`;
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
  return h('span', { class: 'badge', style: `background:${KINDS[kind] || '#999'}` }, kind.toLowerCase());
}
function nodeLink(n) {
  const b = h('button', { type: 'button', class: 'link', 'data-id': n.id, title: n.id }, n.label || n.id);
  b.addEventListener('click', () => focusOrLoad(n.id));
  return b;
}
function focusOrLoad(id) {
  const n = cy.$id(id);
  if (n.empty()) return load(id);
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

const LABELS = { titleKnown: null, nameZh: 'Chinese name', altLabels: 'also called', doi: 'DOI' };
function fieldName(f) {
  return f in LABELS ? LABELS[f] : f.replace(/([A-Z])/g, ' $1').toLowerCase();
}
function fieldValue(v) {
  if (Array.isArray(v)) {
    if (!v.length) return null;
    if (typeof v[0] === 'object') return h('ul', { class: 'nodes' }, v.map((x) => h('li', {}, nodeLink(x))));
    return v.join('; ');
  }
  if (v && typeof v === 'object') return v.id ? nodeLink(v) : null;
  if (v == null || v === '') return null;
  return String(v);
}

let detailSeq = 0;
function showNode(id) {
  const seq = ++detailSeq;
  const kind = cy.$id(id).data('kind') || kindOfId(id);
  return work(`Reading ${id}…`, async () => {
    const { node } = await gql(nodeQuery(kind), { id });
    if (seq !== detailSeq) return;
    if (!node) return panel(h('p', { class: 'hint' }, `No node ${id}.`));
    const title = node.kind === 'PUBLICATION' && node.titleKnown === false
      ? h('h1', { class: 'unknown', 'data-testid': 'title-unknown' }, 'Title unknown')
      : h('h1', {}, node.title || node.label);
    const dl = h('dl');
    for (const [f, v] of Object.entries(node)) {
      if (['id', 'kind', 'label', 'iri', 'title', '__typename'].includes(f) || fieldName(f) == null || v === node.label) continue;
      const val = fieldValue(v);
      if (val != null) dl.append(h('dt', {}, fieldName(f)), h('dd', { 'data-field': f }, val));
    }
    panel(h('div', { 'data-testid': 'node-details', 'data-id': node.id },
      badge(node.kind), title,
      node.kind === 'PUBLICATION' && node.titleKnown === false && node.label ? h('p', {}, node.label) : null,
      h('div', { class: 'id' }, node.id, ' · ', h('a', { href: new URL(`id/${node.id}`, endpoint).href }, 'JSON-LD')),
      h('div', { class: 'buttons' },
        button('Centre here', 'node-load', () => load(node.id)),
        button('Path from here', 'path-from-here', () => setPathEnd('path-from', node)),
        button('Path to here', 'path-to-here', () => setPathEnd('path-to', node))),
      dl));
  });
}

function showEdge(edge) {
  const d = edge.data();
  const src = cy.$id(d.source).data();
  const dst = cy.$id(d.target).data();
  const evidence = (d.evidence || []).map((ev) => [
    ev.quote ? h('blockquote', { 'data-testid': 'evidence-quote' }, ev.quote) : null,
    h('p', { class: 'cite' },
      ev.source ? ['— ', nodeLink(ev.source)] : null,
      ev.url ? [' ', h('a', { href: ev.url, target: '_blank', rel: 'noopener noreferrer' }, ev.url)] : null,
      ev.file ? ` ${ev.file}${ev.line ? `:${ev.line}` : ''}` : null),
  ]);
  panel(h('div', { 'data-testid': 'edge-details', 'data-id': d.id },
    h('span', { class: 'badge', style: 'background:#555' }, 'edge'),
    h('h1', {}, nodeLink(src), ` ${d.label || d.predicate} `, nodeLink(dst)),
    h('dl', {},
      h('dt', {}, 'predicate'), h('dd', { 'data-testid': 'edge-predicate' }, d.predicate),
      d.predicateIri ? [h('dt', {}, 'IRI'), h('dd', {}, d.predicateIri)] : null,
      d.weight != null ? [h('dt', {}, 'weight'), h('dd', {}, String(d.weight))] : null),
    h('h2', {}, `Evidence (${d.evidence?.length || 0})`),
    evidence.length ? evidence : h('p', { class: 'hint' }, 'No evidence recorded for this edge.')));
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
  r.textContent = '';
  delete r.dataset.length;
}
function runPath() {
  const from = pathEnd('path-from');
  const to = pathEnd('path-to');
  const result = $('path-result');
  if (!from || !to) {
    result.textContent = 'Choose both ends first (search, or "Path from/to here" in a node\'s details).';
    return Promise.resolve();
  }
  return work(`Path ${from} → ${to}…`, async () => {
    const { path } = await gql(PATH, { from, to });
    clearPath();
    if (!path) {
      result.textContent = `No path between ${from} and ${to}.`;
      result.dataset.length = 'none';
      return;
    }
    const added = merge(path, from);
    let on = cy.collection();
    for (const n of path.nodes) on = on.union(cy.$id(n.id));
    for (const e of path.edges) {
      const rev = { ...e, source: e.target, target: e.source };
      on = on.union(cy.$id(edgeId(e)).nonempty() ? cy.$id(edgeId(e)) : cy.$id(edgeId(rev)));
    }
    cy.elements().addClass('faded');
    on.removeClass('faded').addClass('path');
    refreshFilters(false);
    if (added.nonempty()) layout(false);
    result.dataset.length = String(path.length);
    result.replaceChildren(`Length ${path.length}: `,
      ...path.nodes.flatMap((n, i) => (i ? [' → ', nodeLink(n)] : [nodeLink(n)])));
  });
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
  $('path-clear').addEventListener('click', () => { clearPath(); refreshFilters(false); });
  for (const id of ['year-from', 'year-to']) $(id).addEventListener('input', () => refreshFilters(false));
  $('depth').addEventListener('change', () => {
    const focus = new URL(location.href).searchParams.get('focus');
    if (focus) load(focus);
  });

  await work('Connecting…', async () => {
    try {
      const d = await gql(INTROSPECT);
      types = new Map(d.__schema.types.filter((t) => t.fields).map((t) => [t.name, t.fields]));
    } catch (err) {
      console.warn('introspection failed; using the contract fields', err);
    }
    buildQueries();
  });
  const focus = params.get('focus');
  if (focus) await load(focus);
  else setStatus('idle', 'Search to begin.');
  explorer.readyMs = Math.round(performance.now() - t0);
}

const explorer = { cy, endpoint, idle, load, expand, path: runPath, expanded, shown };
explorer.ready = start();
window.explorer = explorer;
