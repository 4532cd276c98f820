// Scenario 2 — malformed frames over the wire. fast-check generates at least 1 000 frames no client
// should send (invalid JSON, wrong types, bad payloads, unknown actions, huge ids, deep nesting,
// non-UTF-8 bytes, binary frames, 128 KiB ± 1) and sends them one by one on real sockets. Each gets a
// typed INVALID_REQUEST `error` (with its id when the id is readable, else null) or, past 128 KiB, the
// 1009 close, or for a binary frame the 1003 close (text over 32 KiB is sent in 32 KiB fragments); meanwhile a control client on another socket keeps getting its echo replies, and a
// queued report it started completes. Nothing is stored for any of the frames.
import fc from 'fast-check';
import type { LocalStack } from '@streamer/local-stack';
import type { ServerMessage } from '@streamer/protocol';
import { type Category, type MalformedFrame, malformedFrame } from './test-support/malformed-frames';
import { recordOutcome } from './test-support/outcomes';
import { startStack } from './test-support/stack';
import { Tables } from './test-support/tables';
import { waitFor } from '@streamer/kernel/testing';
import { type Closed, WireClient } from './test-support/wire-client';

const FRAMES = Number(process.env['RELIABILITY_FRAMES'] ?? 1_200);
const FUZZ_USER = 'fuzzer';

let stack: LocalStack;
let tables: Tables;
const sockets: WireClient[] = [];
const tally = {
  framesSent: 0,
  byCategory: {} as Partial<Record<Category, number>>,
  typedErrors: 0,
  closes1009: 0,
  closes1003: 0,
  socketsOpened: 0,
  controlEchoes: 0,
  controlFailures: [] as string[],
  textNonUtf8Closes: {} as Record<number, number>,
};

beforeAll(async () => {
  // The per-connection rate limit would answer some frames RATE_LIMITED: lift it, so every frame
  // reaches the check that should refuse it.
  stack = await startStack({ env: { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '1000000', REPORT_STEP: '300ms' } });
  tables = new Tables(stack);
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  tables?.close();
  await stack?.stop();
  recordOutcome('malformed-frames', tally);
});

async function open(user: string): Promise<WireClient> {
  const socket = await WireClient.open(stack.wsUrl, await stack.token(user, 'tenant-fuzz'));
  sockets.push(socket);
  tally.socketsOpened += 1;
  return socket;
}

type Outcome = { kind: 'frame'; message: ServerMessage | undefined; text: string } | { kind: 'closed'; closed: Closed };

/** The first thing that happens on the socket after index `from`: a frame, or the close. */
function outcomeAfter(socket: WireClient, from: number): Promise<Outcome> {
  return socket
    .until<Outcome>(() => {
      const first = socket.received[from];
      if (first) return { kind: 'frame', message: first.message, text: first.text };
      const closed = socket.closeEvent;
      return closed ? { kind: 'closed', closed } : undefined;
    }, 20_000)
    .then((outcome) => {
      if (outcome === undefined) throw new Error('Timed out after 20000 ms waiting for a reply or a close');
      return outcome;
    });
}

function checkReply(frame: MalformedFrame, outcome: Outcome): void {
  if (frame.expect.kind === 'close-1009') {
    expect(outcome).toEqual({ kind: 'closed', closed: { code: 1009, reason: expect.any(String) } });
    tally.closes1009 += 1;
    return;
  }
  if (frame.expect.kind === 'close-1003') {
    expect(outcome).toEqual({ kind: 'closed', closed: { code: 1003, reason: expect.any(String) } });
    tally.closes1003 += 1;
    return;
  }
  expect(outcome.kind).toBe('frame');
  const message = outcome.kind === 'frame' ? outcome.message : undefined;
  expect(message).toEqual({
    id: frame.expect.id,
    type: 'error',
    success: false,
    error: { code: 'INVALID_REQUEST', message: expect.any(String), retryable: false },
  });
  const text = outcome.kind === 'frame' ? outcome.text : '';
  expect(text).not.toMatch(/streamer-local-|\n\s+at |node_modules|dynamodb/i);
  tally.typedErrors += 1;
}

