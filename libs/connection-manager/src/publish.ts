// Publishing: the connection manager's adapter of the Publisher port (@streamer/handler-api), used by
// handlers (through the router and the processor), the admin function and its EventBridge rule.
//
// A `{topic}` push is a topic event: it is appended to the topic's history first (TopicEventStore:
// the next gap-free `seq`, kept for EVENT_RETENTION for replay), then sent to the topic's subscribers
// with its `seq` and `publishedAt`. A subscriber that misses it (socket dropped, 410) gets it again
// when it subscribes with `since`. `{userId}`, `{connectionId}` and `{tenant: true}` pushes are
// ephemeral: nothing is stored, the frame carries no `seq`, and its `topic` is a label naming the kind
// of target (`@user`, `@connection`, `@tenant`). Every push stays inside the tenant it is given: a user
// is (tenant, sub), and a connection of another tenant is treated as unknown.
import type { Publisher, PublishResult, PublishTarget } from '@streamer/handler-api';
import { type Clock, systemClock } from '@streamer/kernel';
import { event, type EventPosition, isTopic, TOPIC_PATTERN } from '@streamer/protocol';
import { type ConnectionStore, DEFAULT_EVENT_RETENTION_SECONDS, type TopicEventStore } from '@streamer/store';
import { BroadcastPartialFailureError, type BroadcastResult, type BroadcastTarget } from './broadcast';
import { encodeMessage, MAX_MESSAGE_BYTES } from './delivery';
import { isConnectionGone } from './errors';
import type { ConnectionManager } from './manager';

/** The `topic` label of an ephemeral push, by kind of target. */
const EPHEMERAL_LABELS = { userId: '@user', connectionId: '@connection', tenant: '@tenant' } as const;

export interface PublisherOptions {
  manager: Pick<ConnectionManager, 'broadcast' | 'send'>;
  events: TopicEventStore;
  /** To check that a `{connectionId}` target lives in the publishing tenant. */
  connections: Pick<ConnectionStore, 'get'>;
  /** How long topic events are kept for replay; default 24 h. */
  retentionSeconds?: number;
  clock?: Clock;
}

/** The Publisher the apps wire into the router, the processor and the admin function. */
export function createPublisher(options: PublisherOptions): Publisher {
  return new ManagerPublisher(options);
}

class ManagerPublisher implements Publisher {
  private readonly retentionSeconds: number;
  private readonly clock: Clock;

  constructor(private readonly o: PublisherOptions) {
    this.retentionSeconds = o.retentionSeconds ?? DEFAULT_EVENT_RETENTION_SECONDS;
    if (!Number.isInteger(this.retentionSeconds) || this.retentionSeconds < 1) throw new RangeError('retentionSeconds must be an integer ≥ 1');
    this.clock = o.clock ?? systemClock;
  }

  async publish(tenantId: string, target: PublishTarget, data: unknown): Promise<PublishResult> {
    if (typeof tenantId !== 'string' || tenantId === '') throw new TypeError('Publish needs a non-empty tenantId');
    const kind = targetKind(target);
    if (kind === 'topic') return this.toTopic(tenantId, (target as { topic: string }).topic, data);
    const frame = encodeMessage(event(EPHEMERAL_LABELS[kind], data));
    if (kind === 'connectionId') return this.toConnection(tenantId, (target as { connectionId: string }).connectionId, frame);
    const recipients: BroadcastTarget = kind === 'userId' ? { tenantId, userId: (target as { userId: string }).userId } : { tenantId };
    return this.broadcast(recipients, frame);
  }

  /** Stores the event, then sends it with its position. An event that could not be sent is refused before it is stored. */
  private async toTopic(tenantId: string, topic: string, data: unknown): Promise<PublishResult> {
    const now = this.clock.now();
    // The largest frame this event can become (the longest seq): too large or unserialisable → refused now.
    encodeMessage(event(topic, data, { seq: Number.MAX_SAFE_INTEGER, publishedAt: now }), MAX_MESSAGE_BYTES);
    const position: EventPosition = await this.o.events.append({ tenantId, topic, data: data ?? null, now, retentionSeconds: this.retentionSeconds });
    const delivered = await this.broadcast({ tenantId, topic }, encodeMessage(event(topic, data, position)));
    return { ...delivered, seq: position.seq };
  }

  private async toConnection(tenantId: string, connectionId: string, frame: Uint8Array): Promise<PublishResult> {
    const connection = await this.o.connections.get(connectionId);
    // Another tenant's connection is answered exactly like an unknown one.
    if (connection?.tenantId !== tenantId || connection.status !== 'CONNECTED') return { sent: 0, gone: 0, failed: 0 };
    try {
      await this.o.manager.send(connectionId, frame, { verified: true });
      return { sent: 1, gone: 0, failed: 0 };
    } catch (error) {
      return isConnectionGone(error) ? { sent: 0, gone: 1, failed: 0 } : { sent: 0, gone: 0, failed: 1 };
    }
  }

  /** A partial failure is counted, not thrown: the caller learns how many sockets it reached. */
  private async broadcast(target: BroadcastTarget, frame: Uint8Array): Promise<PublishResult> {
    let result: BroadcastResult;
    try {
      result = await this.o.manager.broadcast(target, frame);
    } catch (error) {
      if (!(error instanceof BroadcastPartialFailureError)) throw error;
      result = error.result;
    }
    return { sent: result.sent, gone: result.gone, failed: result.failedCount };
  }
}

type TargetKind = 'topic' | keyof typeof EPHEMERAL_LABELS;

/** Exactly one of topic, userId, connectionId or tenant: true, with a usable value. */
function targetKind(target: PublishTarget): TargetKind {
  const fields = typeof target === 'object' && target !== null ? Object.keys(target) : [];
  const [kind] = fields;
  if (fields.length !== 1 || !['topic', 'userId', 'connectionId', 'tenant'].includes(kind ?? '')) {
    throw new TypeError('Publish target must be exactly one of {topic}, {userId}, {connectionId} or {tenant: true}');
  }
  const value = (target as Record<string, unknown>)[kind as string];
  if (kind === 'topic' && !isTopic(value)) throw new TypeError(`Publish target topic must match ${String(TOPIC_PATTERN)}`);
  if (kind === 'tenant' && value !== true) throw new TypeError('Publish target {tenant} must be {tenant: true}');
  if ((kind === 'userId' || kind === 'connectionId') && (typeof value !== 'string' || value === '')) {
    throw new TypeError(`Publish target ${kind} must be a non-empty string`);
  }
  return kind as TargetKind;
}
