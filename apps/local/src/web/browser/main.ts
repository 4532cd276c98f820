// The web page's script: connects as the identity in the form (default: a user of its own, so this
// tab's row is easy to spot; `?sub=&tenant=` in the page URL choose another), runs actions through
// @streamer/client, subscribes and publishes to topics, and keeps the admin view of all connections fresh.
import { type DevIdentity, devNameProblem } from '../../common/dev-identity';
import { ConnectionsPanel } from './connections-panel';
import { byId } from './dom';
import { PageConnection } from './page-connection';
import { RunForm } from './run-form';
import { TopicsPanel } from './topics-panel';

const REFRESH_MS = 2_000;
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

function initialIdentity(search: string): DevIdentity {
  const query = new URLSearchParams(search);
  const sub = query.get('sub') ?? `web-${Math.random().toString(36).slice(2, 8)}`;
  const tenant = query.get('tenant') ?? 'dev-tenant';
  return { sub, tenant };
}

function start(): void {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
  const connection = new PageConnection(wsUrl);
  const connections = new ConnectionsPanel({ intervalMs: REFRESH_MS, pageSize: PAGE_SIZE, maxPages: MAX_PAGES, identity: () => connection.identity });
  const subInput = byId('sub', HTMLInputElement);
  const tenantInput = byId('tenant', HTMLInputElement);
  const formError = byId('form-error', HTMLParagraphElement);
  const identity = initialIdentity(location.search);
  subInput.value = identity.sub;
  tenantInput.value = identity.tenant;

  const connect = async (): Promise<void> => {
    const wanted = { sub: subInput.value.trim(), tenant: tenantInput.value.trim() };
    const problem = devNameProblem('sub', wanted.sub) ?? devNameProblem('tenant', wanted.tenant);
    formError.hidden = problem === undefined;
    formError.textContent = problem ?? '';
    if (problem !== undefined) return;
    await connection.connect(wanted);
    connections.refreshSoon();
  };
  byId('identity-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void connect();
  });
  new RunForm(connection).start();
  new TopicsPanel(connection).start();
  connections.start();
  void connect();
}

start();
