import type { BuiltinAction } from './actions';
import type { Payload } from './client-messages';
import { own } from './json-guards';
import { REQUEST_ID_PATTERN, TOPIC_PATTERN } from './limits';

/** Checks a built-in action's payload; returns what is wrong with it, or null when it is valid. */
type PayloadCheck = (payload: Payload | undefined) => string | null;

function requireField(field: string, pattern: RegExp): PayloadCheck {
  return (payload) => {
    const value = payload === undefined ? undefined : own(payload, field);
    if (value === undefined) return `payload.${field} is required`;
    if (typeof value !== 'string' || !pattern.test(value)) return `payload.${field} must match ${String(pattern)}`;
    return null;
  };
}

/** Payload rules of the built-in actions (`ping` takes any object or none). */
export const BUILTIN_PAYLOAD_CHECKS: Readonly<Record<BuiltinAction, PayloadCheck>> = {
  ping: () => null,
  subscribe: requireField('topic', TOPIC_PATTERN),
  unsubscribe: requireField('topic', TOPIC_PATTERN),
  status: requireField('requestId', REQUEST_ID_PATTERN),
  cancel: requireField('requestId', REQUEST_ID_PATTERN),
};
