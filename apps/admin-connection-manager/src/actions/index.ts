// The admin actions, by name.
import type { AdminAction } from './action';
import { cleanupStaleConnections } from './cleanup-stale-connections';
import { disconnectConnection } from './disconnect-connection';
import { getAllConnections } from './get-all-connections';
import { getTenantConnections } from './get-tenant-connections';
import { getUserConnections } from './get-user-connections';
import { updateConnectionStatus } from './update-connection-status';

export const ADMIN_ACTIONS: readonly AdminAction[] = [
  getUserConnections,
  getAllConnections,
  getTenantConnections,
  updateConnectionStatus,
  disconnectConnection,
  cleanupStaleConnections,
];

export const ACTION_NAMES: readonly string[] = ADMIN_ACTIONS.map((action) => action.name);

export { CLEANUP_ACTION } from './cleanup-stale-connections';
export type { AdminAction, Invocation } from './action';
