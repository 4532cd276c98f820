// A raw WebSocket client for black-box tests: every frame the server sends is kept (parsed when it
// is JSON), so a test can count exactly what arrived, including duplicates a higher-level client
// would hide. Waits are bounded; nothing here retries or reconnects on its own.
import { MAX_CLIENT_FRAME_BYTES, type ServerMessage } from '@streamer/protocol';
import { type RawData, WebSocket } from 'ws';

export interface Received {
  text: string;
  isBinary: boolean;
  /** The parsed frame, or undefined when it is not JSON. */
  message: ServerMessage | undefined;
}

export interface Closed {
  code: number;
  reason: string;
}

interface Waiter {
  check(): boolean;
}

export class WireClient {
  readonly received: Received[] = [];
  readonly closed: Promise<Closed>;
  private closeInfo: Closed | undefined;
  private readonly waiters = new Set<Waiter>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData, isBinary) => {
      const text = toBuffer(data).toString('utf8');
      this.received.push({ text, isBinary, message: parse(text) });
      this.wake();
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        resolve(this.closeInfo);
        this.wake();
      }),
    );
  }

  /** Opens a socket with `?Authorization=<token>`; rejects when the handshake is refused. */
  static open(wsUrl: string, token: string, timeoutMs = 15_000): Promise<WireClient> {
    const ws = new WebSocket(`${wsUrl}?Authorization=${encodeURIComponent(token)}`, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const client = new WireClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        reject(new Error(`handshake refused with ${res.statusCode}`));
      });
      ws.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get closeEvent(): Closed | undefined {
    return this.closeInfo;
  }

  messages(): ServerMessage[] {
    return this.received.flatMap((r) => (r.message ? [r.message] : []));
  }

  /** Frames addressed to client id `id` (replies, progress, terminal messages). */
  framesFor(id: string): ServerMessage[] {
    return this.messages().filter((m) => 'id' in m && m.id === id);
  }

  /**
   * Sends one message. Text over API Gateway's 32 KiB frame limit goes out as fragments of at most
   * 32 KiB (as a well-behaved Node client does); binary data as one binary frame.
   */
  send(frame: object | string | Buffer, options: { binary?: boolean } = {}): void {
    const data = Buffer.isBuffer(frame) ? frame : Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame), 'utf8');
    const binary = options.binary ?? false;
    if (binary || data.length <= MAX_CLIENT_FRAME_BYTES) return this.ws.send(data, { binary });
    // Cut on byte boundaries: the gateway validates UTF-8 on the whole message, not per fragment.
    for (let at = 0; at < data.length; at += MAX_CLIENT_FRAME_BYTES) {
      this.ws.send(data.subarray(at, at + MAX_CLIENT_FRAME_BYTES), { binary: false, fin: at + MAX_CLIENT_FRAME_BYTES >= data.length });
    }
  }

  /** Sends a frame with client id `id` and waits for its first reply (ack, result, error or pong). */
  async call(frame: { id: string; action: string; payload?: object }, timeoutMs = 15_000): Promise<ServerMessage> {
    const from = this.received.length;
    this.send(frame);
    return this.next((m) => 'id' in m && m.id === frame.id && m.type !== 'progress', `a reply to ${frame.id}`, timeoutMs, from);
  }

  /** The first frame at or after index `from` that matches. */
  async next(match: (m: ServerMessage) => boolean, description: string, timeoutMs = 15_000, from = 0): Promise<ServerMessage> {
    const found = await this.until(() => this.received.slice(from).find((r) => r.message !== undefined && match(r.message))?.message, timeoutMs);
    if (found === undefined) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    return found;
  }

  /**
   * Resolves with the first value `probe` yields, checked now and after every frame and the close;
   * undefined once `timeoutMs` has passed. Event-driven: many waiting clients cost no polling.
   */
  until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        check: () => {
          const value = probe();
          if (value === undefined) return false;
          finish(value);
          return true;
        },
      };
      const finish = (value: T | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    const timer = setTimeout(() => this.ws.terminate(), 2_000);
    await this.closed;
    clearTimeout(timer);
  }
}

function parse(text: string): ServerMessage | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ServerMessage) : undefined;
  } catch {
    return undefined;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
