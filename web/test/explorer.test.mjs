// Browser tests of the explorer at "/" and GraphiQL at "/graphiql", driven in
// Debian's Chromium against the real server. Expected values come from the
// GraphQL API, not from the page. See helpers.mjs for the environment.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clickEdge, clickNode, gql, idle, launchBrowser, open, screenshotPath, startServer, watch } from './helpers.mjs';

const FOCUS = 'concept/blacklist';
// neighborhoodQuery asks for a neighbourhood with its evidence, and the
// evidence sources' own addresses when the schema has Source.url.
const neighborhoodQuery = (sourceURL) => `query Neighborhood($id: ID!, $depth: Int = 1, $limit: Int = 200) {
  neighborhood(id: $id, depth: $depth, limit: $limit) {
    nodes { id kind label ... on Publication { year } }
    edges { source target predicate label
      evidence { quote url file line source { id kind label ... on Publication { doi } ${sourceURL ? '... on Source { url }' : ''} } } }
    truncated } }`;
const CONCEPTS = `{ conceptGraph { nodes { id label } edges { source target weight } }
  concepts(first: 100) { nodes { id publications { id year } } } }`;
const PATH = `query Path($from: ID!, $to: ID!) { path(from: $from, to: $to) { nodes { id label } length } }`;
// The smallest rendered label, less a hundredth of a pixel for the rounding
// of font-size / zoom * zoom.
const MIN_LABEL_PX = 12 - 0.01;

const edgeKey = (e) => `${e.source}|${e.predicate}|${e.target}`;
// evidenceHref is where a piece of evidence should link: its own URL, else
// its source's address, else the DOI of the publication it comes from.
const evidenceHref = (ev) => ev.url || ev.source?.url || (ev.source?.doi ? `https://doi.org/${ev.source.doi}` : null);

// labelPx is the rendered font size of the shown, labelled nodes' labels,
// once the explorer has restyled them for the current zoom (it does so on
// the animation frame after a zoom event).
function labelPx(page) {
  return page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const { cy } = window.explorer;
    return window.explorer.shown().nodes().filter((n) => !n.hasClass('quiet'))
      .map((n) => parseFloat(n.style('font-size')) * cy.zoom());
  });
}

// python runs Debian's Python 3 on a script and returns its JSON output.
function python(script, ...args) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' }));
}

