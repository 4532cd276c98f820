// 3. Under faults: the local stack's management API answers 5 % of calls 429 and 1 % 410 (the socket
// really dropped). Ours (connection manager: retries with backoff, cleanup of gone connections) vs the
// naive AWS-sample broadcast (SDK default retries), each on its own fleet of the same size.
import { setTimeout as sleep } from 'node:timers/promises';
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { createMethod, type Delivered, type DeliveryMethod, type MethodKey } from '../drivers/methods';
import { nextRound } from '../drivers/round';
import type { Fleet } from '../fleet/fleet';
import type { FleetGroup, StackSession } from '../stack/stack-session';
import { connectConcurrency, FAULT_SEED, FAULTS, faultyStack } from '../stack/shared-stacks';

const SIZES = { smoke: { sockets: 30, rounds: 1 }, quick: { sockets: 100, rounds: 1 }, full: { sockets: 1_500, rounds: 2 } };

interface Tally {
  live: number;
  delivered: number;
  gone: number;
  lost: number;
  ms: number;
  retries: number;
}

export const faults: Scenario = {
  id: 'faults',
  title: `Broadcast under management-API faults (GATEWAY_FAULTS=${FAULTS}): ours vs naive`,
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const { sockets, rounds } = sized(ctx, SIZES);
    const session = await faultyStack(ctx);
    const tallies = new Map<MethodKey, Tally>();
    for (const key of ['ours', 'naive'] as const) {
      const group = await session.openFleet(`faults-${key}`, sockets, connectConcurrency(ctx));
      tallies.set(key, await runMethod(session, group, key, rounds));
    }
    const stats = await session.stats();
    return {
      params: { sockets, rounds, faults: FAULTS, seed: FAULT_SEED },
      figures: faultFigures(tallies.get('ours') as Tally, tallies.get('naive') as Tally),
      notes: [
        `Each method has its own fleet of ${sockets} sockets and broadcasts one untimed warm-up frame, then ${rounds} counted frame(s) to it; "live" counts the fleet's CONNECTED connections at the start of each round (an injected 410 really drops a socket).`,
        'Delivered = frames the sockets received; gone = recipients answered 410 (dropped, not deliverable); lost = live − delivered − gone: frames to live sockets that never arrived (throttled calls given up).',
        'Time runs until the broadcast call returned, retries and backoff included.',
        `The management API injected ${JSON.stringify(stats.management.injectedFaults)} faults over ${stats.management.calls.POST} POSTs in this scenario's stack.`,
      ],
    };
  },
};

async function runMethod(session: StackSession, group: FleetGroup, key: MethodKey, rounds: number): Promise<Tally> {
  const method = createMethod(key, session, group);
  const tally: Tally = { live: 0, delivered: 0, gone: 0, lost: 0, ms: 0, retries: 0 };
  try {
    await faultyRound(session.fleet, method, group.ids.length); // warm-up (JIT, socket pools), not counted
    await method.settle();
    const retriesBefore = method.counters()['retries'] ?? 0;
    for (let r = 0; r < rounds; r++) {
      const live = await liveCount(session, group.tenant);
      const { ms, delivered, result } = await faultyRound(session.fleet, method, live);
      tally.live += live;
      tally.delivered += delivered;
      tally.gone += result.gone;
      tally.lost += live - delivered - result.gone;
      tally.ms += ms;
      await method.settle();
    }
    tally.retries = (method.counters()['retries'] ?? 0) - retriesBefore;
    return tally;
  } finally {
    await method.close();
  }
}

async function faultyRound(fleet: Fleet, method: DeliveryMethod, live: number): Promise<{ ms: number; delivered: number; result: Delivered }> {
  const round = nextRound();
  const started = performance.now();
  const result = await method.deliver(round);
  const ms = performance.now() - started;
  return { ms, delivered: await settledCount(fleet, round, live), result };
}

/** Frames of `round` received, once the count reaches `max` or stops moving for 300 ms (at most 10 s). */
async function settledCount(fleet: Fleet, round: number, max: number): Promise<number> {
  let last = -1;
  for (let waited = 0; waited < 10_000; waited += 300) {
    const now = await fleet.received(round);
    if (now >= max || now === last) return now;
    last = now;
    await sleep(300);
  }
  return fleet.received(round);
}

async function liveCount(session: StackSession, tenant: string): Promise<number> {
  await sleep(500); // lets $disconnect of sockets dropped in the previous round land in the store
  let n = 0;
  for await (const _ of session.stores.connections.byTenant(tenant)) n += 1;
  return n;
}

function faultFigures(ours: Tally, naive: Tally): Figure[] {
  const pair = (what: keyof Tally, label: string, unit: 'count' | 'ms'): Figure[] => {
    const base = figure(`faults.naive.${what}`, `naive ${label}`, naive[what], unit);
    return [base, figure(`faults.ours.${what}`, `ours ${label}`, ours[what], unit, base)];
  };
  return [
    ...pair('live', 'live recipients', 'count'),
    ...pair('delivered', 'delivered', 'count'),
    ...pair('gone', 'gone (410)', 'count'),
    ...pair('lost', 'lost', 'count'),
    ...pair('ms', 'time', 'ms'),
    figure('faults.ours.retries', 'ours gateway retries', ours.retries, 'count'),
  ];
}
