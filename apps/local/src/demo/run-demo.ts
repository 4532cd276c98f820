// `npm run demo`: connects to a running stack, runs generate_report with a terminal progress bar and
// prints the result. Returns the exit code: 0 done, 1 failed (no stack, refused token, a typed error),
// 130 interrupted (the request is cancelled on the server through its AbortSignal).
import { isStreamerError, StreamerClient, type StreamerError, type WebSocketConstructor } from '@streamer/client';
import { WebSocket } from 'ws';
import { line, type Output } from './output';
import { ProgressBar } from './progress-bar';
import { DEMO_IDENTITY, type DemoTarget, DevTokenError, fetchDevToken } from './stack-address';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INTERRUPTED = 130;

const ACTION = 'generate_report';
const REQUEST_TIMEOUT_MS = 5 * 60_000;

export interface DemoOptions extends DemoTarget {
  stdout: Output;
  stderr: Output;
  /** Aborting (Ctrl-C) cancels the request and ends the demo. */
  signal: AbortSignal;
  recordCount?: number;
  WebSocket?: WebSocketConstructor;
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const { url, stdout, stderr, signal } = options;
  let token = options.token;
  if (token === undefined) {
    try {
      token = await fetchDevToken(url, DEMO_IDENTITY, signal);
    } catch (error) {
      return signal.aborted ? interrupted(stderr) : tokenProblem(options, error);
    }
    line(stdout, `Streamer demo on ${url} as ${DEMO_IDENTITY.sub} (tenant ${DEMO_IDENTITY.tenant})`);
  } else {
    line(stdout, `Streamer demo on ${url} with STREAMER_TOKEN`);
  }
  const client = new StreamerClient(url, {
    token,
    WebSocket: options.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    reconnect: { maxAttempts: 3 },
    connectTimeoutMs: 10_000,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.close();
    return connectProblem(options, error as StreamerError);
  }
  try {
    if (signal.aborted) return interrupted(stderr);
    return await runReport(client, options);
  } finally {
    await client.close();
  }
}

async function runReport(client: StreamerClient, options: DemoOptions): Promise<number> {
  const { stdout, stderr, signal } = options;
  const payload = { recordCount: options.recordCount ?? 5000 };
  const bar = new ProgressBar(stdout, ACTION);
  let requestId: string | undefined;
  const onAck = (ack: { requestId: string; status: string }): void => {
    requestId = ack.requestId;
    line(stdout, `Acknowledged: request ${ack.requestId} is ${ack.status}`);
    bar.start('waiting for the first progress report…');
  };
  line(stdout, `Running ${ACTION} ${JSON.stringify(payload)}`);
  try {
    const data = await client.request(ACTION, payload, {
      onAck,
      onProgress: (progress, message) => bar.update(progress, message ?? ''),
      signal,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    bar.stop();
    line(stdout, requestId === undefined ? 'Result (answered at once):' : `Result of request ${requestId}:`);
    line(stdout, JSON.stringify(data, null, 2));
    return EXIT_OK;
  } catch (error) {
    bar.stop();
    if (signal.aborted) return interrupted(stderr, requestId);
    const failure = error as StreamerError;
    line(stderr, `${ACTION} failed: ${failure.code}: ${failure.message} (retryable: ${failure.retryable ? 'yes' : 'no'})`);
    return EXIT_FAILED;
  }
}

function interrupted(stderr: Output, requestId?: string): number {
  line(stderr, requestId === undefined ? 'Interrupted.' : `Interrupted: request ${requestId} was cancelled on the server.`);
  return EXIT_INTERRUPTED;
}

function notRunning({ url, stderr }: DemoOptions): number {
  line(stderr, `No Streamer stack is answering at ${url}: start it with npm start (or point STREAMER_URL at a running one).`);
  return EXIT_FAILED;
}

function tokenProblem(options: DemoOptions, error: unknown): number {
  if (error instanceof DevTokenError && error.reason === 'unreachable') return notRunning(options);
  line(options.stderr, `Could not get a dev token: ${error instanceof Error ? error.message : String(error)}. Set STREAMER_TOKEN to a token the stack accepts.`);
  return EXIT_FAILED;
}

function connectProblem(options: DemoOptions, error: StreamerError): number {
  if (isStreamerError(error, 'UNAUTHORIZED', 'FORBIDDEN')) {
    line(options.stderr, `The stack refused the token (${error.code}): mint another with npm run token, or unset STREAMER_TOKEN.`);
    return EXIT_FAILED;
  }
  return notRunning(options);
}
