// Cross-origin use of /graphql from a browser: pages served by two small node
// servers on other localhost ports, one of them on the server's CORS
// allowlist (--cors-origin). Needs SCSGRAPH_BIN, since the test must start
// scsgraph with that origin.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, screenshotPath, startServer, staticDir, watch } from './helpers.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

// A page whose script POSTs a query to the scsgraph server given in ?api=.
const PROBE = `<!doctype html><meta charset=utf-8><title>probe</title><script>
const api = new URLSearchParams(location.search).get('api');
window.result = fetch(api + '/graphql', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ query: '{ node(id: "concept/blacklist") { id label } }' }),
}).then((r) => r.json()).then((body) => ({ ok: true, body }), (err) => ({ ok: false, error: String(err) }));
</script>`;

// origin serves the probe page at "/" and the explorer's files under
// "/explorer/", on a free localhost port.
async function origin() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(PROBE);
    }
    if (url.pathname.startsWith('/explorer/')) {
      const rel = url.pathname.slice('/explorer/'.length).replace(/^static\//, '') || 'index.html';
      const file = path.join(staticDir, path.normalize(rel));
      if (file.startsWith(staticDir)) {
        try {
          const body = await readFile(file);
          res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
          return res.end(body);
        } catch { /* 404 below */ }
      }
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('cors', { skip: !process.env.SCSGRAPH_BIN && 'needs SCSGRAPH_BIN to start a server with --cors-origin' }, () => {
  let allowed;
  let denied;
  let api;
  let browser;

  before(async () => {
    allowed = await origin();
    denied = await origin();
    api = await startServer({ corsOrigins: [allowed.url] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await api?.stop();
    await allowed?.close();
    await denied?.close();
  });

  async function probe(from) {
    const page = await browser.newPage();
    await page.goto(`${from.url}/?api=${encodeURIComponent(api.url)}`);
    const result = await page.evaluate(() => window.result);
    await page.close();
    return result;
  }

  test('an allowed origin can query /graphql', async () => {
    const r = await probe(allowed);
    assert.ok(r.ok, r.error);
    assert.equal(r.body.data.node.id, 'concept/blacklist');
  });

  test('another origin is blocked by the browser', async () => {
    const r = await probe(denied);
    assert.equal(r.ok, false);
    assert.match(r.error, /TypeError|Failed to fetch/);
  });

  test('the explorer works from an allowed origin with ?endpoint=', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const problems = watch(page, [allowed.url, api.url]);
    await page.goto(`${allowed.url}/explorer/?endpoint=${encodeURIComponent(`${api.url}/graphql`)}&focus=concept/blacklist`);
    await page.evaluate(() => window.explorer.ready);
    assert.equal(await page.locator('[data-testid=status]').getAttribute('data-state'), 'idle');
    assert.ok(await page.evaluate(() => window.explorer.shown().nodes().length) > 1);
    await page.screenshot({ path: screenshotPath('explorer-cross-origin.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the explorer reports the error from an origin not allowed', async () => {
    const page = await browser.newPage();
    await page.goto(`${denied.url}/explorer/?endpoint=${encodeURIComponent(`${api.url}/graphql`)}&focus=concept/blacklist`);
    await page.evaluate(() => window.explorer.ready);
    assert.equal(await page.locator('[data-testid=status]').getAttribute('data-state'), 'error');
    assert.equal(await page.evaluate(() => window.explorer.cy.nodes().length), 0);
    await page.close();
  });
});
