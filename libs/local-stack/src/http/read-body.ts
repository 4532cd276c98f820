// Reads a request body up to a size limit: a larger body is reported as too large without being
// buffered (the rest is drained and discarded).
import type { IncomingMessage } from 'node:http';

export type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.byteLength;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(over ? { kind: 'too-large' } : { kind: 'ok', body: Buffer.concat(chunks) }));
    req.once('error', () => resolve({ kind: 'aborted' }));
    req.once('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}
