// WebSocket helpers for tests: open, collect frames, wait for the close, read a refused handshake.
import { type RawData, WebSocket } from 'ws';
import { waitFor } from '@streamer/kernel/testing';

export interface Frame {
  text: string;
  isBinary: boolean;
}

export interface TestSocket {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  /** Waits (bounded) for a frame matching `match`. */
  next(match: (frame: Frame) => boolean, description: string, timeoutMs?: number): Promise<Frame>;
}

export function openSocket(url: string, headers: Record<string, string> = { 'User-Agent': 'streamer-local-test' }): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  ws.on('message', (data: RawData, isBinary) => frames.push({ text: toBuffer(data).toString('utf8'), isBinary }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  const socket: TestSocket = {
    ws,
    frames,
    closed,
    next: (match, description, timeoutMs) => waitFor(() => frames.find(match), description, timeoutMs),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('error', reject);
  });
}

/** The HTTP status that refused the handshake (rejects if the socket opened). */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      ws.close();
      reject(new Error(`${url} accepted the handshake`));
    });
    ws.once('error', () => undefined);
  });
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
