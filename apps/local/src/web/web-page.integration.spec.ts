// The web page in a real headless Chromium against a whole local stack: what a person sees — their
// connection in the live list, a report's ack, progress to 100 % and result, cancel, typed errors.
import type { StreamerClient } from '@streamer/client';
import type { LocalStack } from '@streamer/local-stack';
import { connectClient, TableReader, waitFor } from '@streamer/local-stack/testing';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { launchChromium } from '../test-support/chromium';
import { startWebStack } from '../test-support/web-stack';

const SCREENSHOT = path.join(__dirname, '../../test-output/web.png');
const SCREENSHOT_NARROW = path.join(__dirname, '../../test-output/web-390.png');

/**
 * Runs in the page: the boxes of the connections tables. A cell's text must stay inside its cell,
 * cells of a row must not overlap, and each table must stay inside its card and the viewport.
 */
function measureLayout(): { cells: number; problems: string[]; scrollWidth: number } {
  const problems: string[] = [];
  const slack = 0.5;
  const inside = (inner: DOMRect, outer: DOMRect): boolean =>
    inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
  const overlap = (a: DOMRect, b: DOMRect): boolean => a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;
  const name = (cell: Element): string => `${cell.closest('section')?.getAttribute('data-tenant') ?? '?'} "${(cell.textContent ?? '').trim()}"`;
  let cells = 0;
  for (const table of Array.from(document.querySelectorAll('#tenants table'))) {
    const card = table.closest('.card')?.getBoundingClientRect();
    const tableBox = table.getBoundingClientRect();
    if (!card || !inside(tableBox, card)) problems.push(`table of ${name(table)} leaves its card`);
    if (tableBox.right > window.innerWidth + slack) problems.push(`table of ${name(table)} leaves the viewport`);
    for (const row of Array.from(table.querySelectorAll('tr'))) {
      const boxes = Array.from(row.children).map((cell) => ({ cell, box: cell.getBoundingClientRect() }));
      for (const { cell, box } of boxes) {
        cells++;
        const range = document.createRange();
        range.selectNodeContents(cell);
        for (const rect of Array.from(range.getClientRects())) {
          if (rect.width > 0 && !inside(rect, box)) problems.push(`the text of ${name(cell)} spills out of its cell`);
        }
      }
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          if (overlap(a.box, b.box)) problems.push(`${name(a.cell)} overlaps ${name(b.cell)}`);
        }),
      );
    }
  }
  const [first, second] = Array.from(document.querySelectorAll('.card')).map((card) => card.getBoundingClientRect());
  if (first && second && overlap(first, second)) problems.push('the two cards overlap');
  return { cells, problems: [...new Set(problems)], scrollWidth: document.documentElement.scrollWidth };
}

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let page: Page;
let other: StreamerClient | undefined;
const problems: string[] = [];
/** The URL of every WebSocket the page opened. */
const socketUrls: string[] = [];

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([startWebStack(), launchChromium()]);
  if (started.status === 'fulfilled') stack = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  other = await connectClient(running(), 'node-user', 'other-tenant');
  page = await (browser as Browser).newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('websocket', (socket) => socketUrls.push(socket.url()));
  await page.goto(`${running().httpUrl}/?sub=web-user&tenant=web-tenant`);
}, 90_000);

afterAll(async () => {
  await other?.close();
  await browser?.close();
  await stack?.stop();
});

function running(): LocalStack {
  if (!stack) throw new Error('The stack did not start');
  return stack;
}

