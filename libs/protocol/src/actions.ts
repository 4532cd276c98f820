/** Actions the router answers itself; every other action names a registered handler. */
export const BUILTIN_ACTIONS = ['ping', 'subscribe', 'unsubscribe', 'status', 'cancel'] as const;

/** A built-in action name. */
export type BuiltinAction = (typeof BUILTIN_ACTIONS)[number];

/** Payload of `subscribe` and `unsubscribe`. */
export interface TopicPayload {
  topic: string;
}

/** Payload of `status` and `cancel`: one of the caller's own requests. */
export interface RequestRefPayload {
  requestId: string;
}

/** True when `action` is a built-in action. */
export function isBuiltinAction(action: string): action is BuiltinAction {
  return (BUILTIN_ACTIONS as readonly string[]).includes(action);
}
