// The soak's client fleet, run as a child process (forked through tools/scripts/run-ts.cjs): opens
// the sockets, subscribes each to its tenant's topic, then sends one frame per socket per period —
// ping, echo or a queued report — and checks every reply, result and broadcast it receives.
import { build, type Histogram } from 'hdr-histogram-js';
import { type RawData, WebSocket } from 'ws';
import type { FleetCommand, FleetMessage, FleetStats, LatencySummary, OpenCommand, TrafficCommand } from './fleet-protocol';

interface Pending {
  kind: 'ping' | 'echo' | 'report';
  sentAt: number;
  n: number;
}

interface Client {
  ws: WebSocket;
  index: number;
  pending: Map<string, Pending>;
  seenSeq: Set<number>;
  /** Whether its subscribe was confirmed; a reply re-sent by a retried post is delivered again. */
  subscribed: boolean;
  closing: boolean;
  timer?: NodeJS.Timeout;
  counter: number;
}

const histogram = (): Histogram => build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3 });

class Fleet {
  private readonly clients: Client[] = [];
  private readonly sync = histogram();
  private readonly queued = histogram();
  private readonly stats: FleetStats = {
    open: 0,
    opened: 0,
    openFailures: 0,
    openErrors: [],
    subscribed: 0,
    unexpectedCloses: {},
    sent: { ping: 0, echo: 0, report: 0 },
    errors: {},
    pongs: 0,
    echoes: 0,
    acks: 0,
    results: 0,
    pending: 0,
    events: { received: 0, duplicates: 0, bySeq: {} },
    latency: { sync: summary(histogram()), queued: summary(histogram()) },
    rssMb: 0,
  };

