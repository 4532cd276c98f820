// 8. Local stack end to end: the highest rate of `echo` frames the stack answers with p99 < 100 ms.
// Real sockets send echo frames open-loop at a stepped offered rate; each frame's reply goes socket →
// gateway emulator → router Lambda (connection read, rate-limit token on DynamoDB) → handler →
// management API emulator → socket. Beside it, in the same run: the router's store calls alone offered
// the same way from the benchmark (DynamoDB Local's own ceiling for that work), and the CPU each
// process of the stack spent per frame.
import { cpus } from 'node:os';
import type { ConnectionRecord } from '@streamer/store';
import { DEFAULT_RATE_LIMIT } from '@streamer/router';
import { type ProcessCpu, cpuSpent, processTreeCpu } from '../core/process-cpu';
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { type Ceiling, EchoSockets, findCeiling, type LoadStep, offerRate, type Operation } from '../drivers/echo-load';
import type { StackSession } from '../stack/stack-session';
import { cleanStack } from '../stack/shared-stacks';

const SIZES = {
  // Quick mode checks the scenario runs end to end; its rate is coarse (every fourth rate of the full steps).
  smoke: { sockets: 10, rates: [50], durationMs: 500, refine: 0 },
  quick: { sockets: 25, rates: [25, 100, 400], durationMs: 1_000, refine: 0 },
  full: { sockets: 100, rates: [25, 50, 100, 200, 400, 800, 1_600], durationMs: 4_000, refine: 3 },
};
const P99_BOUND_MS = 100;
const TENANT = 'bench-echo';
const USERS = 20;

interface CpuStep extends LoadStep {
  /** CPU ms per started operation, by process: the stack, DynamoDB Local (when the stack runs it). */
  stackCpuMs?: number;
  dynamoCpuMs?: number;
}

export const echo: Scenario = {
  id: 'echo',
  title: 'Local stack end to end: echo frames/s with p99 < 100 ms',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const size = sized(ctx, SIZES);
    const session = await cleanStack(ctx);
    const tokens = await session.tokens(Array.from({ length: USERS }, (_, i) => `echo-user-${i}`), TENANT);
    const urls = Array.from({ length: size.sockets }, (_, i) => `${session.info.wsUrl}?Authorization=${encodeURIComponent(tokens[i % USERS] as string)}`);
    const sockets = await EchoSockets.open(urls);
    const stepOptions = { durationMs: size.durationMs, drainMs: 2_000 };
    const search = { rates: size.rates, p99BoundMs: P99_BOUND_MS, refine: size.refine, settleMs: 500 };
    let echoes: Ceiling<CpuStep>;
    try {
      ctx.printer.progress(`echo: warming up ${size.sockets} sockets`);
      const warmRate = size.rates[0] as number;
      await offerRate(sockets.operation(), warmRate, { ...stepOptions, durationMs: Math.max(size.durationMs, (2 * size.sockets * 1000) / warmRate) });
      ctx.printer.progress('echo: stepping the offered rate');
      echoes = await findCeiling((rate) => measured(session, () => offerRate(sockets.operation(), rate, stepOptions)), search);
    } finally {
      sockets.close();
    }
    ctx.printer.progress('echo: the router\'s store calls alone');
    const calls = await storeCalls(session, size.sockets);
    await offerRate(calls, size.rates[0] as number, stepOptions);
    const store = await findCeiling((rate) => measured(session, () => offerRate(calls, rate, stepOptions)), search);
    return {
      params: { sockets: size.sockets, stepMs: size.durationMs, p99BoundMs: P99_BOUND_MS, rates: size.rates.join('/'), bisections: size.refine },
      figures: figures(echoes, store),
      notes: notes(echoes, store, size.sockets),
    };
  },
};

/** Runs one step and adds the CPU each process of the stack spent on it, per operation started. */
async function measured(session: StackSession, step: () => Promise<LoadStep>): Promise<CpuStep> {
  const pid = session.pid;
  const before = pid === undefined ? [] : processTreeCpu(pid);
  const result: CpuStep = await step();
  const spent = pid === undefined ? [] : cpuSpent(before, processTreeCpu(pid));
  const perFrame = (p: ProcessCpu | undefined): number | undefined => (p === undefined ? undefined : (p.seconds * 1000) / Math.max(1, result.started));
  const stack = perFrame(spent.find((p) => p.pid === pid));
  const dynamo = perFrame(spent.find((p) => p.name === 'java'));
  if (stack !== undefined) result.stackCpuMs = stack;
  if (dynamo !== undefined) result.dynamoCpuMs = dynamo;
  return result;
}

/**
 * What the router asks of DynamoDB for one echo frame, made from the benchmark on the stack's DynamoDB:
 * `admit` (one conditional UpdateItem: the connection is CONNECTED, a rate-limit token taken). Connections of their own, so their buckets are full.
 */
