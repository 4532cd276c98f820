// Scenario 5 (lib level) — tenant isolation as a fast-check model test, on the real router, processor
// and connection manager over in-memory stores (test-support/memory-system): thousands of operations
// in seconds. Random users of several tenants (the same user names in every tenant, names holding
// '#') connect, send requests with colliding client ids, subscribe to same-named topics, get tenant
// and topic broadcasts, ask `status` and `cancel` with anyone's request ids, and disconnect. No
// message, status or result may reach a socket of another tenant or user, each broadcast must reach
// exactly the sockets the model expects, and foreign request ids are NOT_FOUND and left untouched.
import fc from 'fast-check';
import { command, IsolationRun, newTally } from './test-support/isolation-model';
import { MemorySystem } from './test-support/memory-system';
import { recordOutcome } from './test-support/outcomes';

const tally = newTally();

describe('tenant isolation (model, in-memory stores)', () => {
  afterAll(() => recordOutcome('tenant-isolation-model', { ...tally }));

  it('never lets a message, status or result cross a tenant or user boundary', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 80, size: 'medium' }), async (commands) => {
        tally.runs += 1;
        const system = new MemorySystem();
        try {
          const run = new IsolationRun(system, tally);
          for (const cmd of commands) await run.step(cmd);
          await run.verify();
        } finally {
          await system.close();
        }
      }),
      { numRuns: Number(process.env['RELIABILITY_MODEL_RUNS'] ?? 300) },
    );
    // Many fast-check sequences: seconds of CPU, more on a busy machine.
  }, 120_000);
});
