// The Topics panel: subscribes the page's client to a topic (replaying from a seq), publishes to that
// topic of the page's tenant through POST /admin, lists each event the client delivers with its seq,
// and drops the socket (server-side close, then offline) to show that what was missed is replayed once,
// in order, on reconnect.
import { closeUserConnections, publishToTopic } from './admin-api';
import { describeError } from './describe-error';
import { byId, el } from './dom';
import type { PageConnection } from './page-connection';

export class TopicsPanel {
  private readonly form = byId('topic-form', HTMLFormElement);
  private readonly topic = byId('topic-name', HTMLInputElement);
  private readonly since = byId('topic-since', HTMLInputElement);
  private readonly data = byId('topic-data', HTMLTextAreaElement);
  private readonly publishButton = byId('topic-publish', HTMLButtonElement);
  private readonly dropButton = byId('topic-drop', HTMLButtonElement);
  private readonly status = byId('topic-status', HTMLParagraphElement);
  private readonly events = byId('topic-events', HTMLOListElement);
  private unsubscribe: (() => void) | undefined;
  private subscribed: string | undefined;

  constructor(private readonly connection: PageConnection) {}

  start(): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.subscribe();
    });
    this.publishButton.addEventListener('click', () => void this.publish());
    this.dropButton.addEventListener('click', () => void this.toggleSocket());
  }

  private subscribe(): void {
    const client = this.connection.streamer;
    const topic = this.topic.value.trim();
    if (!client) return this.show('Not connected: use Reconnect first.');
    const since = this.since.value.trim() === '' ? undefined : Number(this.since.value);
    if (topic === '') return this.show('Name a topic.');
    if (since !== undefined && !(Number.isInteger(since) && since >= 0)) return this.show('Replay from: a whole number ≥ 0, or empty for new events only.');
    this.unsubscribe?.();
    this.events.replaceChildren();
    this.subscribed = topic;
    this.unsubscribe = client.subscribe(topic, (data, meta) => this.append(meta.seq, data), {
      since,
      onTruncated: ({ from, to }) => this.events.append(el('li', { className: 'truncated', text: `seq ${from}–${to} expired before they could be replayed` })),
    });
    this.show(`Subscribed to ${topic}${since === undefined ? '' : ` from seq ${since}`}.`);
  }

  private async publish(): Promise<void> {
    const tenant = this.connection.identity?.tenant;
    const topic = this.subscribed ?? this.topic.value.trim();
    let data: unknown;
    try {
      data = JSON.parse(this.data.value);
    } catch {
      return this.show('Data: not JSON.');
    }
    if (tenant === undefined || topic === '') return this.show('Connect and name a topic first.');
    try {
      const { seq, sent } = await publishToTopic((input, init) => fetch(input, init), tenant, topic, data, AbortSignal.timeout(10_000));
      this.show(`Published seq ${seq ?? '?'} to ${topic}: sent to ${sent} socket${sent === 1 ? '' : 's'}.`);
    } catch (error) {
      this.show(`Not published: ${describeError(error)}`);
    }
  }

  /** Drop: offline, then the server closes this user's sockets. Again: back online. */
  private async toggleSocket(): Promise<void> {
    const identity = this.connection.identity;
    if (this.connection.isOffline) {
      this.connection.goOnline();
      this.dropButton.textContent = 'Drop socket';
      return this.show('Back online: reconnecting and replaying what was missed.');
    }
    if (!identity) return this.show('Not connected.');
    this.connection.goOffline();
    this.dropButton.textContent = 'Reconnect socket';
    try {
      const closed = await closeUserConnections((input, init) => fetch(input, init), identity.sub, identity.tenant, AbortSignal.timeout(10_000));
      this.show(`Dropped ${closed} socket${closed === 1 ? '' : 's'}; offline until Reconnect socket.`);
    } catch (error) {
      this.show(`Could not drop the socket: ${describeError(error)}`);
    }
  }

  private append(seq: number | undefined, data: unknown): void {
    const label = seq === undefined ? '·' : `#${seq}`;
    const item = el('li', { attrs: seq === undefined ? {} : { 'data-seq': String(seq) } }, el('span', { className: 'seq', text: label }), el('code', { text: JSON.stringify(data) }));
    this.events.append(item);
  }

  private show(text: string): void {
    this.status.textContent = text;
  }
}
