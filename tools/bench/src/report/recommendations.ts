// The changes in libs and apps the measurements point to, each with the figures of the run that
// support it. Rendered into docs/benchmarks.md under "What would close the gaps".
import type { Figure, SuiteResult } from '../core/results';
import { formatValue } from './format';

type Find = (key: string) => Figure | undefined;

interface Recommendation {
  /** Figures the recommendation cites; it is left out when the run did not measure them. */
  evidence: string[];
  text(find: Find, v: (key: string) => string): string;
}

const RECOMMENDATIONS: readonly Recommendation[] = [
  {
    evidence: ['router.ack.p50', 'router.store-calls.p50'],
    text: (_f, v) =>
      '**One store round trip fewer per async ack** — the router reads the connection (`libs/router/src/pipeline/lookup-connection.ts`), then takes a token with an `UpdateItem` on the same item (`libs/router/src/rate-limit.ts`), ' +
      'then writes the request transaction; on a connection\'s first reply `apps/router/src/replier.ts` `createManagerReplier()` → `ConnectionManager.send()` reads the connection again (status-cache miss) before posting the ack. ' +
      'Return the item from the token-bucket update (`ReturnValues: ALL_NEW`, condition `status = CONNECTED`) instead of the first `GetItem`, and give `send` a `verified` option (as broadcast recipients already have) for replies to the calling socket. ' +
      `Those calls took ${v('router.store-calls.p50')} (p50) back to back here, the handler ${v('router.ack.p50')}: a third of the store time goes.`,
  },
  {
    evidence: ['disconnect.p99', 'disconnect.store-calls.p99'],
    text: (_f, v) =>
      '**One round trip for $disconnect** — `apps/disconnect/src/app.ts` runs `markDisconnected` beside `SubscriptionStore.removeAllForConnection` (`libs/store/src/dynamo/subscription-store.ts`), ' +
      'which Queries the ConnectionIdIndex and only then batch-deletes: two sequential round trips even for a connection that never subscribed. ' +
      'Keep the connection\'s topics on its item (`subscribe` adds to a string set), have `markDisconnected` return them (`ReturnValues: ALL_NEW`) and delete those keys with one `BatchWriteItem` — none at all when the set is empty. ' +
      `Handler p99 ${v('disconnect.p99')} against ${v('disconnect.store-calls.p99')} for its store calls in this run.`,
  },
];

export function recommendationsFor(suite: SuiteResult): string[] {
  const all = suite.scenarios.flatMap((s) => s.figures);
  const find: Find = (key) => all.find((f) => f.key === key);
  const v = (key: string): string => {
    const f = find(key);
    return f ? formatValue(f.value, f.unit) : 'n/a';
  };
  return RECOMMENDATIONS.filter((r) => r.evidence.every((key) => find(key) !== undefined)).map((r) => `- ${r.text(find, v)}`);
}
