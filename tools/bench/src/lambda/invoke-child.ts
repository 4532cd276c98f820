// Child process standing in for one Lambda execution environment: loads a bundle once (its env comes
// from the parent), then runs events through its `handler` one at a time, as Lambda does, timing each.
// With `countStoreCalls`, every DynamoDB client the bundle builds gets the store's counting middleware
// (`countCalls`, asking for consumed capacity per index), and each invocation reports its calls and
// its other outbound HTTP calls (the management-API posts), timed through Node's http diagnostics channels,
// and the stalls outside its store calls (waits for a core, GC pauses: stalls.ts).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { subscribe } from 'node:diagnostics_channel';
import http, { type ClientRequest } from 'node:http';
import { type CallCounter, countCalls, type StoreCall } from '@streamer/store/local';
import { createRequire } from 'node:module';
import { serveRpc } from '../core/rpc';
import { StallMeter, type Stalls } from './stalls';

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

export interface InvokeReport {
  durationsMs: number[];
  /** Outcomes by `statusCode` (or `ok` / `error`). */
  outcomes: Record<string, number>;
  /** The first few errors, for the report. */
  errors: string[];
  /** Per invocation, the DynamoDB calls it made (only when loaded with `countStoreCalls`). */
  storeCalls?: StoreCall[][];
  /** Per invocation, its outbound HTTP calls other than DynamoDB's (only when loaded with `countStoreCalls`). */
  gatewayCalls?: OutboundCall[][];
  /** Per invocation, its stalls outside its store calls (only when loaded with `countStoreCalls`). */
  stalls?: Stalls[];
}

/** One outbound HTTP call: from the request's start to its response. */
export interface OutboundCall {
  startedAt: number;
  durationMs: number;
}

let handler: Handler | undefined;
const counters: CallCounter[] = [];
let gatewayCalls: OutboundCall[] | undefined;
let stalls: StallMeter | undefined;

function load(args: { bundle: string; countStoreCalls?: boolean }): Promise<number> {
  if (args.countStoreCalls === true) {
    stalls = new StallMeter();
    countDynamoCalls(args.bundle, stalls);
    timeGatewayCalls();
  }
  const started = performance.now();
  const loaded = createRequire(args.bundle)(args.bundle) as { handler?: unknown };
  if (typeof loaded.handler !== 'function') throw new Error(`${args.bundle} exports no handler`);
  handler = loaded.handler as Handler;
  return Promise.resolve(performance.now() - started);
}

async function invoke(args: { events: unknown[] }): Promise<InvokeReport> {
  if (!handler) throw new Error('load a bundle first');
  const report: InvokeReport = { durationsMs: [], outcomes: {}, errors: [] };
  const spans: Array<{ from: number; to: number; runQueueMs: number }> = [];
  if (counters.length > 0) report.storeCalls = [];
  if (gatewayCalls) report.gatewayCalls = [];
  for (const event of args.events) {
    takeCalls();
    gatewayCalls?.splice(0);
    stalls?.startInvocation();
    const started = performance.now();
    const outcome = await run(handler, event, report);
    const ended = performance.now();
    report.durationsMs.push(ended - started);
    spans.push({ from: started, to: ended, runQueueMs: stalls?.endInvocation() ?? 0 });
    report.storeCalls?.push(takeCalls());
    report.gatewayCalls?.push(gatewayCalls?.splice(0) ?? []);
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  }
  if (stalls) report.stalls = await stallsOf(stalls, spans, report.storeCalls ?? []);
  return report;
}

/** Each invocation's stalls; waits a moment first, as GC entries reach the observer asynchronously. */
async function stallsOf(meter: StallMeter, spans: Array<{ from: number; to: number; runQueueMs: number }>, calls: StoreCall[][]): Promise<Stalls[]> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  const result = spans.map(({ from, to, runQueueMs }, i) => ({ runQueueMs, gcMs: meter.gcMs(from, to, calls[i] ?? []) }));
  meter.forgetGc();
  return result;
}

function takeCalls(): StoreCall[] {
  return counters.flatMap((counter) => counter.take());
}

