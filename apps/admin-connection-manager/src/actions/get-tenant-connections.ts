// get_tenant_connections {tenantId} → {connections, count, truncated}: the tenant's CONNECTED
// connections, at most `listLimit` (default 10 000); `truncated: true` says there were more.
import { connectionView, ok } from '../responses';
import { actionEvent, idField } from '../validation';
import { defineAction } from './action';
import { collectUpTo, pageSizeFor } from './collect';

export const getTenantConnections = defineAction(
  'get_tenant_connections',
  actionEvent('get_tenant_connections', { tenantId: idField('tenantId') }),
  async ({ tenantId }, { connections, listLimit }) => {
    const found = await collectUpTo(connections.byTenant(tenantId, { pageSize: pageSizeFor(listLimit) }), listLimit);
    return ok({ connections: found.items.map(connectionView), count: found.items.length, truncated: found.truncated });
  },
);
