// Scenario — topic push, nothing lost, nothing twice, nothing across tenants. Real `StreamerClient`s
// (over `ws`, reconnect on) of two tenants subscribe to two of three topics each. Events are published
// by the three entry points at once: the example `generate_report` handler (milestones to `reports`),
// the admin action (`news`) and an EventBridge `Streamer Publish` event to the admin function
// (`orders`). The management API answers some sends with an injected 410, which drops that socket as
// API Gateway drops a gone connection, and the server closes three subscribers' sockets (admin
// `disconnect_connection`), so clients reconnect while events are published and get what they missed
// by re-subscribing with `since`. A last event per (tenant, topic) names the topic's
// head. Then every subscriber's application saw seq 1..head of each of its topics exactly once, in
// order, with the data published, and nothing of the other tenant.
import { StreamerClient } from '@streamer/client';
import type { LocalStack } from '@streamer/local-stack';
import { waitFor } from '@streamer/kernel/testing';
import { WebSocket } from 'ws';
import { recordOutcome } from './test-support/outcomes';
import { startStack } from './test-support/stack';

const FAULTS = '410:0.04';
const TENANTS = ['tenant-push-a', 'tenant-push-b'] as const;
const TOPICS = ['news', 'orders', 'reports'] as const;
const CLIENTS_PER_TENANT = 6;
const ADMIN_EVENTS = 12;
const EVENTBRIDGE_EVENTS = 12;
const REPORTS_PER_TENANT = 1;
/** Subscribers (by index) whose socket the server closes while events are published, as `DELETE @connections` does. */
const CLOSED_BY_SERVER = [1, 4, 8];

type Tenant = (typeof TENANTS)[number];
type Topic = (typeof TOPICS)[number];
interface Delivered {
  seq: number | undefined;
  data: Record<string, unknown>;
}

class Subscriber {
  readonly seen = new Map<Topic, Delivered[]>();
  reconnects = 0;

  constructor(
    readonly tenant: Tenant,
    readonly user: string,
    readonly topics: Topic[],
    readonly client: StreamerClient,
  ) {
    client.on('reconnect', () => (this.reconnects += 1));
    for (const topic of topics) {
      this.seen.set(topic, []);
      // `since: 0`: the whole history, so that an event published before the subscription is stored counts too.
      client.subscribe<Record<string, unknown>>(topic, (data, meta) => this.seen.get(topic)?.push({ seq: meta.seq, data }), { since: 0 });
    }
  }
}

let stack: LocalStack;
const subscribers: Subscriber[] = [];
/** What each (tenant, topic) was sent by the admin action and EventBridge, by seq. */
const published = new Map<string, Map<number, unknown>>();
const heads = new Map<string, number>();
let closedByServer = 0;

beforeAll(async () => {
  stack = await startStack({ faults: FAULTS, faultSeed: 1414, env: { REPORT_STEP: '30ms', RETRY_DELAY: '1s' } });
});

afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.client.close()));
  await stack?.stop();
});

const key = (tenant: string, topic: string): string => `${tenant}/${topic}`;

async function openSubscriber(tenant: Tenant, index: number): Promise<Subscriber> {
  const user = `${tenant}-user-${index}`;
  const client = new StreamerClient(stack.wsUrl, {
    token: await stack.token(user, tenant),
    WebSocket,
    reconnect: { baseMs: 50, capMs: 500 },
    heartbeatMs: 0,
    gapTimeoutMs: 300,
  });
  await client.connect();
  const topics = TOPICS.filter((_, t) => t !== index % TOPICS.length);
  return new Subscriber(tenant, user, topics, client);
}

interface PublishBody {
  sent: number;
  gone: number;
  failed: number;
  seq?: number;
}

