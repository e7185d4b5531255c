// Browser tests of the explorer's analyses: the concept map coloured by the
// API's communities and sized by its centralities, the co-occurrence measure,
// and the "myths and findings" view of the claim ledger. Expected values come
// from the GraphQL API. One page is shared by the tests, in order.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clickNode, gql, idle, launchBrowser, open, screenshotPath, startServer, watch } from './helpers.mjs';

// The "one Big Brother system" myth, which its other wordings are variants of.
const MONOLITH = 'claim/unified-orwellian-monolith';
const graphQuery = (measure) => `{ g: conceptGraph(measure: ${measure}) { edges { source target weight }
  communities { id nodes { id } }
  PAGERANK: centrality(measure: PAGERANK, limit: 1000) { node { id } score }
  BETWEENNESS: centrality(measure: BETWEENNESS, limit: 1000) { node { id } score }
  DEGREE: centrality(measure: DEGREE, limit: 1000) { node { id } score } } }`;
const LEDGER = `{ claims(myth: true, first: 50) { nodes { id variants { id }
  contradictedBy(includeVariants: true) { id quote year publication { id } evidence(field: "quote") { url } } } } }`;

describe('explorer analyses', () => {
  let server;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    problems = watch(page, [new URL(server.url).origin]);
    await open(page, `${server.url}/`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // drawn reads each node's drawn colour and width, and the edges' weights.
  const drawn = () => page.evaluate(() => {
    const { cy } = window.explorer;
    return {
      colour: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.style('background-color')])),
      width: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.width()])),
      edges: cy.edges().map((e) => ({ source: e.data('source'), target: e.data('target'), weight: e.data('weight') })),
    };
  });
  const edgeKey = (e) => `${e.source}|${e.target}|${e.weight}`;

  // assertCommunities checks that the nodes of each of the API's communities
  // share a colour, and that there are as many colours as communities.
  function assertCommunities(communities, colour) {
    for (const c of communities) {
      const colours = new Set(c.nodes.map((n) => colour[n.id]));
      assert.equal(colours.size, 1, `community ${c.id} is drawn in ${[...colours].join(', ')}`);
    }
    const all = new Set(communities.flatMap((c) => c.nodes.map((n) => colour[n.id])));
    assert.equal(all.size, communities.length, 'distinct colours ≠ communities');
  }

  test('the concept map is coloured by community and sized by the chosen centrality', async () => {
    const { g } = await gql(server.url, graphQuery('COUNT'));
    assert.ok(g.communities.length > 1, `the seed's concept map has ${g.communities.length} community`);
    let d = await drawn();
    assertCommunities(g.communities, d.colour);
    const legend = await page.locator('[data-testid=communities] li[data-community]').count();
    assert.equal(legend, Math.min(g.communities.length, 12));
    // Organisations have their own colour in the kinds legend.
    const swatches = await page.locator('#kinds li').evaluateAll((l) => l.map((li) => [li.dataset.kind, li.querySelector('.swatch').style.background]));
    const org = swatches.find(([k]) => k === 'ORGANIZATION');
    assert.ok(org, 'no ORGANIZATION entry in the kinds legend');
    assert.equal(swatches.filter(([, c]) => c === org[1]).length, 1, 'ORGANIZATION shares its colour with another kind');

    // Each centrality sizes the nodes in its order; PageRank last, for the screenshot.
    for (const measure of ['BETWEENNESS', 'DEGREE', 'PAGERANK']) {
      await page.locator('[data-testid=size-by]').selectOption(measure);
      await idle(page);
      d = await drawn();
      const score = new Map(g[measure].map((s) => [s.node.id, s.score]));
      const ranked = [...score.keys()].sort((a, b) => score.get(b) - score.get(a));
      const top = ranked[0];
      assert.equal(d.width[top], Math.max(...Object.values(d.width)), `${top}, first by ${measure}, is not drawn largest`);
      for (let i = 1; i < ranked.length; i++) {
        const [a, b] = [ranked[i - 1], ranked[i]];
        assert.ok(d.width[a] >= d.width[b], `${a} (${measure} ${score.get(a)}) is drawn smaller than ${b} (${score.get(b)})`);
      }
      assert.ok(d.width[top] > d.width[ranked.at(-1)], `every node is drawn the same size by ${measure}`);
    }
    await page.screenshot({ path: screenshotPath('concept-map-communities.png') });
  });

  test('changing the measure reloads the map with the API\'s edges for that measure', async () => {
    const { g } = await gql(server.url, graphQuery('ASSOCIATION_STRENGTH'));
    const before = (await drawn()).edges.map(edgeKey).sort();
    await page.locator('[data-testid=measure]').selectOption('ASSOCIATION_STRENGTH');
    await idle(page);
    const d = await drawn();
    const got = d.edges.map(edgeKey).sort();
    assert.deepEqual(got, g.edges.map(edgeKey).sort());
    assert.notDeepEqual(got, before, 'the weights did not change with the measure');
    assertCommunities(g.communities, d.colour);
    await page.locator('[data-testid=measure]').selectOption('COUNT');
    await idle(page);
  });

  test('the myths view lists each myth with the findings that contradict it, across its wordings', async () => {
    const { claims } = await gql(server.url, LEDGER);
    const myth = claims.nodes.find((c) => c.id === MONOLITH);
    assert.ok(myth, `${MONOLITH} is not a myth of the API`);
    const findings = myth.contradictedBy;
    // The findings of the 2019 article and of Metricocracy are among them.
    assert.ok(findings.some((f) => f.year === 2019) && findings.some((f) => f.publication?.id === 'pub/metricocracy'),
      `the API's findings against ${MONOLITH}: ${JSON.stringify(findings.map((f) => f.id))}`);

    await page.locator('[data-testid=start-myths]').click();
    await idle(page);
    assert.equal(await page.locator('[data-testid=view-myths]').getAttribute('aria-pressed'), 'true');
    const entry = page.locator(`[data-testid=myth][data-id="${MONOLITH}"]`);
    const wordings = await entry.locator('[data-testid=wording]').evaluateAll((l) => l.map((li) => li.dataset.id).sort());
    assert.deepEqual(wordings, [MONOLITH, ...myth.variants.map((v) => v.id)].sort());
    const listed = await entry.locator('[data-testid=contradicted-by] > [data-testid=ledger-finding]').evaluateAll((l) => l.map((li) => ({
      id: li.dataset.id,
      quote: li.querySelector('[data-testid=ledger-quote]')?.textContent ?? null,
      publication: li.querySelector('[data-testid=ledger-publication]')?.dataset.id ?? null,
      year: /· (\d{4}|year unknown)/.exec(li.querySelector('.cite').textContent)?.[1],
      href: li.querySelector('a[data-testid=evidence-link]')?.getAttribute('href') ?? null,
    })));
    const want = findings.map((f) => ({ id: f.id, quote: f.quote, publication: f.publication?.id ?? null,
      year: f.year == null ? 'year unknown' : String(f.year), href: f.evidence.find((e) => e.url)?.url ?? null }));
    const byId = (a, b) => a.id.localeCompare(b.id);
    assert.deepEqual(listed.sort(byId), want.sort(byId));
    assert.ok(listed.every((f) => f.href), 'a finding has no evidence link');
    // Every myth of the API is in the ledger, as a group or a wording.
    const shown = new Set(await page.locator('[data-testid=wording]').evaluateAll((l) => l.map((li) => li.dataset.id)));
    assert.deepEqual([...shown].sort(), claims.nodes.map((c) => c.id).sort());

    // Clicking a publication focuses it in the graph, and the ledger stays.
    const pub = findings.find((f) => f.publication).publication.id;
    await entry.locator(`[data-testid=ledger-publication][data-id="${pub}"]`).first().click();
    await idle(page);
    assert.deepEqual(await page.evaluate(() => window.explorer.cy.$(':selected').map((n) => n.id())), [pub]);
    assert.ok(await entry.isVisible());
    await page.screenshot({ path: screenshotPath('myths-and-findings.png') });
    // A node clicked in the graph shows its details, with the way back.
    await page.evaluate(() => { const { cy } = window.explorer; cy.stop(true, true); cy.fit(undefined, 30); });
    await clickNode(page, findings[0].id);
    assert.equal(await page.locator('[data-testid=node-details]').getAttribute('data-id'), findings[0].id);
    await page.locator('[data-testid=back-to-myths]').click();
    assert.ok(await entry.isVisible());
  });

  test('no console errors and no request leaves the server', () => {
    assert.deepEqual(problems, []);
  });
});
