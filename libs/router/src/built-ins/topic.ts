import { InvalidRequestError } from '../errors';

/** Topics a connection may subscribe to: 1–128 chars of `[A-Za-z0-9._:/-]`. */
export const SUBSCRIBE_TOPIC_PATTERN = /^[A-Za-z0-9._:/-]{1,128}$/;

/** The topic, or `INVALID_REQUEST` naming the rule it breaks. */
export function checkTopic(topic: string): string {
  if (!SUBSCRIBE_TOPIC_PATTERN.test(topic)) {
    throw new InvalidRequestError(`payload.topic must match ${String(SUBSCRIBE_TOPIC_PATTERN)}`);
  }
  return topic;
}
