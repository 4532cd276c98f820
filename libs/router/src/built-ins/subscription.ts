// `subscribe` / `unsubscribe` {topic}: tenant-scoped through the stored connection, never the message.
import { result, type ResultMessage, type SubscribeMessage, type UnsubscribeMessage } from '@streamer/protocol';
import type { ConnectionRecord, SubscriptionStore } from '@streamer/store';
import { checkTopic } from './topic';

export interface SubscriptionView {
  topic: string;
  subscribed: boolean;
}

export async function subscribe(
  subscriptions: SubscriptionStore,
  message: SubscribeMessage,
  connection: ConnectionRecord,
  now: number,
): Promise<ResultMessage<SubscriptionView>> {
  const topic = checkTopic(message.payload.topic);
  const { tenantId, userId, connectionId } = connection;
  await subscriptions.add({ tenantId, topic, connectionId, userId, now });
  return result(message.id, { topic, subscribed: true });
}

export async function unsubscribe(
  subscriptions: SubscriptionStore,
  message: UnsubscribeMessage,
  connection: ConnectionRecord,
): Promise<ResultMessage<SubscriptionView>> {
  const topic = checkTopic(message.payload.topic);
  await subscriptions.remove(connection.tenantId, topic, connection.connectionId);
  return result(message.id, { topic, subscribed: false });
}
