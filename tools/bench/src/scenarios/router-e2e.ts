// 6b. End to end on the local stack, over one real socket: send an async request, time the ack
// (client-observed: socket → gateway emulator → router Lambda → DynamoDB → management API → socket)
// and the result after the ack (DynamoDB stream → poller → processor Lambda → result stored → posted).
import WebSocket from 'ws';
import { LatencyHistogram } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type BenchContext, sized } from '../core/scenario';
import type { StackSession } from '../stack/stack-session';
import { cleanStack } from '../stack/shared-stacks';

const SIZES = { smoke: { requests: 1 }, quick: { requests: 3 }, full: { requests: 25 } };
const TENANT = 'bench-e2e';

interface Timing {
  ackMs: number;
  resultMs: number;
}

export async function measureEndToEnd(ctx: BenchContext): Promise<{ figures: Figure[]; params: Record<string, number> }> {
  const { requests } = sized(ctx, SIZES);
  const session = await cleanStack(ctx);
  const socket = await openSocket(session);
  const ack = new LatencyHistogram();
  const result = new LatencyHistogram();
  try {
    await request(socket, 'e2e-warm');
    for (let i = 0; i < requests; i++) {
      const t = await request(socket, `e2e-${i}`);
      ack.record(t.ackMs);
      result.record(t.resultMs);
    }
  } finally {
    socket.terminate();
  }
  const a = ack.summary();
  const r = result.summary();
  const ackP50 = figure('router.e2e.ack.p50', 'ack over the local stack, client-observed p50', a.p50Ms, 'ms');
  return {
    params: { e2eRequests: requests },
    figures: [
      ackP50,
      figure('router.e2e.ack.p99', 'ack over the local stack, client-observed p99', a.p99Ms, 'ms'),
      figure('router.e2e.result.p50', 'ack → result through the processor p50', r.p50Ms, 'ms', ackP50),
      figure('router.e2e.result.p99', 'ack → result through the processor p99', r.p99Ms, 'ms'),
    ],
  };
}

async function openSocket(session: StackSession): Promise<WebSocket> {
  const [token] = await session.tokens(['e2e-user'], TENANT);
  const ws = new WebSocket(`${session.info.wsUrl}?Authorization=${encodeURIComponent(token as string)}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Sends one generate_report over the sync limit; resolves with the ack and result timings. */
function request(ws: WebSocket, id: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let ackAt: number | undefined;
    const timer = setTimeout(() => finish(new Error(`no result for ${id} within 30 s`)), 30_000);
    const onMessage = (data: Buffer): void => {
      const frame = JSON.parse(data.toString('utf8')) as { id?: string; type?: string; error?: { code?: string } };
      if (frame.id !== id) return;
      if (frame.type === 'ack') ackAt = performance.now();
      else if (frame.type === 'result' && ackAt !== undefined) finish(undefined, { ackMs: ackAt - started, resultMs: performance.now() - ackAt });
      else if (frame.type === 'error') finish(new Error(`${id} failed: ${frame.error?.code ?? 'unknown error'}`));
    };
    const finish = (error?: Error, timing?: Timing): void => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      if (error) reject(error);
      else resolve(timing as Timing);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, action: 'generate_report', payload: { recordCount: 5000 } }));
  });
}
