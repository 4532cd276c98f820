// The admin actions, by name.
import type { AdminAction } from './action';
import { cleanupStaleConnections } from './cleanup';
import { publish } from './publish';
import { getAllConnections, getTenantConnections, getUserConnections } from './queries';
import { disconnectConnection, updateConnectionStatus } from './update-and-disconnect';

export const ADMIN_ACTIONS: readonly AdminAction[] = [
  getUserConnections,
  getAllConnections,
  getTenantConnections,
  updateConnectionStatus,
  disconnectConnection,
  cleanupStaleConnections,
  publish,
];

export const ACTION_NAMES: readonly string[] = ADMIN_ACTIONS.map((action) => action.name);

export { CLEANUP_ACTION } from './cleanup';
export { PUBLISH_ACTION } from './publish';
export type { AdminAction, Invocation } from './action';
