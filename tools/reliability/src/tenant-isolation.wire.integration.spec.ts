// Scenario 5 (over the wire) — the tenant-isolation model of tenant-isolation.model.spec.ts, run on
// the local stack: real sockets with real tokens for users of three tenants (the same user names in
// each), the real router, stream, processor, SQS retries and DynamoDB tables, and broadcasts through
// the connection manager. Fewer and shorter runs than in memory; the same invariants.
import fc from 'fast-check';
import type { LocalStack } from '@streamer/local-stack';
import { command, connectCommand, IsolationRun, newTally } from './test-support/isolation-model';
import { recordOutcome } from './test-support/outcomes';
import { Publisher } from './soak/publisher';
import { startStack } from './test-support/stack';
import { Tables } from './test-support/tables';
import { WireSystem } from './test-support/wire-system';

const tally = newTally();
let stack: LocalStack;
let tables: Tables;
let publisher: Publisher;

beforeAll(async () => {
  stack = await startStack({ env: { REPORT_STEP: '20ms', RETRY_DELAY: '1s' } });
  tables = new Tables(stack);
  publisher = new Publisher(stack);
});

afterAll(async () => {
  await publisher?.close();
  tables?.close();
  await stack?.stop();
  recordOutcome('tenant-isolation-wire', { ...tally });
});

describe('tenant isolation (model, over the wire)', () => {
  it('never lets a message, status or result cross a tenant or user boundary', async () => {
    await fc.assert(
      // A few sockets first, so that most commands have someone to act for.
      fc.asyncProperty(fc.tuple(fc.array(connectCommand, { minLength: 4, maxLength: 8 }), fc.array(command, { minLength: 30, maxLength: 50 })), async ([connects, rest]) => {
        const commands = [...connects, ...rest];
        tally.runs += 1;
        const system = new WireSystem(stack, tables, publisher, `run${tally.runs}`);
        try {
          const run = new IsolationRun(system, tally);
          for (const cmd of commands) await run.step(cmd);
          await run.verify();
        } finally {
          await system.close();
        }
      }),
      { numRuns: Number(process.env['RELIABILITY_WIRE_RUNS'] ?? 6), endOnFailure: true },
    );
  });
});