/** Publishes through the admin action (`eventBridge: false`) or as an EventBridge event to the admin function. */
async function publish(tenant: Tenant, topic: Topic, data: Record<string, unknown>, eventBridge: boolean): Promise<number> {
  const fields = { tenantId: tenant, topic, data };
  const event = eventBridge
    ? { version: '0', id: `eb-${tenant}-${topic}-${String(data['n'])}`, 'detail-type': 'Streamer Publish', source: 'com.example.orders', account: '000000000000', time: new Date().toISOString(), region: stack.region, resources: [], detail: fields }
    : { action: 'publish', ...fields };
  const response = (await stack.invokeAdmin(event)) as { statusCode: number; body: PublishBody };
  if (response.statusCode !== 200 || response.body.seq === undefined) throw new Error(`publish answered ${JSON.stringify(response)}`);
  const byseq = published.get(key(tenant, topic)) ?? new Map<number, unknown>();
  byseq.set(response.body.seq, data);
  published.set(key(tenant, topic), byseq);
  return response.body.seq;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function publishMany(tenant: Tenant, topic: Topic, count: number, eventBridge: boolean): Promise<void> {
  for (let n = 1; n <= count; n += 1) {
    await publish(tenant, topic, { tenant, topic, n }, eventBridge);
    await pause(40);
  }
}

/** Closes the subscriber's open connections from the server's side (admin `disconnect_connection`), a little after publishing starts. */
async function closeFromServer(subscriber: Subscriber, afterMs: number): Promise<void> {
  await pause(afterMs);
  const listed = (await stack.invokeAdmin({ action: 'get_user_connections', userId: subscriber.user })) as { body: { connections: { connectionId: string; tenantId: string }[] } };
  for (const { connectionId } of listed.body.connections.filter((c) => c.tenantId === subscriber.tenant)) {
    await stack.invokeAdmin({ action: 'disconnect_connection', connectionId });
    closedByServer += 1;
  }
}

/** Large reports are queued; the handler publishes each milestone to the tenant's `reports` topic. */
async function runReports(tenant: Tenant): Promise<void> {
  const requester = subscribers.find((s) => s.tenant === tenant);
  if (!requester) throw new Error(`no subscriber of ${tenant}`);
  await Promise.all(Array.from({ length: REPORTS_PER_TENANT }, (_, k) => requester.client.request('generate_report', { recordCount: 2_000 + k })));
}

function outcome(elapsedMs: number): Record<string, unknown> {
  return {
    faults: FAULTS,
    tenants: TENANTS.length,
    subscribers: subscribers.length,
    subscriptions: subscribers.reduce((n, s) => n + s.topics.length, 0),
    eventsPublished: [...heads.values()].reduce((n, head) => n + head, 0),
    headsByTopic: Object.fromEntries(heads),
    eventsDelivered: subscribers.reduce((n, s) => n + [...s.seen.values()].reduce((k, list) => k + list.length, 0), 0),
    closedByServer,
    reconnects: subscribers.reduce((n, s) => n + s.reconnects, 0),
    subscribersReconnected: subscribers.filter((s) => s.reconnects > 0).length,
    elapsedMs,
    management: stack.managementStats(),
  };
}

describe(`topic push from a handler, the admin action and EventBridge under ${FAULTS} management-API faults`, () => {
  beforeAll(async () => {
    const started = Date.now();
    for (const tenant of TENANTS) {
      for (let i = 0; i < CLIENTS_PER_TENANT; i += 1) subscribers.push(await openSubscriber(tenant, i));
    }
    await Promise.all(
      [
        ...TENANTS.flatMap((tenant) => [publishMany(tenant, 'news', ADMIN_EVENTS, false), publishMany(tenant, 'orders', EVENTBRIDGE_EVENTS, true), runReports(tenant)]),
        ...CLOSED_BY_SERVER.map((index, k) => closeFromServer(subscribers[index] as Subscriber, 100 + k * 150)),
      ],
    );
    // The last event of each (tenant, topic) names its head: every subscriber must reach it.
    for (const tenant of TENANTS) {
      for (const topic of TOPICS) heads.set(key(tenant, topic), await publish(tenant, topic, { tenant, topic, last: true }, false));
    }
    const reachedHeads = (): boolean => subscribers.every((s) => s.topics.every((topic) => (s.seen.get(topic)?.length ?? 0) >= (heads.get(key(s.tenant, topic)) ?? Infinity)));
    await waitFor(() => reachedHeads() || undefined, 'every subscriber to reach the head of its topics', 60_000, 50).catch(() => undefined);
    recordOutcome('topic-push', outcome(Date.now() - started));
  });

  it('published from all three entry points, and dropped sockets (injected 410s, server-side closes) while it did', () => {
    for (const tenant of TENANTS) {
      expect(heads.get(key(tenant, 'news'))).toBe(ADMIN_EVENTS + 1);
      expect(heads.get(key(tenant, 'orders'))).toBe(EVENTBRIDGE_EVENTS + 1);
      // A report publishes a milestone per phase and one when done (see generate_report).
      expect(heads.get(key(tenant, 'reports'))).toBeGreaterThan(REPORTS_PER_TENANT);
    }
    expect(stack.managementStats().injectedFaults['410']).toBeGreaterThan(0);
    expect(closedByServer).toBeGreaterThan(0);
    for (const index of CLOSED_BY_SERVER) expect((subscribers[index] as Subscriber).reconnects).toBeGreaterThan(0);
  });

  it("gives every subscriber's application seq 1..head of each of its topics exactly once, in order", () => {
    for (const s of subscribers) {
      for (const topic of s.topics) {
        const head = heads.get(key(s.tenant, topic)) ?? 0;
        expect({ user: s.user, topic, seqs: s.seen.get(topic)?.map((d) => d.seq) }).toEqual({ user: s.user, topic, seqs: Array.from({ length: head }, (_, i) => i + 1) });
      }
    }
  });

  it('delivers the data that was published at each seq, and nothing of the other tenant', () => {
    for (const s of subscribers) {
      for (const topic of s.topics) {
        const sent = published.get(key(s.tenant, topic)) ?? new Map<number, unknown>();
        for (const { seq, data } of s.seen.get(topic) ?? []) {
          if (topic === 'reports' && !data['last']) expect(String(data['userId'])).toMatch(new RegExp(`^${s.tenant}-user-`));
          else expect(data).toEqual(sent.get(seq ?? -1));
          if (data['tenant'] !== undefined) expect(data['tenant']).toBe(s.tenant);
        }
      }
      expect([...s.seen.keys()].sort()).toEqual([...s.topics].sort());
    }
  });
});