/** Echo requests, one after another, on their own socket until `done` says stop. */
async function controlTraffic(control: WireClient, done: () => boolean): Promise<void> {
  for (let n = 0; !done() && n < 1_000_000; n += 1) {
    const payload = { n, text: `control-${n}` };
    const reply = await control.call({ id: `ctl-${n}`, action: 'echo', payload }, 10_000).catch((error: Error) => error);
    if (reply instanceof Error || reply.type !== 'result' || JSON.stringify(reply.data) !== JSON.stringify(payload)) {
      tally.controlFailures.push(reply instanceof Error ? reply.message : JSON.stringify(reply));
    } else tally.controlEchoes += 1;
  }
}

describe('malformed frames over real sockets', () => {
  it(`answers ${FRAMES} generated frames with a typed error or the 1009 close while a control client is served`, async () => {
    const control = await open('control');
    const report = await control.call({ id: 'ctl-report', action: 'generate_report', payload: { recordCount: 2_000 } });
    expect(report).toMatchObject({ type: 'ack', status: 'queued' });
    let fuzzing = true;
    const traffic = controlTraffic(control, () => !fuzzing);

    let socket = await open(FUZZ_USER);
    try {
      await fc.assert(
        fc.asyncProperty(malformedFrame, async (frame) => {
          if (!socket.isOpen) socket = await open(FUZZ_USER);
          const from = socket.received.length;
          socket.send(frame.data, { binary: frame.binary });
          tally.framesSent += 1;
          tally.byCategory[frame.category] = (tally.byCategory[frame.category] ?? 0) + 1;
          checkReply(frame, await outcomeAfter(socket, from));
          expect(socket.received.length - from).toBeLessThanOrEqual(1);
        }),
        { numRuns: FRAMES },
      );
    } finally {
      fuzzing = false;
      await traffic;
    }

    expect(tally.controlFailures).toEqual([]);
    expect(tally.controlEchoes).toBeGreaterThan(0);
    const result = await control.next((m) => m.type === 'result' && m.id === 'ctl-report', 'the control report', 30_000);
    expect(result).toMatchObject({ success: true, data: { recordCount: 2_000 } });
    expect(control.framesFor('ctl-report').filter((m) => m.type === 'result' || m.type === 'error')).toHaveLength(1);
    expect(Object.keys(tally.byCategory).length).toBeGreaterThanOrEqual(9);
  });

  it('stored nothing for any malformed frame, and still serves new sockets', async () => {
    const stored = await tables.requests();
    expect(stored.filter((r) => r.userId === FUZZ_USER)).toEqual([]);
    const fresh = await open('after-fuzz');
    await expect(fresh.call({ id: 'p-1', action: 'ping' })).resolves.toEqual({ id: 'p-1', type: 'pong' });
    await waitFor(() => stack.connectionCount() === sockets.filter((s) => s.isOpen).length, 'the gateway to count only the open sockets', 10_000);
  });

  it('closes a text frame that is not UTF-8 as the WebSocket protocol requires (1007), and the stack serves on', async () => {
    for (const bytes of [[0xff], [0x7b, 0xc0, 0x80, 0x7d], [0xed, 0xa0, 0x80]]) {
      const socket = await open(FUZZ_USER);
      socket.send(Buffer.from(bytes), { binary: false });
      const closed = await socket.closed;
      tally.textNonUtf8Closes[closed.code] = (tally.textNonUtf8Closes[closed.code] ?? 0) + 1;
      expect(closed.code).toBe(1007);
      expect(socket.received).toEqual([]);
    }
    const fresh = await open('after-utf8');
    await expect(fresh.call({ id: 'p-2', action: 'ping' })).resolves.toEqual({ id: 'p-2', type: 'pong' });
  });
});
