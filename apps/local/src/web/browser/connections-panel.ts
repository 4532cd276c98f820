// The admin view: the live connection list, grouped by tenant, refreshed every `intervalMs` (the next
// refresh is scheduled when the previous one has finished, so slow answers never pile up).
import type { DevIdentity } from '../../common/dev-identity';
import { type ConnectionListing, type ConnectionRow, groupByTenant, listConnections } from './admin-api';
import { byId, el } from './dom';
import { ago, clockTime, plural } from './format';

export interface ConnectionsPanelOptions {
  intervalMs: number;
  pageSize: number;
  maxPages: number;
  /** The page's own identity: its user's rows are marked. */
  identity: () => DevIdentity | undefined;
}

export class ConnectionsPanel {
  private readonly status = byId('connections-status', HTMLParagraphElement);
  private readonly tenants = byId('tenants', HTMLDivElement);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ConnectionsPanelOptions) {}

  start(): void {
    void this.refresh();
  }

  /** Refreshes now (and then on the usual schedule). */
  refreshSoon(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const { pageSize, maxPages } = this.options;
    try {
      const listing = await listConnections((input, init) => fetch(input, init), { pageSize, maxPages, signal: AbortSignal.timeout(10_000) });
      this.render(listing, Date.now());
    } catch (error) {
      this.status.textContent = `Could not list connections: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.timer = setTimeout(() => void this.refresh(), this.options.intervalMs);
    }
  }

  private render({ connections, truncated }: ConnectionListing, now: number): void {
    const groups = groupByTenant(connections);
    const more = truncated ? ` (the first ${connections.length}; there are more)` : '';
    const summary = `${plural(connections.length, 'connection')} in ${plural(groups.length, 'tenant')}${more}`;
    this.status.textContent = `${summary} · updated ${clockTime(now)}`;
    if (groups.length === 0) {
      this.tenants.replaceChildren(el('p', { className: 'empty', text: 'No open connections.' }));
      return;
    }
    this.tenants.replaceChildren(...groups.map(([tenant, rows]) => this.tenantSection(tenant, rows, now)));
  }

  private tenantSection(tenant: string, rows: ConnectionRow[], now: number): HTMLElement {
    const heading = el('h3', {}, document.createTextNode(tenant), el('span', { className: 'count', text: plural(rows.length, 'connection') }));
    const head = el('thead', {}, el('tr', {}, ...['Connection id', 'User', 'Connected at', 'Last active'].map((name) => el('th', { text: name, attrs: { scope: 'col' } }))));
    const body = el('tbody', {}, ...rows.map((row) => this.row(row, now)));
    const table = el('table', {}, el('caption', { className: 'visually-hidden', text: `Connections of tenant ${tenant}` }), head, body);
    return el('section', { className: 'tenant', attrs: { 'data-tenant': tenant, 'data-testid': `tenant-${tenant}`, 'aria-label': `Tenant ${tenant}` } }, heading, table);
  }

  private row(row: ConnectionRow, now: number): HTMLTableRowElement {
    const identity = this.options.identity();
    const mine = identity?.sub === row.userId && identity.tenant === row.tenantId;
    const user = el('td', { text: row.userId }, ...(mine ? [el('span', { className: 'badge', text: 'this page' })] : []));
    return el(
      'tr',
      { attrs: { 'data-connection-id': row.connectionId, 'data-user': row.userId } },
      el('td', { className: 'id', text: row.connectionId }),
      user,
      el('td', { className: 'when', text: clockTime(row.connectedAt) }),
      el('td', { className: 'when', text: ago(row.lastActiveAt, now) }),
    );
  }
}