describe('explorer', () => {
  let server;
  let browser;
  let page;
  let problems;
  let concepts; // the concept map as the API gives it
  let NEIGHBORHOOD;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    problems = watch(page, [new URL(server.url).origin]);
    concepts = await gql(server.url, CONCEPTS);
    const { __type } = await gql(server.url, '{ __type(name: "Source") { fields { name } } }');
    NEIGHBORHOOD = neighborhoodQuery(__type?.fields.some((f) => f.name === 'url'));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shownIds = () => page.evaluate(() => window.explorer.shown().nodes().map((n) => n.id()).sort());
  const visibleNodes = () => page.evaluate(() => window.explorer.shown().nodes().length);

  test('opens on the concept map, sized by publications, with readable labels', async () => {
    await open(page, `${server.url}/`);
    const api = concepts.conceptGraph.nodes.map((n) => n.id).sort();
    assert.deepEqual(await shownIds(), api);
    const px = await labelPx(page);
    assert.equal(px.length, api.length, 'a concept of the first view has no label');
    assert.ok(Math.min(...px) >= MIN_LABEL_PX, `labels as small as ${Math.min(...px).toFixed(1)} px at the initial zoom`);
    // The concept with most publications is drawn larger than the one with fewest.
    const pubs = new Map(concepts.concepts.nodes.map((c) => [c.id, c.publications.length]));
    const byPubs = [...api].sort((a, b) => pubs.get(a) - pubs.get(b));
    const [small, big] = [byPubs[0], byPubs.at(-1)];
    assert.ok(pubs.get(big) > pubs.get(small), 'the corpus gives every concept as many publications');
    const size = (id) => page.evaluate((id) => window.explorer.cy.$id(id).width(), id);
    assert.ok(await size(big) > await size(small), `${big} (${pubs.get(big)} publications) is not larger than ${small} (${pubs.get(small)})`);
    // The legend lists only the kinds on screen; the start panel counts the corpus.
    assert.deepEqual(await page.locator('#kinds li:not([hidden])').evaluateAll((l) => l.map((li) => li.dataset.kind)), ['CONCEPT']);
    const { stats } = await gql(server.url, '{ stats { nodes edges } }');
    assert.match(await page.locator('[data-testid=corpus-summary]').textContent(), new RegExp(`^${stats.nodes} nodes and ${stats.edges} links`));
    await page.screenshot({ path: screenshotPath('first-view.png') });
    if (process.env.README_SCREENSHOT) await page.screenshot({ path: process.env.README_SCREENSHOT });
    // Labels grow as one zooms in (up to 20 px), and the layout comes back.
    const before = Math.min(...px);
    await page.evaluate(() => {
      const { cy } = window.explorer;
      cy.zoom({ level: cy.zoom() * 2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    });
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid=graph]').dataset.labelPx) > b, before);
    const zoomed = Math.min(...await labelPx(page));
    assert.ok(zoomed > before && zoomed <= 20, `labels ${before.toFixed(1)} px, zoomed in ${zoomed.toFixed(1)} px`);
    await page.evaluate(() => window.explorer.cy.fit(undefined, 30));
  });

  test('clicking a year keeps the concepts and links of that year, and clicking it again brings all back', async () => {
    const { timeline } = await gql(server.url, '{ timeline(kinds: [PUBLICATION]) { year count } }');
    const year = timeline.find((r) => r.year != null && r.count > 0).year;
    // Expected: concepts with a publication that year linked to another such
    // concept through a publication of that year.
    const pubs = new Map(concepts.concepts.nodes.map((c) => [c.id, c.publications.filter((p) => p.year === year).map((p) => p.id)]));
    const linked = new Set();
    for (const e of concepts.conceptGraph.edges) {
      if (pubs.get(e.source)?.some((p) => pubs.get(e.target)?.includes(p))) linked.add(e.source).add(e.target);
    }
    const all = await shownIds();
    const bar = page.locator(`[data-testid=year-${year}]`);
    const count = timeline.find((r) => r.year === year).count;
    assert.equal(await bar.getAttribute('title'), `${year}: ${count} publication${count === 1 ? '' : 's'}`);
    await bar.click();
    await idle(page);
    assert.deepEqual(await shownIds(), [...linked].sort());
    assert.equal(await page.locator(`[data-testid=year-${year}]`).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid=count-CONCEPT]').textContent(), `${linked.size} of ${all.length}`);
    await page.screenshot({ path: screenshotPath(`year-${year}.png`) });
    await page.locator(`[data-testid=year-${year}]`).click();
    await idle(page);
    assert.deepEqual(await shownIds(), all);
  });

  test('the layout works at 800 px wide', async () => {
    const narrow = await browser.newPage({ viewport: { width: 800, height: 900 } });
    const narrowProblems = watch(narrow, [new URL(server.url).origin]);
    await open(narrow, `${server.url}/`);
    const pane = await narrow.locator('[data-testid=graph]').boundingBox();
    assert.ok(pane.width >= 450 && pane.height >= 350, `graph pane ${pane.width}x${pane.height} at 800 px`);
    const box = await narrow.evaluate(() => window.explorer.shown().renderedBoundingBox());
    assert.ok(box.x1 >= -1 && box.y1 >= -1 && box.x2 <= pane.width + 1 && box.y2 <= pane.height + 1,
      `the graph (${JSON.stringify(box)}) overflows its ${pane.width}x${pane.height} pane`);
    assert.ok(Math.min(...await labelPx(narrow)) >= MIN_LABEL_PX);
    assert.ok(await narrow.locator('[data-testid=details]').isVisible());
    await narrow.screenshot({ path: screenshotPath('explorer-800.png') });
    await narrow.close();
    assert.deepEqual(narrowProblems, []);
  });

  test('the co-author and citation networks are the API\'s', async () => {
    for (const [view, field] of [['coauthors', 'coauthorGraph'], ['citations', 'citationGraph']]) {
      const d = await gql(server.url, `{ ${field} { nodes { id } } }`);
      await page.locator(`[data-testid=view-${view}]`).click();
      await idle(page);
      assert.deepEqual(await shownIds(), d[field].nodes.map((n) => n.id).sort(), view);
      assert.equal(await page.locator(`[data-testid=view-${view}]`).getAttribute('aria-pressed'), 'true');
      const note = page.locator('[data-testid=note]');
      assert.equal(await note.isVisible(), d[field].nodes.length === 0, `${view}: a note is shown only for an empty network`);
    }
  });

  test('a small corpus can be shown whole', async (t) => {
    const { stats } = await gql(server.url, '{ stats { nodes edges } }');
    if (stats.nodes > 200) return t.skip(`the corpus has ${stats.nodes} nodes; the whole graph is offered up to 200`);
    await page.locator('[data-testid=view-all]').click();
    await idle(page);
    const got = await page.evaluate(() => ({ nodes: window.explorer.shown().nodes().length, edges: window.explorer.shown().edges().length }));
    assert.deepEqual(got, { nodes: stats.nodes, edges: stats.edges });
    assert.equal(await page.locator('[data-testid=note]').isVisible(), false);
    await page.screenshot({ path: screenshotPath('whole-graph.png') });
  });

  test('search shows the ego network of the chosen node', async () => {
    await open(page, `${server.url}/`);
    await page.locator('[data-testid=search]').fill('blacklist');
    await page.locator(`[data-testid=search-suggestions] [data-id="${FOCUS}"]`).click();
    await idle(page);
    const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id: FOCUS });
    assert.deepEqual(await shownIds(), neighborhood.nodes.map((n) => n.id).sort());
    assert.equal(Number(await page.locator('[data-testid=graph]').getAttribute('data-nodes')), neighborhood.nodes.length);
    assert.equal(await page.locator('[data-testid=node-details]').getAttribute('data-id'), FOCUS);
    assert.match(page.url(), /focus=concept%2Fblacklist/);
  });

  test('clicking a node expands it around itself; the nodes already there stay put', async () => {
    const before = await page.evaluate(() => Object.fromEntries(window.explorer.cy.nodes().map((n) => [n.id(), { ...n.position() }])));
    let target;
    for (const id of Object.keys(before).filter((id) => id !== FOCUS)) {
      const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id });
      if (neighborhood.nodes.some((n) => !(n.id in before))) { target = id; break; }
    }
    assert.ok(target, `no neighbour of ${FOCUS} has further neighbours`);
    await clickNode(page, target);
    assert.equal(await page.locator('[data-testid=node-details]').getAttribute('data-id'), target);
    assert.ok(await page.evaluate((id) => window.explorer.expanded.has(id), target));
    const after = await page.evaluate(() => Object.fromEntries(window.explorer.cy.nodes().map((n) => [n.id(), { ...n.position() }])));
    assert.ok(Object.keys(after).length > Object.keys(before).length, `expanding ${target} showed no new node`);
    const moved = Object.keys(before).filter((id) => Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y) > 1);
    assert.deepEqual(moved, [], 'nodes moved when another was expanded');
  });

  test('kind filter hides a kind and the nodes it leaves without links', async () => {
    await open(page, `${server.url}/?focus=${encodeURIComponent(FOCUS)}`);
    const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id: FOCUS });
    const keep = new Set(neighborhood.nodes.filter((n) => n.kind !== 'PUBLICATION').map((n) => n.id));
    const linked = new Set([FOCUS]); // the selected node stays
    for (const e of neighborhood.edges) if (keep.has(e.source) && keep.has(e.target)) linked.add(e.source).add(e.target);
    await page.locator('[data-testid=kind-PUBLICATION]').uncheck();
    await idle(page);
    assert.deepEqual(await shownIds(), [...linked].sort());
    await page.locator('[data-testid=kind-PUBLICATION]').check();
    await idle(page);
    assert.deepEqual(await shownIds(), neighborhood.nodes.map((n) => n.id).sort());
  });

  test('a neighbourhood cut by the limit says so', async () => {
    const id = 'person/chuncheng-liu';
    const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id, depth: 2, limit: 20 });
    assert.ok(neighborhood.truncated, 'the API did not cut the neighbourhood at 20');
    await open(page, `${server.url}/?focus=${encodeURIComponent(id)}&depth=2&limit=20`);
    const note = page.locator('[data-testid=note]');
    assert.ok(await note.isVisible());
    assert.match(await note.textContent(), /limit of 20 nodes/);
    assert.equal(await visibleNodes(), neighborhood.nodes.length);
  });

  test('a DOI is a link to doi.org above the abstract, and internal fields are hidden', async () => {
    const { publications } = await gql(server.url, '{ publications(first: 100) { nodes { id doi abstract } } }');
    const pub = publications.nodes.find((p) => p.doi && p.abstract) || publications.nodes.find((p) => p.doi);
    assert.ok(pub, 'no publication with a DOI');
    await open(page, `${server.url}/?focus=${encodeURIComponent(pub.id)}`);
    const doi = page.locator('[data-field=doi] a');
    assert.equal(await doi.getAttribute('href'), `https://doi.org/${pub.doi}`);
    const box = await doi.boundingBox();
    assert.ok(box.y + box.height <= 900, `the DOI is below the fold (y=${box.y})`);
    if (pub.abstract) {
      const abstract = await page.locator('[data-field=abstract]').boundingBox();
      assert.ok(box.y < abstract.y, 'the abstract comes before the DOI');
    }
    const fields = await page.locator('[data-testid=node-details] dt').allTextContents();
    for (const internal of ['imported', 'author order known', 'title known']) assert.ok(!fields.includes(internal), `${internal} is shown`);
    // An enum in plain words.
    await open(page, `${server.url}/?focus=actor%2Fndrc`);
    const { node } = await gql(server.url, '{ node(id: "actor/ndrc") { ... on Actor { type } } }');
    assert.equal(await page.locator('[data-field=type]').textContent(), node.type.toLowerCase().replace(/_/g, ' '));
  });

  test('evidence cites its source with a link; file:line only behind the provenance toggle', async () => {
    // A link whose evidence has an address, found through the API.
    const { publications } = await gql(server.url, '{ publications(first: 100) { nodes { id } } }');
    let focus;
    let edge;
    for (const p of publications.nodes) {
      const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id: p.id });
      edge = neighborhood.edges.find((e) => e.evidence.some(evidenceHref));
      if (edge) { focus = p.id; break; }
    }
    assert.ok(edge, 'no evidence with an address in the corpus');
    await open(page, `${server.url}/?focus=${encodeURIComponent(focus)}`);
    await clickEdge(page, edgeKey(edge));
    const links = await page.locator('[data-testid=edge-details] [data-testid=evidence-link]').evaluateAll((l) => l.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), edge.evidence.map(evidenceHref).filter(Boolean).sort());
    const prov = page.locator('[data-testid=edge-details] [data-testid=provenance]').first();
    assert.equal(await prov.isVisible(), false, 'file:line shown without the provenance toggle');
    await page.locator('[data-testid=show-provenance]').check();
    assert.ok(await prov.isVisible());
    const ev = edge.evidence.find((e) => e.file);
    assert.ok((await prov.textContent()).trim().startsWith(`${ev.file}:${ev.line}`), await prov.textContent());
    await page.locator('[data-testid=show-provenance]').uncheck();
  });

  test('export this view downloads a GEXF 1.2 and a GraphML that networkx reads, a PNG and an SVG', async () => {
    await open(page, `${server.url}/?focus=${encodeURIComponent(FOCUS)}`);
    const want = await page.evaluate(() => ({ nodes: window.explorer.shown().nodes().length, edges: window.explorer.shown().edges().length,
      years: window.explorer.shown().nodes('[kind = "PUBLICATION"][year]').length }));
    assert.ok(want.years > 0, `no dated publication around ${FOCUS}`);
    const { __type } = await gql(server.url, '{ __type(name: "Kind") { enumValues { name } } }');
    const kinds = __type.enumValues.map((v) => v.name);
    const save = async (format) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=export-${format}]`).click()]);
      const file = screenshotPath(dl.suggestedFilename());
      await dl.saveAs(file);
      return { name: dl.suggestedFilename(), file };
    };
    for (const format of ['gexf', 'graphml']) {
      const { name, file } = await save(format);
      assert.equal(name, `scsgraph-neighborhood-concept-blacklist.${format}`);
      const got = python(`
import json, sys, networkx as nx
g = (nx.read_gexf if sys.argv[2] == "gexf" else nx.read_graphml)(sys.argv[1])
nodes = list(g.nodes(data=True))
print(json.dumps({
  "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
  "years": [type(d["year"]).__name__ for _, d in nodes if "year" in d],
  "kinds": sorted({d["kind"] for _, d in nodes}),
  "weights": sorted({type(d.get("weight")).__name__ for _, _, d in g.edges(data=True)}),
  "mode": g.graph.get("mode"),
  "starts": sorted({d["start"] == d["year"] and type(d["start"]).__name__ for _, d in nodes if "start" in d}),
}))`, file, format);
      assert.equal(got.nodes, want.nodes, `${format}: nodes`);
      assert.equal(got.edges, want.edges, `${format}: edges`);
      assert.equal(got.years.length, want.years, `${format}: years`);
      assert.deepEqual([...new Set(got.years)], ['int'], `${format}: year is not an integer`);
      assert.deepEqual(got.weights, ['float'], `${format}: weights are not doubles`);
      assert.ok(got.kinds.every((k) => kinds.includes(k)), `${format}: kinds ${got.kinds} are not GraphQL's`);
      if (format === 'gexf') { // dynamic: each dated node starts in its year (an integer), for Gephi's timeline
        assert.equal(got.mode, 'dynamic');
        assert.deepEqual(got.starts, ['int']);
      }
    }
    // The concept map is undirected, with weights; filtered to a year, its file says so.
    await open(page, `${server.url}/`);
    const { timeline } = await gql(server.url, '{ timeline(kinds: [PUBLICATION]) { year count } }');
    const year = timeline.find((r) => r.year != null && r.count > 0).year;
    await page.locator(`[data-testid=year-${year}]`).click();
    await idle(page);
    const map = await page.evaluate(() => ({ nodes: window.explorer.shown().nodes().length, edges: window.explorer.shown().edges().length }));
    const gexfMap = await save('gexf');
    assert.equal(gexfMap.name, `scsgraph-concepts-${year}.gexf`);
    const got = python(`
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "directed": g.is_directed(),
  "weights": sorted({d["weight"] for _, _, d in g.edges(data=True)})}))`, gexfMap.file);
    assert.deepEqual({ nodes: got.nodes, edges: got.edges, directed: got.directed }, { ...map, directed: false });
    assert.ok(got.weights.every((w) => w >= 1), `weights ${got.weights}`);
    await page.locator(`[data-testid=year-${year}]`).click();
    await idle(page);

    const png = await save('png');
    assert.equal(png.name, 'scsgraph-concepts.png');
    assert.equal(execFileSync('/usr/bin/python3', ['-c', 'import sys; print(open(sys.argv[1], "rb").read(8).hex())', png.file], { encoding: 'utf8' }).trim(), '89504e470d0a1a0a');
    const svg = await save('svg');
    const root = python('import json, sys, xml.etree.ElementTree as ET; print(json.dumps(ET.parse(sys.argv[1]).getroot().tag))', svg.file);
    assert.equal(root, '{http://www.w3.org/2000/svg}svg');
  });

  test('starting points: the myths and the findings that correct them', async () => {
    await open(page, `${server.url}/`);
    const { claims } = await gql(server.url, '{ claims(first: 100) { nodes { id myth contradictedBy { id } } } }');
    const myths = claims.nodes.filter((c) => c.myth);
    assert.ok(myths.length > 0, 'no myth in the corpus');
    await page.locator('[data-testid=start-myths]').click();
    await idle(page);
    const ids = new Set(await shownIds());
    for (const m of myths) {
      assert.ok(ids.has(m.id), `${m.id} is not shown`);
      for (const f of m.contradictedBy) assert.ok(ids.has(f.id), `${f.id}, which corrects ${m.id}, is not shown`);
    }
  });

  test('the path tool highlights path(from, to)', async () => {
    await open(page, `${server.url}/?focus=${encodeURIComponent(FOCUS)}`);
    const ids = await page.evaluate(() => window.explorer.cy.nodes().map((n) => n.id()));
    let best;
    for (const id of ids.filter((id) => id !== FOCUS)) {
      const { path } = await gql(server.url, PATH, { from: FOCUS, to: id });
      if (path && (!best || path.length > best.path.length)) best = { id, path };
    }
    assert.ok(best, `no path from ${FOCUS} to any node on screen`);
    const to = best.path.nodes.at(-1);
    await page.locator('[data-testid=path-from]').fill('blacklist');
    await page.locator(`[data-testid=path-from-suggestions] [data-id="${FOCUS}"]`).click();
    await page.locator('[data-testid=path-to]').fill(to.label);
    await page.locator(`[data-testid=path-to-suggestions] [data-id="${best.id}"]`).click();
    await page.locator('[data-testid=path-run]').click();
    await idle(page);
    const result = page.locator('[data-testid=path-result]');
    assert.equal(Number(await result.getAttribute('data-length')), best.path.length);
    const lit = await page.evaluate(() => ({
      nodes: window.explorer.cy.nodes('.path').map((n) => n.id()),
      edges: window.explorer.cy.edges('.path').length,
    }));
    assert.equal(lit.edges, best.path.length);
    assert.deepEqual(lit.nodes.sort(), best.path.nodes.map((n) => n.id).sort());
    await page.screenshot({ path: screenshotPath('explorer.png') });
    await page.locator('[data-testid=path-clear]').click();
  });

  test('an untitled publication says its title is unknown', async (t) => {
    const { publications } = await gql(server.url, `{ publications(first: 100) { edges { node { id titleKnown } } } }`);
    const untitled = publications.edges.map((e) => e.node).find((p) => !p.titleKnown);
    if (!untitled) return t.skip('the corpus has no untitled publication');
    await open(page, `${server.url}/?focus=${encodeURIComponent(untitled.id)}`);
    assert.equal(await page.locator('[data-testid=title-unknown]').textContent(), 'Title unknown');
  });

  test('no console errors and no request leaves the server', () => {
    assert.deepEqual(problems, []);
  });
});