async function text(testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

async function run(action: string, payload: string): Promise<void> {
  await page.getByLabel('Action', { exact: true }).fill(action);
  await page.getByLabel('Payload (JSON object)').fill(payload);
  await page.getByRole('button', { name: 'Run' }).click();
}

describe('web page', () => {
  it('connects and lists its own connection under its tenant, next to other tenants', async () => {
    await page.getByTestId('socket-status').filter({ hasText: 'Connected as web-user in web-tenant' }).waitFor();
    const own = page.getByTestId('tenant-web-tenant').locator('tr', { hasText: 'web-user' });
    await own.waitFor();
    expect(await own.textContent()).toContain('this page');
    expect(await own.getAttribute('data-connection-id')).toMatch(/^\S+$/);
    await page.getByTestId('tenant-other-tenant').locator('tr', { hasText: 'node-user' }).waitFor();
    expect(await text('connections-status')).toMatch(/^2 connections in 2 tenants · updated/);
    // A browser's StreamerClient offers the token as a subprotocol: the socket's URL carries none.
    expect(socketUrls.length).toBeGreaterThan(0);
    expect(socketUrls.filter((url) => url.includes('Authorization'))).toEqual([]);
  });

  it('at 390 px wide (a phone) nothing in the connections table overlaps, and nothing leaves the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByTestId('tenant-other-tenant').locator('tr', { hasText: 'node-user' }).waitFor();
      const layout = await page.evaluate(measureLayout);
      mkdirSync(path.dirname(SCREENSHOT_NARROW), { recursive: true });
      await page.screenshot({ path: SCREENSHOT_NARROW, fullPage: true });
      expect(layout.cells).toBeGreaterThanOrEqual(12);
      expect(layout.problems).toEqual([]);
      expect(layout.scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
    }
  });

  it('runs generate_report: shows the ack, progress up to 100 % and the result', async () => {
    expect(await page.getByLabel('Action', { exact: true }).inputValue()).toBe('generate_report');
    expect(JSON.parse(await page.getByLabel('Payload (JSON object)').inputValue())).toEqual({ recordCount: 5000 });
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('result').waitFor({ state: 'visible', timeout: 30_000 });

    expect(await text('ack')).toMatch(/^Acknowledged: request \S+ is queued$/);
    expect(await text('progress-text')).toBe('100 % · Done');
    expect(await page.getByTestId('progress-bar').getAttribute('aria-valuenow')).toBe('100');
    const steps = (await page.getByTestId('log').locator('li').allTextContents()).flatMap((line) => /progress (\d+) %/.exec(line)?.[1] ?? []).map(Number);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(100);
    const result = JSON.parse(await text('result')) as { url: string; recordCount: number };
    expect(result.recordCount).toBe(5000);
    expect(result.url).toMatch(/^https:\/\/reports\.example\.com\/web-tenant\/\S+\.pdf$/);
    expect(await page.getByTestId('error').isHidden()).toBe(true);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('Cancel aborts a running request: CANCELLED on the page and on the server', async () => {
    await run('generate_report', '{"recordCount": 4000}');
    await page.getByTestId('log').locator('li', { hasText: 'progress' }).first().waitFor();
    const requestId = /request (\S+) is queued/.exec(await text('ack'))?.[1] as string;
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('error').waitFor({ state: 'visible' });
    expect(await text('error-code')).toBe('CANCELLED');
    expect(await text('error-retryable')).toBe('no');
    expect(await page.getByTestId('result').isHidden()).toBe(true);
    const reader = new TableReader(running());
    try {
      await waitFor(async () => ((await reader.requestStatus(requestId)) === 'cancelled' ? true : undefined), 'the request to be cancelled');
    } finally {
      reader.close();
    }
    expect(await page.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true);
  });

  it("shows the server's typed error, and refuses a payload that is not a JSON object before sending", async () => {
    await run('generate_report', '{"recordCount": 0}');
    await page.getByTestId('error').waitFor({ state: 'visible' });
    expect(await text('error-code')).toBe('INVALID_REQUEST');
    expect(await text('error-retryable')).toBe('no');
    expect(await text('error-message')).not.toBe('');
    expect(await text('ack')).toBe('Not accepted: INVALID_REQUEST (no ack)');
    expect(await text('progress-text')).toBe('0 % · INVALID_REQUEST');

    const logBefore = await text('log');
    await run('echo', '[1, 2]');
    await page.getByTestId('form-error').waitFor({ state: 'visible' });
    expect(await text('form-error')).toContain('must be a JSON object');
    expect(await text('log')).toBe(logBefore);
  });

  it('shows 100 % once the result is in, even when the last progress was lower', async () => {
    await run('flaky', '{"failures": 0}');
    await page.getByTestId('result').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.getByTestId('log').locator('li', { hasText: 'progress 50 % Attempt 1' }).count()).toBe(1);
    expect(await text('progress-text')).toBe('100 % · Done');
    expect(await page.getByTestId('progress-bar').getAttribute('aria-valuenow')).toBe('100');
    expect(await text('ack')).toMatch(/^Acknowledged: request \S+ is queued$/);
  });

  it('answers a synchronous action with its result at once', async () => {
    await run('echo', '{"hello": "page"}');
    await page.getByTestId('ack').filter({ hasText: 'Answered at once' }).waitFor();
    expect(JSON.parse(await text('result'))).toEqual({ hello: 'page' });
    expect(await text('progress-text')).toBe('100 % · Done');
  });

  it('Topics: shows published events with their seq, and replays what was missed while the socket was down, once each', async () => {
    const seqs = async (): Promise<string[]> => page.getByTestId('topic-events').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-seq') ?? ''));
    const publish = async (n: number, seq: number): Promise<void> => {
      await page.getByLabel('Data to publish (JSON)').fill(JSON.stringify({ n }));
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByTestId('topic-status').filter({ hasText: `Published seq ${seq} to web-news` }).waitFor();
    };
    await page.getByLabel('Topic', { exact: true }).fill('web-news');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    for (const n of [1, 2, 3]) await publish(n, n);
    await page.getByTestId('topic-events').locator('li[data-seq="3"]').waitFor();
    expect(await seqs()).toEqual(['1', '2', '3']);
    expect(await page.getByTestId('topic-events').locator('li').first().textContent()).toBe('#1{"n":1}');

    await page.getByRole('button', { name: 'Drop socket' }).click();
    await page.getByTestId('topic-status').filter({ hasText: 'Dropped 1 socket' }).waitFor();
    await page.locator('[data-testid="socket-status"][data-state="reconnecting"]').waitFor();
    await publish(4, 4);
    await publish(5, 5);
    expect(await seqs()).toEqual(['1', '2', '3']);
    await page.getByRole('button', { name: 'Reconnect socket' }).click();
    await page.locator('[data-testid="socket-status"][data-state="open"]').waitFor();
    await page.getByTestId('topic-events').locator('li[data-seq="5"]').waitFor();
    expect(await seqs()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('drops a connection from the list once it has closed', async () => {
    await other?.close();
    await page.getByTestId('tenant-other-tenant').waitFor({ state: 'detached' });
    expect(await text('connections-status')).toMatch(/^1 connection in 1 tenant · /);
  });

  it('ran without script errors or blocked requests', () => {
    expect(problems).toEqual([]);
  });
});

describe('GET /dev/token', () => {
  function get(pathAndQuery: string, host?: string): Promise<{ status: number; body: { token?: string; message?: string } }> {
    return new Promise((resolve, reject) => {
      const req = request(`${running().httpUrl}${pathAndQuery}`, { headers: host ? { host } : {}, timeout: 10_000 }, (res) => {
        let data = '';
        res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) as { token?: string; message?: string } }));
      });
      req.on('timeout', () => req.destroy(new Error('GET timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  it('mints a token the stack accepts', async () => {
    const { status, body } = await get('/dev/token?sub=u.1_x-y&tenant=t-1');
    expect(status).toBe(200);
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${running().wsUrl}?Authorization=${body.token as string}`);
      ws.once('open', () => {
        ws.close();
        resolve();
      });
      ws.once('error', reject);
    });
  });

  it.each([
    ['no sub', '/dev/token?tenant=t1', 'sub is required'],
    ['an empty tenant', '/dev/token?sub=u1&tenant=', 'tenant is required'],
    ['a space', '/dev/token?sub=a%20b&tenant=t1', 'sub must be'],
    ['65 characters', `/dev/token?sub=u1&tenant=${'t'.repeat(65)}`, 'tenant must be'],
  ])('refuses %s with 400', async (_case, url, message) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.message).toContain(message);
    expect(body.token).toBeUndefined();
  });

  it('answers only pages addressed as 127.0.0.1 or localhost', async () => {
    expect((await get('/dev/token?sub=u1&tenant=t1', `localhost:${running().port}`)).status).toBe(200);
    const rebound = await get('/dev/token?sub=u1&tenant=t1', `attacker.example:${running().port}`);
    expect(rebound.status).toBe(403);
    expect(rebound.body.token).toBeUndefined();
  });
});
