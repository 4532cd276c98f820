// publish {tenantId, topic | userId | connectionId, data} → {sent, gone, failed, seq?}: pushes `data`
// inside one tenant through the Publisher (the connection manager's): a topic event is stored with the
// topic's next `seq` for replay and sent to the topic's subscribers; a user or connection push is
// ephemeral. Exactly one target; `data` is required and must fit, as an `event` frame, within the
// 128 KB message limit (else 400, and nothing is stored or sent). An EventBridge event with
// detail-type `Streamer Publish` is this action with its `detail` as the fields (see app.ts).
import type { PublishTarget } from '@streamer/handler-api';
import { UnsendableMessageError } from '@streamer/connection-manager';
import { TOPIC_PATTERN } from '@streamer/protocol';
import * as z from 'zod/mini';
import { badRequest, ok } from '../responses';
import { actionEvent, idField } from '../validation';
import { defineAction } from './action';

export const PUBLISH_ACTION = 'publish';

const TARGETS = ['topic', 'userId', 'connectionId'] as const;

const topicField = z.string({ error: 'topic must be a string' }).check(
  z.regex(TOPIC_PATTERN, { error: `topic must match ${String(TOPIC_PATTERN)} (1–256 characters)` }),
);

const publishEvent = actionEvent(PUBLISH_ACTION, {
  tenantId: idField('tenantId'),
  topic: z.optional(topicField),
  userId: z.optional(idField('userId')),
  connectionId: z.optional(idField('connectionId')),
  // Checked in the action, so a missing `data` gets its own message.
  data: z.optional(z.unknown()),
});

export const publish = defineAction(PUBLISH_ACTION, publishEvent, async (params, { publisher }) => {
  const targets = TARGETS.filter((name) => params[name] !== undefined);
  if (targets.length !== 1) return badRequest(`exactly one of ${TARGETS.join(', ')} is required, got ${targets.length === 0 ? 'none' : targets.join(' and ')}`);
  if (params.data === undefined) return badRequest('data is required (any JSON value)');
  const target = { [targets[0] as string]: params[targets[0] as (typeof TARGETS)[number]] } as PublishTarget;
  try {
    return ok(await publisher.publish(params.tenantId, target, params.data));
  } catch (error) {
    if (error instanceof UnsendableMessageError) return badRequest(`data cannot be published: ${error.message}`);
    throw error;
  }
});
