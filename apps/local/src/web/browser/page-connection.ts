// The page's own WebSocket connection: a StreamerClient for one identity, with its token fetched
// from the local stack's GET /dev/token before every (re)connect. Connecting as someone else closes
// the previous client first. Offline (the Topics panel's Drop socket), every reconnect attempt fails
// before it opens a socket, as with the network gone, until the page goes online again.
import { StreamerClient, type WebSocketConstructor } from '@streamer/client';
import { type DevIdentity, devTokenPath } from '../../common/dev-identity';
import { describeError } from './describe-error';
import { byId } from './dom';

export class PageConnection {
  private readonly status = byId('socket-status', HTMLParagraphElement);
  private client: StreamerClient | undefined;
  private current: DevIdentity | undefined;
  private offline = false;

  constructor(private readonly wsUrl: string) {}

  get identity(): DevIdentity | undefined {
    return this.current;
  }

  /** The connected client (connecting first when needed). */
  get streamer(): StreamerClient | undefined {
    return this.client;
  }

  get isOffline(): boolean {
    return this.offline;
  }

  /** Fails every connection attempt from now on (the socket itself is closed by the caller). */
  goOffline(): void {
    this.offline = true;
  }

  /** Lets the next reconnect attempt (at most 2 s away) through. */
  goOnline(): void {
    this.offline = false;
  }

  async connect(identity: DevIdentity): Promise<void> {
    const previous = this.client;
    this.client = undefined;
    if (previous) await previous.close();
    this.current = identity;
    const client = new StreamerClient(this.wsUrl, {
      token: () => (this.offline ? Promise.reject(new Error('Offline')) : fetchDevToken(identity)),
      WebSocket: window.WebSocket as unknown as WebSocketConstructor,
      connectTimeoutMs: 10_000,
      reconnect: { capMs: 2_000 },
    });
    this.client = client;
    this.watch(client, identity);
    this.show('connecting', `Connecting as ${identity.sub}…`);
    try {
      await client.connect();
    } catch (error) {
      if (this.client === client) this.show('closed', `Not connected: ${describeError(error)}`);
    }
  }

  private watch(client: StreamerClient, { sub, tenant }: DevIdentity): void {
    const mine = (): boolean => this.client === client;
    client.on('open', () => mine() && this.show('open', `Connected as ${sub} in ${tenant}`));
    client.on('reconnecting', ({ attempt }) => mine() && this.show('reconnecting', `Reconnecting (attempt ${attempt})…`));
    client.on('close', ({ willReconnect }) => mine() && !willReconnect && this.show('closed', 'Disconnected'));
  }

  private show(state: 'connecting' | 'open' | 'reconnecting' | 'closed', text: string): void {
    this.status.dataset['state'] = state;
    this.status.textContent = text;
  }
}

async function fetchDevToken(identity: DevIdentity): Promise<string> {
  const response = await fetch(devTokenPath(identity), { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; message?: unknown };
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(`No dev token (${response.status}): ${typeof body.message === 'string' ? body.message : 'unexpected answer'}`);
  }
  return body.token;
}
