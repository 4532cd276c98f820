// Connection status cache (seed 000: 30 s, to spare the store a lookup per send). Bounded LRU;
// expiry is checked against the injected clock so tests can move time with fake timers.
import { LRUCache } from 'lru-cache';

export type CachedStatus = 'connected' | 'gone';

export interface StatusCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

interface Entry {
  status: CachedStatus;
  expiresAt: number;
}

export class StatusCache {
  hits = 0;
  misses = 0;
  private readonly entries: LRUCache<string, Entry>;

  constructor(private readonly options: StatusCacheOptions) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries });
  }

  get(connectionId: string): CachedStatus | undefined {
    const entry = this.entries.get(connectionId);
    if (entry && entry.expiresAt > this.options.now()) {
      this.hits += 1;
      return entry.status;
    }
    if (entry) this.entries.delete(connectionId);
    this.misses += 1;
    return undefined;
  }

  set(connectionId: string, status: CachedStatus): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.set(connectionId, { status, expiresAt: this.options.now() + this.options.ttlMs });
  }

  invalidate(connectionId: string): void {
    this.entries.delete(connectionId);
  }

  get size(): number {
    return this.entries.size;
  }
}
