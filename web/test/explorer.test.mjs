// Browser tests of the explorer at "/" and GraphiQL at "/graphiql", driven in
// Debian's Chromium against the real server. See helpers.mjs for the
// environment they read.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gql, idle, launchBrowser, screenshotPath, startServer, watch } from './helpers.mjs';

const FOCUS = 'concept/blacklist';
const NEIGHBORHOOD = `query Neighborhood($id: ID!) {
  neighborhood(id: $id, depth: 1, limit: 100) {
    nodes { id kind label }
    edges { source target predicate label evidence { quote } }
    truncated } }`;
const PATH = `query Path($from: ID!, $to: ID!) { path(from: $from, to: $to) { nodes { id label } length } }`;

describe('explorer', () => {
  let server;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    problems = watch(page, [new URL(server.url).origin]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // clickNode clicks a node where it is drawn, as a person would.
  async function clickNode(id) {
    const box = await page.locator('[data-testid=graph]').boundingBox();
    const p = await page.evaluate((id) => window.explorer.cy.$id(id).renderedPosition(), id);
    await page.mouse.click(box.x + p.x, box.y + p.y);
    await idle(page);
  }
  const visibleNodes = () => page.evaluate(() => window.explorer.shown().nodes().length);

  test('opens in under a second with ?focus=', async () => {
    await page.goto(`${server.url}/?focus=${encodeURIComponent(FOCUS)}`);
    await page.evaluate(() => window.explorer.ready);
    const ms = await page.evaluate(() => window.explorer.readyMs);
    assert.ok(ms < 1000, `explorer took ${ms} ms to show ${FOCUS}`);
    assert.equal(await page.locator('[data-testid=node-details]').getAttribute('data-id'), FOCUS);
    assert.ok(await visibleNodes() > 1);
  });

  test('search shows the ego network of the chosen node', async () => {
    await page.goto(`${server.url}/`);
    await page.evaluate(() => window.explorer.ready);
    assert.equal(await visibleNodes(), 0);
    await page.locator('[data-testid=search]').fill('blacklist');
    await page.locator(`[data-testid=search-suggestions] [data-id="${FOCUS}"]`).click();
    await idle(page);

    const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id: FOCUS });
    assert.equal(await visibleNodes(), neighborhood.nodes.length);
    assert.equal(Number(await page.locator('[data-testid=graph]').getAttribute('data-nodes')), neighborhood.nodes.length);
    assert.equal(await page.locator('[data-testid=node-details]').getAttribute('data-id'), FOCUS);
    assert.match(page.url(), /focus=concept%2Fblacklist/);
  });

  test('clicking a node expands it', async () => {
    const before = await page.evaluate(() => window.explorer.cy.nodes().map((n) => n.id()));
    // A neighbour whose own neighbourhood brings nodes not yet shown.
    let target;
    for (const id of before.filter((id) => id !== FOCUS)) {
      const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id });
      if (neighborhood.nodes.some((n) => !before.includes(n.id))) { target = id; break; }
    }
    assert.ok(target, `no neighbour of ${FOCUS} has further neighbours`);
    await clickNode(target);
    assert.equal(await page.locator('[data-testid=node-details]').getAttribute('data-id'), target);
    assert.ok(await visibleNodes() > before.length, `expanding ${target} showed no new node`);
    assert.ok(await page.evaluate((id) => window.explorer.expanded.has(id), target));
  });

  test('clicking an edge shows its evidence', async () => {
    // An edge with a quote, clicked at its midpoint.
    const { neighborhood } = await gql(server.url, NEIGHBORHOOD, { id: FOCUS });
    const quoted = neighborhood.edges.filter((e) => e.evidence.some((ev) => ev.quote));
    assert.ok(quoted.length, `no edge of ${FOCUS} has an evidence quote`);
    const box = await page.locator('[data-testid=graph]').boundingBox();
    let shown;
    for (const e of quoted) {
      const id = `${e.source}|${e.predicate}|${e.target}`;
      const mid = await page.evaluate((id) => window.explorer.cy.$id(id).renderedMidpoint(), id);
      await page.mouse.click(box.x + mid.x, box.y + mid.y);
      if (await page.locator('[data-testid=edge-details]').getAttribute('data-id').catch(() => null) === id) {
        shown = e;
        break;
      }
    }
    assert.ok(shown, 'clicking the edges\' midpoints never selected one');
    const quotes = await page.locator('[data-testid=evidence-quote]').allTextContents();
    assert.deepEqual(quotes.sort(), shown.evidence.map((ev) => ev.quote).filter(Boolean).sort());
    assert.equal(await page.locator('[data-testid=edge-predicate]').textContent(), shown.predicate);
  });

  test('the path tool highlights path(from, to)', async () => {
    // The farthest node on screen from the focus, as the path query sees it.
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
  });

  test('kind and year filters hide nodes', async () => {
    await page.locator('[data-testid=path-clear]').click();
    const count = (sel) => page.evaluate((sel) => window.explorer.cy.nodes(sel).length, sel);
    const pubs = await count('[kind = "PUBLICATION"]');
    const shown = await visibleNodes();
    await page.locator('[data-testid=kind-PUBLICATION]').uncheck();
    assert.equal(await visibleNodes(), shown - pubs);
    await page.locator('[data-testid=kind-PUBLICATION]').check();
    assert.equal(await visibleNodes(), shown);
    const dated = await page.evaluate(() => window.explorer.cy.nodes('[kind = "PUBLICATION"]').filter((n) => n.data('year') != null).length);
    if (dated) {
      await page.locator('[data-testid=year-from]').fill('3000');
      assert.equal(await visibleNodes(), shown - dated);
      await page.locator('[data-testid=year-from]').fill('');
      assert.equal(await visibleNodes(), shown);
    }
  });

  test('an untitled publication says its title is unknown', async (t) => {
    const { publications } = await gql(server.url, `{ publications(first: 100) { edges { node { id titleKnown } } } }`);
    const untitled = publications.edges.map((e) => e.node).find((p) => !p.titleKnown);
    if (!untitled) return t.skip('the corpus has no untitled publication');
    await page.goto(`${server.url}/?focus=${encodeURIComponent(untitled.id)}`);
    await page.evaluate(() => window.explorer.ready);
    await idle(page);
    assert.equal(await page.locator('[data-testid=title-unknown]').textContent(), 'Title unknown');
  });

  test('no console errors and no request leaves the server', () => {
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
