import { startServer, launchBrowser, watch, open } from './helpers.mjs';
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems = watch(page, [new URL(server.url).origin]);
  await open(page, `${server.url}/?focus=person%2Fchuncheng-liu&depth=2`);
  await page.screenshot({ path: `/tmp/i14w/depth2.png` });
  await open(page, `${server.url}/?focus=pub%2F2023-black-or-fifty-shades-of-grey`);
  await page.screenshot({ path: `/tmp/i14w/pub.png` });
  await open(page, `${server.url}/?view=coauthors`);
  await page.screenshot({ path: `/tmp/i14w/coauthors.png` });
  console.log(problems);
} finally {
  await browser.close();
  await server.stop();
}
