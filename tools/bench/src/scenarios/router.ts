// 6. Router ack p50/p99 for an async request (handler level), and end-to-end ack → result latency
// through the processor on the local stack.
import type { BenchContext, Scenario, ScenarioOutput } from '../core/scenario';
import { measureRouterAck } from './router-ack';
import { measureEndToEnd } from './router-e2e';

export const router: Scenario = {
  id: 'router',
  title: 'Router ack (async request) and end-to-end ack → result through the processor',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const ack = await measureRouterAck(ctx);
    const e2e = await measureEndToEnd(ctx);
    return {
      params: { ...ack.params, ...e2e.params },
      figures: [...ack.figures, ...e2e.figures],
      notes: [
        'Ack (handler level): the router bundle in its own process handles `generate_report` with recordCount 5000 (over the sync limit, so queued): ' +
          'parse, validate, connection read, token bucket, idempotent request transaction, ack posted with the signed gateway adapter to a loopback management API that answers at once.',
        'The ack and sync frames are counted again in a router process with all four quota limits at 0 (docs/quotas.md: "quotas off"), on connections of their own; ' +
          'only their store calls are reported (the `-quotas-off` rows of the store table).',
        'End to end: one real socket on the local stack sends the same request, one at a time; the ack is timed from the send, the result from the ack. ' +
          'The result path is DynamoDB Streams → the stack\'s stream poller (250 ms pause after an empty read: Lambda reads a shard 4 times a second) → processor Lambda → result stored, then posted. generate_report runs with REPORT_STEP=0, so the handler itself takes no time.',
      ],
    };
  },
};
