// The real bundles under the strict freeze check: a reply that meets a gone socket (an injected 410)
// queues the connection manager's cleanup, and the router must settle it before it returns — otherwise
// its invocation fails and stop() rejects, as a frozen Lambda environment would lose that cleanup.
import { openSocket } from '../test-support/sockets';
import { testStackOptions } from '../test-support/stack-helpers';
import type { LogFields } from '../util/support';
import { type LocalStack, startLocalStack } from './start-local-stack';

describe('local stack freeze check on the real bundles', () => {
  let stack: LocalStack | undefined;
  const warnings: { message: string; fields?: LogFields }[] = [];

  beforeAll(async () => {
    const logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message: string, fields?: LogFields) => warnings.push({ message, fields }) };
    stack = await startLocalStack(testStackOptions('freeze', { faults: '410:1', freezeCheck: 'strict', logger, env: { POWERTOOLS_LOG_LEVEL: 'ERROR' } }));
  });
  afterAll(() => stack?.stop().catch(() => undefined));

  it('the router settles the cleanup of a socket the gateway reports gone (410) before it returns', async () => {
    const running = stack as LocalStack;
    const socket = await openSocket(`${running.wsUrl}?Authorization=${await running.token('gone-user', 'tenant-1')}`);
    socket.ws.send(JSON.stringify({ id: 'e-1', action: 'echo', payload: {} }));
    await socket.closed;
    expect(running.managementStats().injectedFaults).toEqual({ 410: 1 });

    // stop() drains the invocations in flight, then rejects if any returned with work pending.
    await expect(running.stop()).resolves.toBeUndefined();
    expect(running.freezeStats()).toEqual({ invocationsWithPendingWork: 0, pendingByType: {}, examples: [] });
    expect(warnings.filter((w) => /work still pending/.test(w.message))).toEqual([]);
  });
});
