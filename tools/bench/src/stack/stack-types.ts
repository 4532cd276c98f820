// The part of apps/local's LocalStack the benchmark uses, and what crosses the process boundary.
import type { TableNames } from '@streamer/store';

export interface ManagementStats {
  calls: Record<'POST' | 'GET' | 'DELETE', number>;
  injectedFaults: Record<number, number>;
}

export interface LocalStackLike {
  wsUrl: string;
  managementEndpoint: string;
  stage: string;
  region: string;
  tables: TableNames;
  dynamodbEndpoint: string;
  token(sub?: string, tenant?: string): Promise<string>;
  connectionCount(): number;
  managementStats(): ManagementStats;
  stop(): Promise<void>;
}

export interface StackStartOptions {
  /** Where the five Lambda bundles are (`<distDir>/<app>/index.js`). */
  distDir: string;
  /** Scratch directory for the stack's state (dev signing key) and its loader bundle. */
  scratch: string;
  /** GATEWAY_FAULTS syntax, e.g. `429:0.05,410:0.01`. */
  faults?: string;
  faultSeed?: number;
  pollIntervalMs?: number;
  /** Environment for the Lambdas (merged over process.env). */
  env?: Record<string, string>;
  /** A running DynamoDB to use instead of starting DynamoDB Local (table names come from `env`). */
  dynamodbEndpoint?: string;
}

export type StackInfo = Pick<LocalStackLike, 'wsUrl' | 'managementEndpoint' | 'stage' | 'region' | 'tables' | 'dynamodbEndpoint'>;

export interface StackStats {
  rss: number;
  heapUsed: number;
  connections: number;
  management: ManagementStats;
}
