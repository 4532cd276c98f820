// Behaviours the design seeds (000 README, 001 delivery notes, 002 integration guide) promise that are
// not already pinned down by the feature specs. The README maps every seed behaviour to its test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionNotFoundError, ConnectionStaleError, GatewayError } from './errors';
import type { ConnectionManager } from './index';
import { createTestConnectionManager } from './testing/test-manager';
import { recordingSleep, setup, type Setup } from './test-support/manager-setup';

describe('seed 000: connection manager README', () => {
  let s: Setup;
  afterEach(async () => {
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  it('runs last-activity updates and gone-connection cleanups asynchronously, without delaying the sender', async () => {
    s = setup();
    await s.connect('alive');
    await s.connect('gone');
    s.gateway.setStatus('gone', 410);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(s.stores.connections, 'touch').mockImplementation(() => gate);
    jest.spyOn(s.stores.connections, 'markDisconnected').mockImplementation(() => gate.then(() => undefined));
    await s.manager.send('alive', {});
    await expect(s.manager.send('gone', {})).rejects.toBeInstanceOf(ConnectionStaleError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.manager.getMetrics().background).toMatchObject({ touchesPending: 1, cleanupsPending: 1 });
    release();
    await expect(s.manager.shutdown()).resolves.toEqual({ drained: true, abandoned: 0 });
  });

  it('runs a cleanup in the sender when the cleanup queue is full, so no gone connection is left behind', async () => {
    s = setup({ cleanup: { concurrency: 1, maxPending: 1 } });
    const ids = ['g1', 'g2', 'g3', 'g4'];
    await Promise.all(ids.map((id) => s.connect(id)));
    ids.forEach((id) => s.gateway.setStatus(id, 410));
    await Promise.allSettled(ids.map((id) => s.manager.send(id, {})));
    await s.manager.shutdown();
    const statuses = await Promise.all(ids.map(async (id) => (await s.stores.connections.get(id))?.status));
    expect(statuses).toEqual(['DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED']);
  });

  it('takes the WebSocket endpoint from configuration and never reads process.env', () => {
    s = setup();
    const sources = listSources(__dirname).filter((file) => !/\.spec\.ts$|test-support/.test(file));
    const names = sources.map((file) => file.slice(file.lastIndexOf('/') + 1));
    expect(names).toEqual(expect.arrayContaining(['options.ts', 'manager.ts', 'gateway.ts', 'endpoint.ts', 'sdk-gateway.ts', 'signed-gateway.ts']));
    const offenders = sources.filter((file) => readFileSync(file, 'utf8').includes('process.env'));
    expect(offenders).toEqual([]);
  });
});

describe('seed 001: delivery notes', () => {
  let s: Setup;
  afterEach(async () => {
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  it('writes what happens to the configured logger', async () => {
    s = setup({ sleep: recordingSleep().sleep, retry: { attempts: 1 }, breaker: { volumeThreshold: 2 } });
    await Promise.all(['gone', 'bad1', 'bad2'].map((id) => s.connect(id)));
    s.gateway.setStatus('gone', 410).setStatus('bad1', 500).setStatus('bad2', 500);
    await s.manager.send('gone', {}).catch(() => undefined);
    await s.manager.broadcast(['bad1', 'bad2'], {}, { concurrency: 1 }).catch(() => undefined);
    await s.manager.shutdown();
    const messages = s.logger.entries.map((e) => `${e.level}: ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'info: Connection gone',
        'info: Removed gone connection',
        'warn: Management API circuit opened',
        'warn: Broadcast partially failed',
      ]),
    );
  });

  it('is a drop-in test double for code that only needs send(connectionId, message)', async () => {
    const { manager, gateway, connect } = createTestConnectionManager();
    const reply = async (sender: Pick<ConnectionManager, 'send'>) => sender.send('c-1', { id: 'r1', type: 'result', success: true, data: {} });
    await connect('c-1');
    await reply(manager);
    gateway.setStatus('c-1', 410);
    await expect(reply(manager)).rejects.toBeInstanceOf(ConnectionStaleError);
    expect(gateway.delivered('c-1')).toEqual([{ id: 'r1', type: 'result', success: true, data: {} }]);
    await manager.shutdown();
  });
});

describe('seed 002: integration guide', () => {
  let s: Setup;
  afterEach(async () => {
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  it('lets callers tell a missing connection, a stale connection and other failures apart', async () => {
    s = setup({ sleep: recordingSleep().sleep });
    await s.connect('stale');
    await s.connect('broken');
    s.gateway.setStatus('stale', 410).setStatus('broken', 503);
    const classify = async (id: string) => {
      try {
        await s.manager.send(id, { type: 'result' });
        return 'sent';
      } catch (error) {
        if (error instanceof ConnectionNotFoundError) return 'user disconnected';
        if (error instanceof ConnectionStaleError) return 'cleaned up stale connection';
        if (error instanceof GatewayError) return `failed: ${error.kind}`;
        throw error;
      }
    };
    expect(await Promise.all(['missing', 'stale', 'broken'].map(classify))).toEqual([
      'user disconnected',
      'cleaned up stale connection',
      'failed: server',
    ]);
  });

  it('shows broadcast worker utilisation as deliveries in flight in getMetrics()', async () => {
    s = setup();
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    await Promise.all(ids.map((id) => s.connect(id)));
    s.gateway.hold();
    const broadcast = s.manager.broadcast(ids, {}, { concurrency: 8 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.manager.getMetrics().inFlight).toMatchObject({ broadcasts: 1, gatewayCalls: 8 });
    s.gateway.release();
    await expect(broadcast).resolves.toMatchObject({ sent: 30 });
  });
});

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
