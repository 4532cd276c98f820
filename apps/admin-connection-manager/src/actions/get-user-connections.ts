// get_user_connections {userId} → {connections, count, truncated}: the user's CONNECTED connections.
import { connectionView, ok } from '../responses';
import { actionEvent, idField } from '../validation';
import { defineAction } from './action';
import { collectUpTo, pageSizeFor } from './collect';

export const getUserConnections = defineAction(
  'get_user_connections',
  actionEvent('get_user_connections', { userId: idField('userId') }),
  async ({ userId }, { connections, listLimit }) => {
    const found = await collectUpTo(connections.byUser(userId, { pageSize: pageSizeFor(listLimit) }), listLimit);
    return ok({ connections: found.items.map(connectionView), count: found.items.length, truncated: found.truncated });
  },
);