describe('explorer on a larger corpus', () => {
  test('a large concept map is thinned by minimum weight, and says so', async (t) => {
    if (!process.env.SCSGRAPH_BIN) return t.skip('needs SCSGRAPH_BIN to generate a corpus');
    const dir = mkdtempSync(path.join(tmpdir(), 'scsgraph-gen-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.env.SCSGRAPH_BIN, ['gen', '--works', '500', '--out', dir]);
    const server = await startServer({ args: ['--data', dir] });
    t.after(() => server.stop());
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = watch(page, [new URL(server.url).origin]);
    await open(page, `${server.url}/`);
    const { all } = await gql(server.url, '{ all: conceptGraph { nodes { id } } }');
    assert.ok(all.nodes.length > 300, `the generated concept map has only ${all.nodes.length} nodes`);
    const note = await page.locator('[data-testid=note]').textContent();
    const m = /at least (\d+) publications/.exec(note);
    assert.ok(m, `no note about thinning: ${note}`);
    const { g } = await gql(server.url, `{ g: conceptGraph(minWeight: ${m[1]}) { nodes { id } } }`);
    assert.ok(g.nodes.length <= 300);
    assert.equal(await page.evaluate(() => window.explorer.cy.nodes().length), g.nodes.length);
    const px = await labelPx(page);
    assert.ok(px.length > 0 && Math.min(...px) >= MIN_LABEL_PX, `labels as small as ${Math.min(...px)} px`);
    await page.screenshot({ path: screenshotPath('concept-map-generated.png') });
    assert.deepEqual(problems, []);
  });
});

describe('graphiql', () => {
  test('GraphiQL runs a query from local assets only', async (t) => {
    const server = await startServer();
    t.after(() => server.stop());
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = watch(page, [new URL(server.url).origin]);
    const res = await page.goto(`${server.url}/graphiql`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'], /script-src 'self'/);
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: FOCUS }).waitFor({ timeout: 10000 });
    await page.screenshot({ path: screenshotPath('graphiql.png') });
    assert.deepEqual(problems, []);
  });
});
