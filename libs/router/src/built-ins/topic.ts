import { isTopic, TOPIC_PATTERN } from '@streamer/protocol';
import { InvalidRequestError } from '../errors';

/**
 * The topic, or `INVALID_REQUEST` naming the rule it breaks. The rule is the protocol's one topic rule
 * (`TOPIC_PATTERN`), the same that `event` frames and topic broadcasts follow.
 */
export function checkTopic(topic: string): string {
  if (!isTopic(topic)) throw new InvalidRequestError(`payload.topic must match ${String(TOPIC_PATTERN)}`);
  return topic;
}