async function storeCalls(session: StackSession, count: number): Promise<Operation> {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const record: ConnectionRecord = { connectionId: `echo-base-${i}`, userId: `echo-base-${i}`, tenantId: `${TENANT}-base`, status: 'CONNECTED', endpoint: 'https://bench', connectedAt: now, lastActiveAt: now, ttl: Math.floor(now / 1000) + 86_400 };
    await session.stores.connections.put(record);
  }
  const { connections } = session.stores;
  return async (n) => {
    const connectionId = `echo-base-${n % count}`;
    const { decision } = await connections.admit(connectionId, DEFAULT_RATE_LIMIT, Date.now());
    if (!decision.allowed) throw new Error('rate limited');
  };
}

function figures(echoes: Ceiling<CpuStep>, store: Ceiling<CpuStep>): Figure[] {
  const storeRate = figure('echo.store-calls.rate', "the router's store call alone (admit), highest rate with p99 < 100 ms", store.rate, 'msg/s');
  const list: Figure[] = [figure('echo.rate', 'echo frames/s with p99 < 100 ms (local stack end to end)', echoes.rate, 'msg/s', storeRate), storeRate];
  if (echoes.at) list.push(figure('echo.p50', `echo p50 at ${echoes.at.offered} frames/s`, echoes.at.p50Ms, 'ms'), figure('echo.p99', `echo p99 at ${echoes.at.offered} frames/s`, echoes.at.p99Ms, 'ms'));
  // CPU per frame at the ceiling, or at the lowest rate offered when no rate held.
  const cpuStep = echoes.at ?? echoes.steps[0];
  if (cpuStep?.stackCpuMs !== undefined) list.push(figure('echo.cpu.stack', `stack process CPU per frame at ${cpuStep.offered} frames/s`, cpuStep.stackCpuMs, 'ms'));
  if (cpuStep?.dynamoCpuMs !== undefined) list.push(figure('echo.cpu.dynamodb', `DynamoDB Local CPU per frame at ${cpuStep.offered} frames/s`, cpuStep.dynamoCpuMs, 'ms'));
  if (cpuStep?.stackCpuMs !== undefined && cpuStep.dynamoCpuMs !== undefined) {
    const cores = cpus().length;
    list.push(figure('echo.cpu-bound', `frames/s ${cores} cores would carry at that CPU per frame (stack + DynamoDB Local), nothing else running`, (cores * 1000) / (cpuStep.stackCpuMs + cpuStep.dynamoCpuMs), 'msg/s'));
  }
  const storeStep = store.at ?? store.steps[0];
  if (storeStep?.dynamoCpuMs !== undefined) list.push(figure('echo.store-calls.cpu.dynamodb', `DynamoDB Local CPU per store-call pair at ${storeStep.offered}/s`, storeStep.dynamoCpuMs, 'ms'));
  return list;
}

function notes(echoes: Ceiling<CpuStep>, store: Ceiling<CpuStep>, sockets: number): string[] {
  const describe = (s: CpuStep): string =>
    `${s.offered}/s → p50 ${fmt(s.p50Ms)}, p99 ${fmt(s.p99Ms)}, ${s.finished}/${s.started} answered` +
    (s.stackCpuMs === undefined ? '' : `, stack ${s.stackCpuMs.toFixed(2)} CPU-ms/frame`) +
    (s.dynamoCpuMs === undefined ? '' : `, DynamoDB Local ${s.dynamoCpuMs.toFixed(2)} CPU-ms/frame`);
  return [
    `${sockets} sockets (${USERS} users) send \`echo\` frames round-robin, open-loop: each frame leaves when it is due, whatever earlier ones are doing, and its latency runs from that moment to its \`result\`. ` +
      'A frame with no result by 2 s after the step counts as slower than every answered one. The offered rate is stepped up until a rate misses p99 < 100 ms twice in a row (one retry, so a single stall on the shared machine does not end the search), then bisected between the last rate that held and the first that did not; after one untimed warm-up step (two frames per socket).',
    `Echo steps: ${echoes.steps.map(describe).join('; ')}.`,
    'Baseline: the router\'s DynamoDB work for one echo frame (connection read, then a rate-limit token on it) made from the benchmark process on the stack\'s DynamoDB, offered and stepped the same way — the ceiling DynamoDB Local itself puts on this work. ' +
      `Store steps: ${store.steps.map(describe).join('; ')}.`,
    'CPU per frame is each process\'s user + system time over the step divided by the frames offered in it (Linux /proc); the stack process runs the gateway and management-API emulators and the Lambda handlers with their SDK clients, DynamoDB Local is its child JVM (absent when the run was given a DynamoDB endpoint). ' +
      'Everything shares the machine\'s cores with the client process and whatever else runs: the "would carry" figure is the cores divided by the stack\'s and DynamoDB Local\'s CPU per frame, the ceiling of an otherwise idle machine, and the p99 ceiling falls below it as other load takes the cores (the run\'s load averages are in the report header). ' +
        'At low rates the stack\'s CPU per frame includes its idle work (the stream poller\'s 4 GetRecords a second), spread over few frames.',
  ];
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'not reached';
}
