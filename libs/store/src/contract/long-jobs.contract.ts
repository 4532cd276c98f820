// The RequestStore contract for large results and long jobs: result pieces stored beside the request,
// and `continueLater`, which re-queues a running job with its handler's state.
import { ConditionConflictError } from '../errors';
import type { RequestStore } from '../model';
import { manualClock, type StoreFactory, T0, uid } from './contract-support';

export function describeLongJobContract(name: string, factory: StoreFactory<RequestStore>): void {
  describe(`RequestStore large results and continuations: ${name}`, () => {
    const time = manualClock();
    let store: RequestStore;

    beforeEach(async () => {
      time.set(T0);
      store = await factory(time.clock);
    });

    async function processing(): Promise<string> {
      const requestId = uid('r');
      const request = { requestId, connectionId: 'conn-1', userId: uid('u'), tenantId: 't-1', clientId: uid('c'), action: 'a', payload: {} };
      await store.create(request);
      await store.claim(requestId, { leaseMs: 30_000 });
      return requestId;
    }

    it('stores a large result as pieces next to its request and completes it with their shape', async () => {
      const requestId = await processing();
      const pieces = ['{"rows":[', 'é'.repeat(100_000), ']}'];
      await store.putResultChunks(requestId, pieces, Math.floor(T0 / 1000) + 3600);
      const shape = { count: 3, bytes: 200_011, crc32: 1234 };
      const completed = await store.transition(requestId, ['processing'], 'completed', { resultChunks: shape });
      expect(completed).toMatchObject({ status: 'completed', resultChunks: shape });
      expect(completed.result).toBeUndefined();
      expect(await store.get(requestId)).toMatchObject({ resultChunks: shape });
      expect(await Promise.all(pieces.map((_, index) => store.resultChunk(requestId, index)))).toEqual(pieces);
      expect(await store.resultChunk(requestId, 3)).toBeUndefined();
      expect(await store.resultChunk(uid('other'), 0)).toBeUndefined();
    });

    it('re-queues a running job with its continuation, keeping its progress and attempts', async () => {
      const requestId = await processing();
      await store.updateProgress(requestId, 0.3);
      const continuation = { state: { done: 3000, cursor: 'k#17' }, segments: 1, attemptBase: 1 };
      const queued = await store.continueLater(requestId, continuation);
      expect(queued).toMatchObject({ status: 'queued', continuation, progress: 0.3, attempts: 1 });
      expect(queued.leaseExpiresAt).toBeUndefined();
      expect(await store.claim(requestId, { leaseMs: 1_000 })).toMatchObject({ status: 'processing', attempts: 2, continuation });
    });

    it('refuses to continue a job that is no longer running (cancelled)', async () => {
      const requestId = await processing();
      await store.cancel(requestId);
      const error: unknown = await store.continueLater(requestId, { state: {}, segments: 1, attemptBase: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionConflictError);
      expect(error).toMatchObject({ currentStatus: 'cancelled' });
    });
  });
}
