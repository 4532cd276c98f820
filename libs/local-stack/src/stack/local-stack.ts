import type { TableNames } from '@streamer/store';
import type { ManagementApiStats } from '../gateway/management-api';
import type { Route } from '../http/router';
import type { FreezeStats } from '../lambda/freeze-check';
import type { StreamerQueues } from '../sqs/sqs-service';

/** A running local stack (see startLocalStack). */
export interface LocalStack {
  port: number;
  /** Clients connect here: `ws://127.0.0.1:<port>` (the stage path `/local` works too). */
  wsUrl: string;
  /** `http://127.0.0.1:<port>`: management API, /admin, and the web page routes. */
  httpUrl: string;
  /** The management API endpoint the Lambdas get as WEBSOCKET_ENDPOINT. */
  managementEndpoint: string;
  /** `POST` an admin Lambda event here. */
  adminUrl: string;
  stage: string;
  region: string;
  tables: TableNames;
  queues: StreamerQueues;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /** How tokens are signed: the stack's dev key, JWT_SECRET, or an external issuer (no minting). */
  signing: 'dev-key' | 'secret' | 'external';
  /** A token $connect accepts (default sub `dev-user`, tenant `dev-tenant`, 12 h). */
  token(sub?: string, tenant?: string, ttlSeconds?: number): Promise<string>;
  /** Invokes the admin Lambda directly and returns its response. */
  invokeAdmin(event: unknown): Promise<unknown>;
  /** Open WebSocket connections right now. */
  connectionCount(): number;
  /** Management API calls answered and faults injected since start. */
  managementStats(): ManagementApiStats;
  /** Invocations whose handler returned with work still pending, and that work by type (see `freezeCheck`). */
  freezeStats(): FreezeStats;
  /** Adds an HTTP route (matched after the built-in ones). */
  addRoute(route: Route): void;
  /**
   * Closes sockets, stops pollers, SQS and DynamoDB Local, restores process.env. Idempotent. With
   * `freezeCheck: 'strict'` it then rejects when any handler returned with work still pending.
   */
  stop(): Promise<void>;
}
