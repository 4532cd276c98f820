// get_all_connections {limit?, nextToken?} → {connections, count, nextToken?}: one page of CONNECTED
// connections. Pass the returned nextToken to get the next page; its absence means the last page.
import { InvalidPageTokenError } from '@streamer/store';
import * as z from 'zod/mini';
import { badRequest, connectionView, ok } from '../responses';
import { actionEvent, DEFAULT_PAGE_LIMIT, limitField, nextTokenField } from '../validation';
import { defineAction } from './action';

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
