// Publish to a topic's N subscribers (real sockets), timed until every socket has the event, against
// broadcast({tenantId, topic}) of the same frame without history, in interleaved rounds on the same
// fleet: the ratio is what ordering and retention cost — a seq and a stored event (one
// TransactWriteItems on the topic's head) before the same fan-out.
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { compareMethods, type MethodRun, pairedRatio } from '../drivers/compare';
import { BENCH_TOPIC, CONCURRENCY, type MethodKey } from '../drivers/methods';
import { mapLimit } from '@streamer/kernel';
import type { FleetGroup, StackSession } from '../stack/stack-session';
import { cleanStack, connectConcurrency } from '../stack/shared-stacks';

interface Size {
  sockets: number;
  rounds: number;
}

const SIZES: { smoke: Size[]; quick: Size[]; full: Size[] } = {
  smoke: [{ sockets: 100, rounds: 1 }],
  quick: [{ sockets: 100, rounds: 3 }],
  full: [{ sockets: 1_000, rounds: 6 }],
};
const METHODS: readonly MethodKey[] = ['topic', 'publish'];

export const topicPublish: Scenario = {
  id: 'topic-publish',
  title: 'Publish to a topic of N subscribers (seq + stored event) vs broadcast({tenantId, topic}) without history',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const session = await cleanStack(ctx);
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const size of sized(ctx, SIZES)) {
      // The broadcast scenario's fleet of this size when it ran first (one tenant per size).
      const group = await session.openFleet(`bench-${size.sockets}`, size.sockets, connectConcurrency(ctx));
      if (group.open.opened < size.sockets) {
        notes.push(`N=${size.sockets}: not run, the fleet did not open completely (see the scale scenario).`);
        continue;
      }
      await subscribeAll(session, group);
      ctx.printer.progress(`topic-publish: ${size.rounds} rounds × ${METHODS.length} methods to ${size.sockets} subscribers`);
      const runs = await compareMethods(session, group, METHODS, size.rounds, true);
      const [topic, publish] = [runs.get('topic'), runs.get('publish')] as [MethodRun, MethodRun];
      const p = `topic-publish.n${size.sockets}`;
      const base = figure(`${p}.topic.time.p50`, `N=${size.sockets} broadcast({tenantId, topic}) time p50`, topic.time.p50Ms, 'ms');
      figures.push(
        figure(`${p}.topic.rate`, `N=${size.sockets} broadcast({tenantId, topic}), no history`, topic.rate, 'msg/s'),
        figure(`${p}.publish.rate`, `N=${size.sockets} publish({topic}), seq + stored event`, publish.rate, 'msg/s'),
        base,
        figure(`${p}.publish.time.p50`, `N=${size.sockets} publish time p50 (until every socket has it)`, publish.time.p50Ms, 'ms', base),
        figure(`${p}.publish.vs-topic`, `N=${size.sockets}: publish ÷ broadcast to the topic, throughput (median of ${publish.rounds} paired rounds)`, pairedRatio(publish, topic), 'x'),
      );
    }
    return { params: { sizes: sized(ctx, SIZES).map((s) => `${s.sockets}×${s.rounds}`).join(' '), concurrency: CONCURRENCY }, figures, notes: [...NOTES, ...notes] };
  },
};

/** Every socket of the fleet subscribed to the bench topic (as `subscribe` stores it), once per fleet. */
async function subscribeAll(session: StackSession, group: FleetGroup): Promise<void> {
  await mapLimit(group.ids, 50, (connectionId) => session.stores.subscriptions.add({ tenantId: group.tenant, topic: BENCH_TOPIC, connectionId, userId: 'bench' }));
}

const NOTES = [
  'Both methods reach the same subscribers (the fleet\'s sockets, each subscribed to the topic) through the same connection manager and lean signed gateway; the frame is the same ~200-byte event, with seq and publishedAt for publish.',
  'publish is what handlers, the admin function and EventBridge events use: the event is appended to the topic (TransactWriteItems on its head, one round trip for a single publisher) before the fan-out. The ratio is paired (median over interleaved rounds) and below 1 by that write; the gap narrows as N grows, since the write is paid once per event, not per socket.',
];