  async open(command: OpenCommand): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < command.sockets) {
        const index = next;
        next += 1;
        await this.openOne(command, index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(command.concurrency, command.sockets) }, worker));
  }

  traffic(command: TrafficCommand): void {
    for (const client of this.clients) {
      const tick = (): void => this.tick(client, command.asyncShare);
      client.timer = setTimeout(() => {
        tick();
        client.timer = setInterval(tick, command.periodMs);
      }, Math.random() * command.periodMs);
    }
  }

  /** Stops sending, waits (bounded) for what is in flight, closes every socket. */
  async stop(drainMs: number): Promise<void> {
    for (const client of this.clients) clearTimeout(client.timer);
    const deadline = Date.now() + drainMs;
    while (this.pendingCount() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const client of this.clients) {
      client.closing = true;
      client.ws.terminate();
    }
  }

  snapshot(): FleetStats {
    this.stats.open = this.clients.filter((c) => c.ws.readyState === WebSocket.OPEN).length;
    this.stats.pending = this.pendingCount();
    this.stats.latency = { sync: summary(this.sync), queued: summary(this.queued) };
    this.stats.rssMb = Math.round(process.memoryUsage().rss / 1e6);
    return structuredClone(this.stats);
  }

  private openOne(command: OpenCommand, index: number): Promise<void> {
    const token = command.tokens[index % command.tokens.length] as string;
    const ws = new WebSocket(`${command.wsUrl}?Authorization=${encodeURIComponent(token)}`, { perMessageDeflate: false, handshakeTimeout: 60_000 });
    const client: Client = { ws, index, pending: new Map(), seenSeq: new Set(), subscribed: false, closing: false, counter: 0 };
    return new Promise((resolve) => {
      ws.once('open', () => {
        this.stats.opened += 1;
        this.clients.push(client);
        ws.on('message', (data: RawData) => this.received(client, data));
        ws.once('close', (code) => {
          if (!client.closing) this.count(this.stats.unexpectedCloses, String(code));
        });
        ws.send(JSON.stringify({ id: `sub-${index}`, action: 'subscribe', payload: { topic: command.topic } }));
        resolve();
      });
      ws.once('error', (error) => {
        if (ws.readyState === WebSocket.OPEN) return;
        this.stats.openFailures += 1;
        if (this.stats.openErrors.length < 5) this.stats.openErrors.push(error.message);
        resolve();
      });
    });
  }

  private tick(client: Client, asyncShare: number): void {
    if (client.ws.readyState !== WebSocket.OPEN) return;
    const n = (client.counter += 1);
    const id = `${client.index}-${n}`;
    const roll = Math.random();
    const kind: Pending['kind'] = roll < asyncShare ? 'report' : roll < asyncShare + (1 - asyncShare) / 2 ? 'echo' : 'ping';
    const frame =
      kind === 'report'
        ? { id, action: 'generate_report', payload: { recordCount: 2_000 } }
        : kind === 'echo'
          ? { id, action: 'echo', payload: { n, socket: client.index } }
          : { id, action: 'ping' };
    client.pending.set(id, { kind, sentAt: performance.now(), n });
    this.stats.sent[kind] += 1;
    client.ws.send(JSON.stringify(frame));
  }

  private received(client: Client, data: RawData): void {
    let message: { id?: string | null; type?: string; data?: Record<string, unknown>; error?: { code?: string }; message?: string };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      this.count(this.stats.errors, 'unparseable-frame');
      return;
    }
    if (message.type === 'event') return this.event(client, message.data);
    // What API Gateway sends when the integration failed or timed out (no id, no type).
    if (message.type === undefined) return this.count(this.stats.errors, `gateway: ${message.message ?? 'frame without a type'}`);
    if (typeof message.id === 'string' && message.id.startsWith('sub-')) {
      // Count sockets, not frames: delivery is at least once (a post retried after a slow answer),
      // so a second confirmation of the same subscribe is neither a new subscriber nor an error.
      if (message.type !== 'result') this.count(this.stats.errors, `subscribe-${message.error?.code ?? message.type}`);
      else if (!client.subscribed) {
        client.subscribed = true;
        this.stats.subscribed += 1;
      }
      return;
    }
    const pending = typeof message.id === 'string' ? client.pending.get(message.id) : undefined;
    if (!pending || message.id == null) return this.count(this.stats.errors, `unexpected-${message.type}`);
    this.reply(client, message.id, pending, message);
  }

  private reply(client: Client, id: string, pending: Pending, message: { type?: string; data?: Record<string, unknown>; error?: { code?: string } }): void {
    if (message.type === 'progress') return;
    if (message.type === 'error') {
      client.pending.delete(id);
      return this.count(this.stats.errors, message.error?.code ?? 'error');
    }
    const elapsed = Math.max(1, Math.round(performance.now() - pending.sentAt));
    if (pending.kind === 'report' && message.type === 'ack') {
      this.stats.acks += 1;
      return;
    }
    client.pending.delete(id);
    if (pending.kind === 'ping' && message.type === 'pong') {
      this.stats.pongs += 1;
      this.sync.recordValue(elapsed);
    } else if (pending.kind === 'echo' && message.type === 'result' && message.data?.['n'] === pending.n && message.data?.['socket'] === client.index) {
      this.stats.echoes += 1;
      this.sync.recordValue(elapsed);
    } else if (pending.kind === 'report' && message.type === 'result' && message.data?.['recordCount'] === 2_000) {
      this.stats.results += 1;
      this.queued.recordValue(elapsed);
    } else this.count(this.stats.errors, `wrong-${pending.kind}-reply`);
  }

  private event(client: Client, data: Record<string, unknown> | undefined): void {
    const seq = Number(data?.['seq']);
    this.stats.events.received += 1;
    this.stats.events.bySeq[String(seq)] = (this.stats.events.bySeq[String(seq)] ?? 0) + 1;
    if (client.seenSeq.has(seq)) this.stats.events.duplicates += 1;
    client.seenSeq.add(seq);
  }

  private pendingCount(): number {
    return this.clients.reduce((n, c) => n + c.pending.size, 0);
  }

  private count(into: Record<string, number>, key: string): void {
    into[key] = (into[key] ?? 0) + 1;
  }
}

function summary(h: Histogram): LatencySummary {
  const at = (p: number): number => Math.min(h.getValueAtPercentile(p), h.maxValue);
  return { count: h.totalCount, p50Ms: at(50), p99Ms: at(99), maxMs: h.maxValue };
}

const fleet = new Fleet();
const send = (message: FleetMessage): void => {
  process.send?.(message);
};

process.on('message', (command: FleetCommand) => {
  if (command.type === 'open') void fleet.open(command).then(() => send({ type: 'opened', stats: fleet.snapshot() }));
  else if (command.type === 'traffic') fleet.traffic(command);
  else if (command.type === 'report') send({ type: 'report', stats: fleet.snapshot() });
  else if (command.type === 'stop') void fleet.stop(command.drainMs).then(() => send({ type: 'stopped', stats: fleet.snapshot() }));
});
process.on('disconnect', () => process.exit(0));
