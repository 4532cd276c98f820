// 1. Raw ceiling: concurrent (50) keep-alive POSTs to the local stack's @connections endpoint for a
// fleet of real sockets, timed until every socket has its frame: plain HTTP unsigned, the same signed
// with SigV4 (the "SigV4-signed plain keep-alive POST ceiling" of SPEC §6), and the SDK client.
import { figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { compareMethods, type MethodRun } from '../drivers/compare';
import { CONCURRENCY, type MethodKey } from '../drivers/methods';
import { cleanStack, connectConcurrency } from '../stack/shared-stacks';
import { measureSenderSide } from './sender-side';

const SIZES = { smoke: { sockets: 50, rounds: 1 }, quick: { sockets: 100, rounds: 3 }, full: { sockets: 1_000, rounds: 6 } };

export const rawCeiling: Scenario = {
  id: 'raw-ceiling',
  title: 'Raw ceiling: concurrent keep-alive POSTs to the local @connections endpoint',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const { sockets, rounds } = sized(ctx, SIZES);
    const session = await cleanStack(ctx);
    const group = await session.openFleet(`bench-${sockets}`, sockets, connectConcurrency(ctx));
    const runs = await compareMethods(session, group, ['unsigned', 'signed', 'sdk'], rounds, true);
    const get = (key: MethodKey): MethodRun => runs.get(key) as MethodRun;
    const sender = await measureSenderSide(ctx);
    const unsigned = figure('raw-ceiling.unsigned.rate', 'plain POST, unsigned', get('unsigned').rate, 'msg/s');
    const signed = figure('raw-ceiling.signed.rate', 'plain POST, SigV4-signed', get('signed').rate, 'msg/s', unsigned);
    return {
      params: { sockets: group.ids.length, rounds, posts: group.ids.length * rounds, concurrency: CONCURRENCY, ...sender.params },
      figures: [unsigned, signed, figure('raw-ceiling.sdk.rate', 'SDK PostToConnectionCommand', get('sdk').rate, 'msg/s', signed), ...sender.figures],
      notes: [
        `Each round posts one ~200-byte frame to each of ${group.ids.length} connected sockets, ${CONCURRENCY} requests in flight over a keep-alive agent, and ends when every socket has received it (the sockets live in a separate process, the gateway emulator in a third).`,
        'Signing uses @smithy/signature-v4 with the Node crypto hash, as the SDK does; the SDK client has its retries off so every method posts exactly once.',
        'This is the delivery limit of the gateway emulator on this machine; AWS API Gateway would add network round trips but not this CPU.',
        '"stub:" figures measure the sender alone: the same posts to a loopback stub that answers at once from its own process (no sockets behind it), as the SPEC §6 calibration did. ' +
          'Ours there uses in-memory stores: broadcast(ids) with a warm status cache, and broadcast({tenantId}) reading its recipients as pages of ids. ' +
          '"the lean gateway adapter" is `createGateway({kind: \'lean\'})` (the default of every app) posting in the same bare loop: LeanSigner on node:crypto, the same Authorization header as @smithy/signature-v4 (proven in libs/connection-manager/src/gateway/sigv4.spec.ts).',
      ],
    };
  },
};
