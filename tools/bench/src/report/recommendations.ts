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
    evidence: ['sender.ours-paged.rate', 'sender.ours-paged-read-ahead.rate'],
    text: (_f, v) =>
      '**Read ahead one page in the store\'s paging iterators** — `libs/store/src/dynamo/items.ts`, `iterate()`: start the Query for page k+1 as soon as page k arrives, before yielding its items ' +
      '(at most two pages in memory). Today every page boundary stalls all 50 broadcast workers for one DynamoDB round trip. ' +
      `Prototype in this run (pages of 100 at 10 ms, stub receiver): ${v('sender.ours-paged.rate')} → ${v('sender.ours-paged-read-ahead.rate')}. Helps broadcast by tenant, user and topic, and every other paging reader.`,
  },
  {
    evidence: ['broadcast.judged.vs-signed-ceiling'],
    text: (find, v) => {
      const page100 = find('broadcast.n10000.store-read.page100') ?? find('broadcast.n100.store-read.page100');
      const page1000 = find('broadcast.n10000.store-read.page1000') ?? find('broadcast.n100.store-read.page1000');
      const measured = page100 && page1000 ? ` Reading the largest fleet's recipients alone took ${formatValue(page100.value, 'ms')} in pages of 100 and ${formatValue(page1000.value, 'ms')} in pages of 1000.` : '';
      return (
        '**Fetch broadcast recipients in large pages of ids only** — `libs/connection-manager/src/broadcast-run.ts`, `runBroadcast()` passes `options.pageSize` through, so broadcasts use the store default of 100: default it to 1000 ' +
        '(a connection item is ~250 bytes; a Query page holds up to 1 MB) and let `byTenant`/`byUser`/`byTopic` take a projection so only `connectionId` is read and unmarshalled.' +
        measured +
        ` With read-ahead and no touches on broadcasts, this is the gap between ours (${v('broadcast.judged.vs-signed-ceiling')} of the ceiling) and its delivery path alone (${v('broadcast.judged.delivery-path.vs-signed-ceiling')}).`
      );
    },
  },
  {
    evidence: ['broadcast.judged.vs-signed-ceiling', 'broadcast.judged.no-touch.vs-signed-ceiling'],
    text: (_f, v) =>
      '**No activity touches for broadcast deliveries** — `libs/connection-manager/src/delivery.ts`, `Delivery.deliver()` calls `touches.record()` after every successful post, broadcasts included: ' +
      'a broadcast to N recipients queues min(N, 1000) `UpdateItem`s of `lastActiveAt` and drops the rest, which are offered again by the next broadcast because dropped touches are not remembered. ' +
      '`lastActiveAt` is about the client (the router already touches on inbound frames): pass `touch: false` from `runBroadcast`, keep it for `send`. Removes up to 1000 writes per broadcast and their CPU during it: ' +
      `at the judged size ours went from ${v('broadcast.judged.vs-signed-ceiling')} to ${v('broadcast.judged.no-touch.vs-signed-ceiling')} of the ceiling with touches off.`,
  },
  {
    evidence: ['sender.ours-ids.rate', 'sender.signed.rate'],
    text: (_f, v) =>
      `**Trim the per-delivery hot path** — against the stub, where only the sender's CPU counts, ours delivered ${v('sender.ours-ids.rate')} against ${v('sender.signed.rate')} for the bare signed loop. ` +
      'A CPU profile of `broadcast(ids)` against the stub (`node --cpu-prof`) puts the manager\'s own code at about a tenth of the sender\'s CPU, led by: ' +
      '`libs/connection-manager/src/delivery.ts` `withGatewayRetry()` (a new controls object and two closures per call — build them once, and make the first attempt outside `withRetry`); ' +
      'three LRU lookups or writes per delivery (status cache, per-connection failures, touch interval — `ConnectionFailures.recordSuccess` can return at once when nothing is tracked for the connection); ' +
      '`gateway/endpoint.ts` `encodeConnectionId()` (a regex replace per call — test first, API Gateway ids never contain `!\'()*`); ' +
      'and `broadcast.ts` `fromIds()` + `runPool()` (an async generator, a Set and a serialised promise chain per recipient — index an id array directly).',
  },
  {
    evidence: ['sender.lean-signed.rate', 'sender.signed.rate', 'sender.naive.rate'],
    text: (_f, v) =>
      '**Sign lean in the gateway adapter** — `libs/connection-manager/src/gateway/signed-gateway.ts`, `prepare()`: `SignatureV4.sign(new HttpRequest(…))` clones the request, resolves credentials, hashes the credentials again for its key cache and walks every header for each post. ' +
      'A signer for the one request shape (POST `/{stage}/@connections/{id}`; host, content-type, content-length, x-amz-date, x-amz-content-sha256, x-amz-security-token) on `node:crypto`, with the signing key derived once per day, gives the same Authorization header ' +
      `(tools/bench/src/drivers/lean-signer.ts, checked against @smithy/signature-v4 in its spec). Against the stub: ${v('sender.signed.rate')} → ${v('sender.lean-signed.rate')}, with the naive sample at ${v('sender.naive.rate')}. ` +
      'This is the only route to 2.5× the naive broadcast on this machine; keep SdkGateway as the reference adapter and run both through the shared error table.',
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
