// The deployed pipeline on one machine: the five Lambda bundles with the environment the CDK stack
// gives them, the run's DynamoDB Local tables (the store's Jest global setup), the requests stream
// read through the Streams API, an SQS emulator for retries and a recording management API.
import { randomBytes } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createTestIssuer, type TestIssuer } from '@streamer/auth/testing';
import { waitFor } from '@streamer/kernel/testing';
import type { Logger as StoreLogger } from '@streamer/kernel';
import { tableNamesFromEnv } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores, type DynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { TestClient } from './client';
import { type RecordingGateway, startRecordingGateway } from './gateway';
import { lambdaContext, type LambdaApp, type Lambdas, loadLambdas, websocketEvent } from './lambdas';
import { type BatchResponse, RetryFeed } from './retry-feed';
import { StreamFeed } from './stream-feed';

/** Settings of the functions (as `props.settings` of the stack), shortened so the suite runs quickly. */
export const PIPELINE_SETTINGS: Readonly<Record<string, string>> = {
  MAX_RETRIES: '2',
  RETRY_DELAY: '1s',
  REPORT_STEP: '200ms',
  CANCEL_POLL_INTERVAL: '150ms',
  RATE_LIMIT_PER_SECOND: '1',
  RATE_LIMIT_BURST: '20',
  STALE_AFTER: '1h',
};

const silent: StoreLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ProcessorInvocation {
  source: 'stream' | 'sqs';
  records: number;
  response: BatchResponse;
}

export class Pipeline {
  /** Every processor invocation, with its partial batch response. */
  readonly invocations: ProcessorInvocation[] = [];

  private constructor(
    readonly gateway: RecordingGateway,
    readonly retries: RetryFeed,
    readonly stream: StreamFeed,
    readonly stores: DynamoStores,
    readonly issuer: TestIssuer,
    private readonly lambdas: Lambdas,
    private readonly doc: ReturnType<typeof createDynamoDocumentClient>,
    private readonly destroyClients: () => void,
  ) {}

  static async start(): Promise<Pipeline> {
    const dynamodbEndpoint = process.env['DYNAMODB_ENDPOINT'];
    if (!dynamodbEndpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run with the store’s Jest global setup');
    const [gateway, retries, issuer] = await Promise.all([startRecordingGateway(), RetryFeed.start(), createTestIssuer()]);
    Object.assign(process.env, {
      ...PIPELINE_SETTINGS,
      WEBSOCKET_ENDPOINT: gateway.endpoint,
      RETRY_QUEUE_URL: retries.queueUrl,
      SQS_ENDPOINT: retries.endpoint,
      JWT_PUBLIC_KEY: issuer.publicKeyPem,
      POWERTOOLS_LOG_LEVEL: process.env['PIPELINE_LOG_LEVEL'] ?? 'SILENT',
      // The EMF lines of every invocation; the observability suite turns them back on.
      POWERTOOLS_METRICS_DISABLED: process.env['PIPELINE_LOG_LEVEL'] ? 'false' : 'true',
    });
    const tables = tableNamesFromEnv(process.env);
    const doc = createDynamoDocumentClient(localClientConfig(dynamodbEndpoint));
    const streams = new DynamoDBStreamsClient(localClientConfig(dynamodbEndpoint));
    const stream = new StreamFeed(streams, tables.requests);
    await stream.open();
    const stores = createDynamoStores({ client: doc, tables, logger: silent });
    const destroy = () => [doc, streams].forEach((client) => client.destroy());
    return new Pipeline(gateway, retries, stream, stores, issuer, await loadLambdas(), doc, destroy);
  }

  /** The same tables through stores on another clock (e.g. to leave a record last updated long ago). */
  storesAt(clock: () => number): DynamoStores {
    return createDynamoStores({ client: this.doc, tables: tableNamesFromEnv(process.env), logger: silent, clock });
  }

  async close(): Promise<void> {
    this.destroyClients();
    await Promise.all([this.gateway.close(), this.retries.close()]);
  }

  invoke(app: LambdaApp, event: unknown, remainingMs?: number): Promise<unknown> {
    return this.lambdas[app](event, lambdaContext(app, remainingMs));
  }

  event(routeKey: '$connect' | '$disconnect' | '$default', connectionId: string, extra: Record<string, unknown> = {}) {
    return websocketEvent(routeKey, connectionId, extra);
  }

  /** `$connect` with `?Authorization=<token>`; resolves with the status code API Gateway got. */
  async connectWith(token: string | undefined, connectionId = newConnectionId()): Promise<{ statusCode: number; connectionId: string }> {
    const query = token === undefined ? {} : { queryStringParameters: { Authorization: token } };
    const result = (await this.invoke('connect', this.event('$connect', connectionId, query))) as { statusCode: number };
    return { statusCode: result.statusCode, connectionId };
  }

  /** A client with a real signed JWT for `userId` in `tenantId`; fails unless `$connect` accepts it. */
  async connect(userId: string, tenantId: string): Promise<TestClient> {
    const token = await this.issuer.mint({ sub: userId, tenant_id: tenantId });
    const { statusCode, connectionId } = await this.connectWith(token);
    if (statusCode !== 200) throw new Error(`$connect answered ${statusCode}`);
    return new TestClient(this, connectionId, userId, tenantId);
  }

  /** Queued-request INSERTs written since the last call, as the event source mapping would deliver them. */
  nextStreamRecords(): Promise<DynamoDBRecord[]> {
    return this.stream.next();
  }

  /** Invokes the processor with one stream batch. */
  async deliverStream(records: DynamoDBRecord[], remainingMs = 300_000): Promise<BatchResponse> {
    const event: DynamoDBStreamEvent = { Records: records };
    const response = (await this.invoke('processor', event, remainingMs)) as BatchResponse;
    this.invocations.push({ source: 'stream', records: records.length, response });
    return response;
  }

  /** Receives the retries that are due and invokes the processor with them; returns how many ran. */
  async deliverDueRetries(): Promise<number> {
    const event = await this.retries.receive();
    if (event.Records.length === 0) return 0;
    const response = (await this.invoke('processor', event, 300_000)) as BatchResponse;
    this.invocations.push({ source: 'sqs', records: event.Records.length, response });
    await this.retries.acknowledge(event, response);
    return event.Records.length;
  }

  /**
   * Runs the processor's event sources until `condition` holds: new stream records are delivered as
   * they appear, retries once their delay has passed, one round every 50 ms. Bounded by `timeoutMs`.
   */
  async processUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      async () => {
        const records = await this.nextStreamRecords();
        if (records.length > 0) await this.deliverStream(records);
        await this.deliverDueRetries();
        return condition();
      },
      what,
      timeoutMs,
      50,
    );
  }

  /** Batch item failures the processor reported so far (none expected unless a test provokes them). */
  batchItemFailures(): string[] {
    return this.invocations.flatMap((invocation) => invocation.response.batchItemFailures.map((failure) => failure.itemIdentifier));
  }
}

/** An id shaped like API Gateway's (base64, may contain `/`, `+` and `=`). */
export function newConnectionId(): string {
  return randomBytes(11).toString('base64');
}
