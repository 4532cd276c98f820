// Scenario 11 — the hourly connection cleanup at scale. The real admin bundle
// (dist/apps/admin-connection-manager) runs against 50 000 connection items on DynamoDB Local
// (`RELIABILITY_CLEANUP_ITEMS=50000`, the figures in docs/reliability.md; `npm test` runs the same
// test over 10 000, the default, as writing 50 000 items costs about 40 s of the run) and a
// management API of its own that knows every CONNECTED connection but a few (410). Two consecutive
// scheduled runs, the first stopped by the Lambda's remaining time, must together visit every
// CONNECTED connection exactly once — the second goes on from the cursor the first saved — and never
// read a DISCONNECTED item: every DynamoDB call the bundle makes goes through a counting proxy (no
// Scan; Queries of the sparse activity index), every gateway check is logged by the fake API.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { workspaceRoot } from '@streamer/kernel/node';
import type { ConnectionRecord, TableNames } from '@streamer/store';
import { createDynamoDocumentClient } from '@streamer/store/dynamo';
import { createTables, deleteTables, localClientConfig, seedConnections } from '@streamer/store/local';
import path from 'node:path';
import { recordOutcome } from './test-support/outcomes';
import { countingProxy, fakeManagementApi, type CountingProxy, type FakeManagementApi } from './test-support/cleanup-fakes';

const TOTAL = itemCount(process.env['RELIABILITY_CLEANUP_ITEMS'] ?? '10000');
/** DISCONNECTED items awaiting TTL (60 %): what a churning fleet leaves behind; the cleanup must not read them. */
const DISCONNECTED = (TOTAL / 5) * 3;
const STALE = TOTAL / 250;
const GONE = TOTAL / 500;
const CONNECTED = TOTAL - DISCONNECTED;
const HOUR = 3_600_000;
/** Pages the first run may start (the admin's page is 100 entries) before its remaining time runs low: 60 % of the walk. */
const FIRST_RUN_PAGES = (CONNECTED / 1000) * 6;

/** A multiple of 1 000 from 1 000 to 100 000, so the shares above are whole pages. */
function itemCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1_000 || n > 100_000 || n % 1_000 !== 0) throw new Error(`RELIABILITY_CLEANUP_ITEMS must be a multiple of 1000 from 1000 to 100000, got ${text}`);
  return n;
}

type CleanupBody = { scannedCount: number; staleCount: number; goneCount: number; cleanedCount: number; failedCount: number; resumed: boolean; complete: boolean };
type AdminBundle = { handler: (event: unknown, context: { getRemainingTimeInMillis(): number }) => Promise<{ statusCode: number; body: CleanupBody }> };

const endpoint = process.env['STREAMER_TEST_DYNAMODB_ENDPOINT'] ?? '';
const prefix = `cleanup-scale-${process.pid}`;
const tables: TableNames = { connections: `${prefix}-connections`, requests: `${prefix}-requests`, subscriptions: `${prefix}-subscriptions`, events: `${prefix}-events` };
const admin = new DynamoDBClient(localClientConfig(endpoint));
const doc = createDynamoDocumentClient(localClientConfig(endpoint));
let proxy: CountingProxy;
let gateway: FakeManagementApi;
const savedEnv = { ...process.env };

beforeAll(async () => {
  [proxy, gateway] = await Promise.all([countingProxy(endpoint), fakeManagementApi()]);
  await createTables(admin, tables);
  Object.assign(process.env, {
    CONNECTIONS_TABLE: tables.connections,
    REQUESTS_TABLE: tables.requests,
    SUBSCRIPTIONS_TABLE: tables.subscriptions,
    EVENTS_TABLE: tables.events,
    DYNAMODB_ENDPOINT: proxy.url,
    WEBSOCKET_ENDPOINT: `${gateway.url}/prod`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    CLEANUP_CONCURRENCY: '32',
    // The seeded connections hold no quota places: with the connection quotas off, each retirement is one
    // UpdateItem (with them, two releases beside it).
    QUOTA_CONNECTIONS_PER_USER: '0',
    QUOTA_CONNECTIONS_PER_TENANT: '0',
  });
});

