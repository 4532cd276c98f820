// `@streamer/store/dynamo`: the DynamoDB adapters of the store's ports and their composition. Call
// `createDynamoStores` once per cold start, in the app, never at import.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@streamer/kernel';
import { createLogger } from '@streamer/kernel/node';
import { createHash } from 'node:crypto';
import { DynamoConnectionStore } from './dynamo/connection-store';
import { DynamoTopicEventStore } from './dynamo/event-store';
import { DynamoQuotaStore } from './dynamo/quota-store';
import { DynamoRequestStore } from './dynamo/request-store';
import { reuseResolvedHandlers } from './dynamo/resolved-handlers';
import { DynamoSubscriptionStore } from './dynamo/subscription-store';
import type { TableContext } from './dynamo/table';
import type { Stores } from './model';
import { createPageTokenCodec } from './page-token';
import { tableEnvVar, type TableKind, type TableNames } from './tables';

interface DynamoStoresOptions {
  /** A document client; it must be built with `marshallOptions.removeUndefinedValues: true`. */
  client?: DynamoDBDocumentClient;
  /** Used to build a client when `client` is absent (e.g. `{ endpoint }` for DynamoDB Local). */
  clientConfig?: DynamoDBClientConfig;
  tables: TableNames;
  /** Default: `createLogger('streamer-store')` (Powertools, JSON). */
  logger?: Logger;
  /** Epoch-ms clock for defaults (`now`, `at`); Date.now by default. */
  clock?: () => number;
  /**
   * Key for signing admin page tokens. Defaults to a value derived from the table name, which still
   * rejects edited, garbage and foreign-table tokens; set a secret to make tokens unforgeable too.
   */
  pageTokenSecret?: string;
}

export interface DynamoStores extends Stores {
  connections: DynamoConnectionStore;
  requests: DynamoRequestStore;
  subscriptions: DynamoSubscriptionStore;
  events: DynamoTopicEventStore;
  /** Connection, rate and job quotas (items in the connections table). */
  quotas: DynamoQuotaStore;
  /** The document client in use (shared by the four stores). */
  client: DynamoDBDocumentClient;
}

/**
 * The SDK's `loggerMiddleware`, on every client, hands its logger each command's input and output run
 * through the commands' sensitive-data filters: a no-op logger unless `config.logger` is set, but the
 * filters run anyway, about 20 µs of CPU per call (profiled on the router's async ack), outside the
 * request itself. Without a logger it is taken off the client's stack.
 */
const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

/** The store's document client: no SDK logger middleware unless `config.logger` is set, each command class's handler resolved once (`reuseResolvedHandlers`). */
export function createDynamoDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient(config);
  if (config.logger === undefined) client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  reuseResolvedHandlers(doc);
  return doc;
}

export function createDynamoStores(options: DynamoStoresOptions): DynamoStores {
  const doc = options.client ?? createDynamoDocumentClient(options.clientConfig);
  const logger = options.logger ?? createLogger('streamer-store');
  if (doc.config.translateConfig?.marshallOptions?.removeUndefinedValues !== true) {
    logger.warn('DynamoDB document client without removeUndefinedValues: writes with undefined fields will fail');
  }
  const clock = options.clock ?? Date.now;
  const context = (kind: TableKind): TableContext => ({ doc, table: options.tables[kind], envVar: tableEnvVar(kind), clock, logger });
  const connections = context('connections');
  const secret = options.pageTokenSecret ?? createHash('sha256').update(`streamer-page-token:${connections.table}`).digest('hex');
  const pageTokens = createPageTokenCodec({ secret, scope: connections.table, keyNames: ['connectionId'] });
  const requests = context('requests');
  return {
    connections: new DynamoConnectionStore(connections, pageTokens),
    requests: new DynamoRequestStore(requests),
    subscriptions: new DynamoSubscriptionStore(context('subscriptions'), connections),
    events: new DynamoTopicEventStore(context('events')),
    quotas: new DynamoQuotaStore(connections, requests),
    client: doc,
  };
}
