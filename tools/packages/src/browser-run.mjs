// Runs the browser consumer's bundle in headless Chromium and prints what `run(url, token)` returned
// as one JSON line. Usage: node browser-run.mjs <bundle.js> <url> <token>. A plain ES module, so it can
// import @sparticuz/chromium (which reads import.meta) from the workspace's node_modules; playwright-core
// drives the binary that package ships, so no download or apt step is needed.
import { readFileSync } from 'node:fs';
import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';

const [bundlePath, url, token] = process.argv.slice(2);
const browser = await playwright.launch({
  executablePath: await chromium.executablePath(),
  args: [...chromium.args, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  headless: true,
  timeout: 30_000,
});
try {
  const page = await browser.newPage();
  await page.addScriptTag({ content: readFileSync(bundlePath, 'utf8') });
  const outcome = await page.evaluate(([u, t]) => globalThis.StreamerConsumer.run(u, t), [url, token]);
  console.log(JSON.stringify(outcome));
} finally {
  await browser.close();
}
