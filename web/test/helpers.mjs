// Shared helpers for the browser tests: start the scsgraph server, launch
// Debian's Chromium through playwright-core, and query /graphql directly.
//
// Environment:
//   SCSGRAPH_BIN   the scsgraph binary; each test starts its own server with
//                  `serve --addr 127.0.0.1:0` (preferred)
//   SCSGRAPH_URL   a running server to use when SCSGRAPH_BIN is not set
//   CHROMIUM       the browser (default /usr/bin/chromium)
//   ARTIFACTS_DIR  where screenshots go (default web/test/artifacts)

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const staticDir = path.resolve(here, '../static');
export const artifactsDir = process.env.ARTIFACTS_DIR || path.join(here, 'artifacts');

// startServer starts `$SCSGRAPH_BIN serve` on a free port, allowing the given
// CORS origins, with more arguments (such as --data DIR) when given, and
// resolves to { url, stop } once it logs that it listens. Without
// SCSGRAPH_BIN it falls back to SCSGRAPH_URL (origins and arguments then
// cannot be set, and must be empty).
export async function startServer({ corsOrigins = [], args: more = [] } = {}) {
  const bin = process.env.SCSGRAPH_BIN;
  if (!bin) {
    const url = process.env.SCSGRAPH_URL;
    if (!url) throw new Error('set SCSGRAPH_BIN (the scsgraph binary) or SCSGRAPH_URL (a running server)');
    if (corsOrigins.length || more.length) throw new Error('this test needs SCSGRAPH_BIN to start a server with its own flags');
    return { url: url.replace(/\/+$/, ''), stop: async () => {} };
  }
  const args = ['serve', '--addr', '127.0.0.1:0', ...corsOrigins.flatMap((o) => ['--cors-origin', o]), ...more];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bin} ${args.join(' ')}: no "listening" line within 20s:\n${log}`)), 20000);
    const onData = (chunk) => {
      log += chunk;
      for (const line of log.split('\n')) {
        const m = /listening.*\baddr=(\S+)/.exec(line) || /listening on (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].startsWith('http') ? m[1].replace(/\/+$/, '') : `http://${m[1].replace(/^"|"$/g, '')}`);
          return;
        }
      }
    };
    proc.stderr.setEncoding('utf8').on('data', onData);
    proc.stdout.setEncoding('utf8').on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${bin} exited with ${code}:\n${log}`)); });
  });
  const stop = () => new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.removeAllListeners('exit');
    proc.on('exit', () => resolve());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
  });
  return { url, stop, log: () => log };
}

// launchBrowser starts headless Chromium with a fresh profile (Playwright's
// launch uses a new temporary user-data-dir) and no background traffic.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

// watch records a page's console errors, uncaught exceptions and requests
// that leave the allowed origins (the pages must not touch a CDN).
export function watch(page, allowedOrigins) {
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol !== 'data:' && u.protocol !== 'blob:' && !allowedOrigins.includes(u.origin)) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });
  return problems;
}

export function screenshotPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

// gql runs a query against the server's /graphql and returns its data.
export async function gql(baseURL, query, variables = {}) {
  const res = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`graphql: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}

// idle waits until the explorer has no request in flight.
export async function idle(page) {
  await page.evaluate(() => window.explorer.idle());
}

// open loads a page of the explorer and waits until it has drawn its first view.
export async function open(page, url) {
  await page.goto(url);
  await page.evaluate(() => window.explorer.ready);
  await idle(page);
}

// clickNode clicks a node where it is drawn, as a person would.
export async function clickNode(page, id) {
  const box = await page.locator('[data-testid=graph]').boundingBox();
  const p = await page.evaluate((id) => window.explorer.cy.$id(id).renderedPosition(), id);
  await page.mouse.click(box.x + p.x, box.y + p.y);
  await idle(page);
}

// clickEdge brings an edge and its ends into view and clicks its midpoint.
export async function clickEdge(page, id) {
  const box = await page.locator('[data-testid=graph]').boundingBox();
  const mid = await page.evaluate((id) => {
    const { cy } = window.explorer;
    const e = cy.$id(id);
    if (e.empty()) throw new Error(`no edge ${id} on screen`);
    cy.fit(e.union(e.connectedNodes()), 120);
    return e.renderedMidpoint();
  }, id);
  await page.mouse.click(box.x + mid.x, box.y + mid.y);
  await idle(page);
}