/**
 * The bundle keeps the AWS SDK external, so it shares this process's `@aws-sdk/client-dynamodb`: the
 * clients' common `send` adds the counting middleware to each DynamoDB client's stack before its
 * first command (the document client shares its client's stack), and a middleware that hands every
 * DynamoDB call to `meter`, which gives waits for a core while a call is in flight to the store (the
 * store's document client calls its kept handlers without `send`, so a wrapper of `send` would miss
 * them). Other clients pass untouched.
 */
function countDynamoCalls(bundle: string, meter: StallMeter): void {
  const sdk = createRequire(bundle)('@aws-sdk/client-dynamodb') as { DynamoDBClient: typeof DynamoDBClient };
  const base = Object.getPrototypeOf(sdk.DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
  const send = base.send;
  const counted = new WeakSet<object>();
  base.send = function (this: DynamoClientLike, ...args: unknown[]) {
    if (this.config?.serviceId === 'DynamoDB' && !counted.has(this.middlewareStack)) {
      counted.add(this.middlewareStack);
      counters.push(countCalls(this as Parameters<typeof countCalls>[0], { consumedCapacity: true }));
      (this.middlewareStack as MiddlewareStackLike).add((next: (a: unknown) => Promise<unknown>) => (a: unknown) => meter.storeCall(() => next(a)), {
        step: 'initialize',
        name: 'benchStallMeter',
        override: true,
      });
    }
    return send.apply(this, args);
  };
}

/**
 * Times every outbound HTTP request that is not to DynamoDB (https://nodejs.org/docs/latest-v20.x/api/diagnostics_channel.html#http):
 * from the request's creation to `http.client.response.finish`, the time the handler spends on the
 * management API (the lean adapter's posts, or the SDK adapter's). Node 20 publishes
 * `http.client.request.start` only once the request has been written to its socket (and has no
 * `http.client.request.created`), so the creation is taken from `http.request` itself, wrapped here
 * before the bundle loads; `request.start` stays the fallback for a request made another way.
 */
function timeGatewayCalls(): void {
  const calls: OutboundCall[] = [];
  gatewayCalls = calls;
  const dynamoHost = process.env['DYNAMODB_ENDPOINT'] ? new URL(process.env['DYNAMODB_ENDPOINT']).host : undefined;
  const started = new WeakMap<ClientRequest, number>();
  const create = http.request;
  http.request = function (this: unknown, ...args: Parameters<typeof http.request>) {
    const createdAt = performance.now();
    const request = create.apply(this, args);
    started.set(request, createdAt);
    return request;
  } as typeof http.request;
  subscribe('http.client.request.start', (message) => {
    const { request } = message as { request: ClientRequest };
    if (!started.has(request)) started.set(request, performance.now());
  });
  subscribe('http.client.response.finish', (message) => {
    const { request } = message as { request: ClientRequest };
    const at = started.get(request);
    if (at === undefined || request.getHeader('host') === dynamoHost) return;
    calls.push({ startedAt: at, durationMs: performance.now() - at });
  });
}

interface DynamoClientLike {
  config?: { serviceId?: string };
  middlewareStack: object;
}

interface MiddlewareStackLike {
  add(middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>, options: { step: 'initialize'; name: string; override: boolean }): void;
}

async function run(h: Handler, event: unknown, report: InvokeReport): Promise<string> {
  try {
    const result = (await h(event, lambdaContext())) as { statusCode?: unknown } | undefined;
    return result && typeof result === 'object' && 'statusCode' in result ? String(result.statusCode) : 'ok';
  } catch (error) {
    if (report.errors.length < 3) report.errors.push(error instanceof Error ? error.message : String(error));
    return 'error';
  }
}

/** The parts of the Lambda context handlers read (deadline, request id). */
function lambdaContext(): Record<string, unknown> {
  const deadline = Date.now() + 30_000;
  return {
    awsRequestId: `bench-${Math.random().toString(36).slice(2)}`,
    functionName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

serveRpc({ load, invoke });
