// Everything the stack and the Lambdas log while a suite runs: the stack's own logger (injected) and
// the Lambdas' Powertools output, which goes to process.stdout / process.stderr as in Lambda. JSON
// lines are kept (and not echoed); anything else is passed through to the real stream.
import type { Logger } from '@streamer/kernel';

type Write = typeof process.stdout.write;

export interface OutputCapture {
  /** The stack's logger: every entry is kept as one JSON line. */
  logger: Logger;
  /** Every line captured so far (stack logger and process output). */
  lines(): string[];
  /** Stops intercepting process output. */
  stop(): void;
}

export function captureOutput(): OutputCapture {
  const lines: string[] = [];
  const restore = [intercept(process.stdout, lines), intercept(process.stderr, lines)];
  const entry = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }, errorFields));
  };
  return {
    logger: { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') },
    lines: () => [...lines],
    stop: () => restore.forEach((undo) => undo()),
  };
}

function intercept(stream: NodeJS.WriteStream, lines: string[]): () => void {
  const original: Write = stream.write;
  const replacement = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (!text.trimStart().startsWith('{')) return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  };
  stream.write = replacement as Write;
  return () => {
    stream.write = original;
  };
}

/** Errors as everything they carry (a token could hide in a message, a cause or a stack). */
function errorFields(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
}