afterAll(async () => {
  process.env = savedEnv;
  await deleteTables(admin, tables);
  admin.destroy();
  doc.destroy();
  await Promise.all([proxy?.close(), gateway?.close()]);
});

/** Item i: DISCONNECTED for the first DISCONNECTED, stale (2 h idle) for the next STALE, fresh after. */
function connectionAt(i: number, now: number): ConnectionRecord {
  const idleMs = i < DISCONNECTED + STALE ? 2 * HOUR + i : (i % 50) * 60_000;
  const disconnected = i < DISCONNECTED;
  return {
    connectionId: `c${String(i).padStart(6, '0')}=`,
    userId: `u${i % 1_000}`,
    tenantId: `t${i % 10}`,
    status: disconnected ? 'DISCONNECTED' : 'CONNECTED',
    endpoint: gateway.url,
    connectedAt: now - idleMs,
    lastActiveAt: now - idleMs,
    ...(disconnected ? { disconnectedAt: now - idleMs } : {}),
    ttl: Math.floor(now / 1000) + 3600,
  };
}

const scheduled = { version: '0', id: 'cleanup-scale', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time: '2026-12-06T20:00:00Z', region: 'us-east-1', resources: [], detail: {} };

it(`two scheduled runs over ${TOTAL} connection items visit each CONNECTED one once and no DISCONNECTED one`, async () => {
  const now = Date.now();
  const records = Array.from({ length: TOTAL }, (_, i) => connectionAt(i, now));
  const seededAt = performance.now();
  const batches = await seedConnections(doc, tables.connections, records, { concurrency: 8 });
  const seedMs = performance.now() - seededAt;
  const fresh = records.slice(DISCONNECTED + STALE).map((r) => r.connectionId);
  const step = Math.floor(fresh.length / GONE);
  for (const id of fresh.filter((_, i) => i % step === 0).slice(0, GONE)) gateway.gone.add(id);
  expect(gateway.gone.size).toBe(GONE);

  const bundle = (await import(path.join(workspaceRoot(), 'dist', 'apps', 'admin-connection-manager', 'index.js'))) as AdminBundle;
  let pages = 0;
  const runningLow = { getRemainingTimeInMillis: () => (++pages <= FIRST_RUN_PAGES ? 240_000 : 10_000) };
  const first = await bundle.handler(scheduled, runningLow);
  const firstCalls = proxy.snapshot();
  const second = await bundle.handler(scheduled, { getRemainingTimeInMillis: () => 240_000 });
  const calls = proxy.snapshot();

  expect(first).toMatchObject({ statusCode: 200, body: { scannedCount: FIRST_RUN_PAGES * 100, resumed: false, complete: false, failedCount: 0 } });
  expect(second).toMatchObject({ statusCode: 200, body: { scannedCount: CONNECTED - FIRST_RUN_PAGES * 100, resumed: true, complete: true, failedCount: 0 } });
  expect(first.body.staleCount + second.body.staleCount).toBe(STALE);
  expect(first.body.goneCount + second.body.goneCount).toBe(GONE);
  // Each live connection checked once at the gateway; no DISCONNECTED or stale one checked at all.
  expect(gateway.checks).toHaveLength(fresh.length);
  expect(new Set(gateway.checks).size).toBe(fresh.length);
  expect(calls['Scan']).toBeUndefined();
  expect(calls['UpdateItem']).toBe(STALE + GONE);

  const visits = first.body.scannedCount + second.body.scannedCount;
  recordOutcome('cleanup-scale', {
    items: TOTAL,
    connected: CONNECTED,
    disconnected: DISCONNECTED,
    seed: { batchWriteCalls: batches, ms: Math.round(seedMs) },
    runs: [first.body, second.body],
    visitsPerConnectedItem: visits / CONNECTED,
    scanCalls: calls['Scan'] ?? 0,
    gatewayChecks: gateway.checks.length,
    dynamoCalls: { firstRun: firstCalls, total: calls },
  });
});
