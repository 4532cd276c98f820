// A process holding many real `ws` client sockets to the local stack, so that neither their file
// descriptors nor their frame parsing land in the process that broadcasts. Counts received bench frames
// per round and answers when a round is complete.
import { mapLimit } from '@streamer/kernel';
import WebSocket from 'ws';
import { serveRpc } from '../core/rpc';
import { roundOf } from './frames';

export interface OpenReport {
  opened: number;
  failed: number;
  ms: number;
  errors: string[];
  rssBefore: number;
  rssAfter: number;
}

export interface RoundReport {
  received: number;
  complete: boolean;
}

const sockets = new Set<WebSocket>();
const received = new Map<number, number>();
const waiters = new Map<number, { count: number; done: (r: RoundReport) => void }>();

function openOne(url: string, errors: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 30_000 });
    ws.once('open', () => {
      sockets.add(ws);
      resolve(true);
    });
    ws.once('error', (error) => {
      if (errors.length < 5) errors.push(error.message);
      resolve(false);
    });
    ws.once('close', () => sockets.delete(ws));
    ws.on('message', (data: Buffer) => count(data.toString('utf8')));
  });
}

function count(text: string): void {
  const round = roundOf(text);
  if (round === undefined) return;
  const n = (received.get(round) ?? 0) + 1;
  received.set(round, n);
  const waiter = waiters.get(round);
  if (waiter && n >= waiter.count) {
    waiters.delete(round);
    waiter.done({ received: n, complete: true });
  }
}

async function open(args: { urls: string[]; concurrency: number }): Promise<OpenReport> {
  const errors: string[] = [];
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const outcomes = await mapLimit(args.urls, args.concurrency, (url) => openOne(url, errors));
  const opened = outcomes.filter(Boolean).length;
  const ms = performance.now() - started;
  return { opened, failed: args.urls.length - opened, ms, errors, rssBefore, rssAfter: process.memoryUsage().rss };
}

function expect(args: { round: number; count: number; timeoutMs: number }): Promise<RoundReport> {
  const now = received.get(args.round) ?? 0;
  if (now >= args.count) return Promise.resolve({ received: now, complete: true });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiters.delete(args.round);
      resolve({ received: received.get(args.round) ?? 0, complete: false });
    }, args.timeoutMs);
    waiters.set(args.round, { count: args.count, done: (r) => (clearTimeout(timer), resolve(r)) });
  });
}

async function closeAll(): Promise<number> {
  const closing = [...sockets].map((ws) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => (ws.terminate(), resolve()), 5_000);
    ws.once('close', () => (clearTimeout(timer), resolve()));
    ws.close(1000, 'bench done');
  }));
  await Promise.all(closing);
  return closing.length;
}

serveRpc({
  open,
  expect,
  received: (args: { round: number }) => Promise.resolve(received.get(args.round) ?? 0),
  openCount: () => Promise.resolve(sockets.size),
  closeAll,
});
