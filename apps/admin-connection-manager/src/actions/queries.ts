// The read actions: one page of every CONNECTED connection, or a user's / a tenant's connections up
// to `listLimit` (default 10 000), read page by page with at most that many items in memory.
import { InvalidPageTokenError } from '@streamer/store';
import * as z from 'zod/mini';
import { badRequest, connectionView, ok } from '../responses';
import { actionEvent, DEFAULT_PAGE_LIMIT, idField, limitField, MAX_PAGE_LIMIT, nextTokenField } from '../validation';
import { defineAction } from './action';

/**
 * get_user_connections {userId} → {connections, count, truncated}: the user's CONNECTED connections;
 * `truncated: true` says there were more than `listLimit`.
 */
export const getUserConnections = defineAction(
  'get_user_connections',
  actionEvent('get_user_connections', { userId: idField('userId') }),
  async ({ userId }, { connections, listLimit }) => {
    const found = await collectUpTo(connections.byUser(userId, { pageSize: pageSizeFor(listLimit) }), listLimit);
    return ok({ connections: found.items.map(connectionView), count: found.items.length, truncated: found.truncated });
  },
);

/** get_tenant_connections {tenantId} → {connections, count, truncated}: the tenant's CONNECTED connections. */
export const getTenantConnections = defineAction(
  'get_tenant_connections',
  actionEvent('get_tenant_connections', { tenantId: idField('tenantId') }),
  async ({ tenantId }, { connections, listLimit }) => {
    const found = await collectUpTo(connections.byTenant(tenantId, { pageSize: pageSizeFor(listLimit) }), listLimit);
    return ok({ connections: found.items.map(connectionView), count: found.items.length, truncated: found.truncated });
  },
);

/**
 * get_all_connections {limit?, nextToken?} → {connections, count, nextToken?}: one page of CONNECTED
 * connections. Pass the returned nextToken to get the next page; its absence means the last page.
 */
export const getAllConnections = defineAction(
  'get_all_connections',
  actionEvent('get_all_connections', { limit: z.optional(limitField), nextToken: z.optional(nextTokenField) }),
  async ({ limit = DEFAULT_PAGE_LIMIT, nextToken }, { connections }) => {
    try {
      const page = await connections.page(nextToken === undefined ? { limit } : { limit, nextToken });
      const body = { connections: page.items.map(connectionView), count: page.items.length };
      return ok(page.nextToken === undefined ? body : { ...body, nextToken: page.nextToken });
    } catch (error) {
      if (error instanceof InvalidPageTokenError) return badRequest('invalid nextToken');
      throw error;
    }
  },
);

interface Collected<T> {
  items: T[];
  /** True when more items existed than were returned. */
  truncated: boolean;
}

/** Bounded read of one of the store's paging iterators: at most `max` items in memory, then stop paging. */
async function collectUpTo<T>(items: AsyncIterable<T>, max: number): Promise<Collected<T>> {
  const out: T[] = [];
  for await (const item of items) {
    // Leaving the loop early ends the iterator, so no further page is fetched.
    if (out.length === max) return { items: out, truncated: true };
    out.push(item);
  }
  return { items: out, truncated: false };
}

/** Page size for reading `max` items (plus one to detect truncation) in as few round trips as allowed. */
function pageSizeFor(max: number): number {
  return Math.min(max + 1, MAX_PAGE_LIMIT);
}
