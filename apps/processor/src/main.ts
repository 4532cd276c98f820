// Lambda entry points of one bundle: `index.handler` for the requests stream, the SQS retry queue and
// both DLQs; `index.sweepHandler` for the scheduled sweeps (a second function, see ./sweep.ts).
// Importing this module reads no environment and opens no connection: the first invocation reads and
// validates the environment and builds the stores, the gateway, the retry queue and the registry once;
// later invocations of this execution environment reuse them. A missing or invalid variable fails that
// first invocation with an error naming it (and the next invocation tries again).
import { quotaPolicyFromEnv } from '@streamer/config';
import { createGateway } from '@streamer/connection-manager/gateway';
import { createRegistry } from '@streamer/handlers';
import { createTelemetry, type Telemetry } from '@streamer/kernel/node';
import type { BatchResponse } from '@streamer/processor';
import { DynamoStreamBatchReader, SqsRetryQueue } from '@streamer/processor/aws';
import { createDynamoStores } from '@streamer/store/dynamo';
import type { Context } from 'aws-lambda';
import { createProcessorHandler, type ProcessorEvent, type ProcessorHandler } from './app';
import { loadConfig, loadSweepConfig } from './config';
import { createSweepHandler, type SweepHandler, type SweepReport } from './sweep';

export type { ProcessorEvent } from './app';

/** SDK client settings: an emulator's endpoint (local stack), or none (AWS). */
const at = (endpoint: string | undefined): { endpoint?: string } => (endpoint ? { endpoint } : {});

/** An SDK client traced by X-Ray when tracing is on. */
const traced = (telemetry: Telemetry) => ({ captureClient: <T>(client: T): T => telemetry.tracing.captureClient(client) });

/** Builds the processor handler from an environment map. */
export function buildHandler(env: Record<string, string | undefined>): ProcessorHandler {
  const config = loadConfig(env);
  const telemetry = createTelemetry({ serviceName: 'streamer-processor', functionName: 'processor', env });
  const { logger, metrics } = telemetry;
  const stores = createDynamoStores({ tables: config.tables, logger, clientConfig: at(config.dynamodbEndpoint) });
  telemetry.tracing.captureClient(stores.client);
  const region = config.region ? { region: config.region } : {};
  const gateway = createGateway({ kind: config.gatewayAdapter, endpoint: config.websocketEndpoint, ...region, ...traced(telemetry) });
  const retryQueue = new SqsRetryQueue({ queueUrl: config.retryQueueUrl, clientConfig: at(config.sqsEndpoint), ...traced(telemetry) });
  const processor = createProcessorHandler({
    registry: createRegistry({ reportStepMs: config.reportStepMs }),
    stores,
    gateway,
    retryQueue,
    streamReader: new DynamoStreamBatchReader({ clientConfig: at(config.dynamodbEndpoint), ...traced(telemetry) }),
    quotas: { store: stores.quotas, connections: { store: stores.quotas, policy: quotaPolicyFromEnv(env) } },
    logger,
    metrics,
    settings: {
      maxRetries: config.maxRetries,
      retryDelayMs: config.retryDelayMs,
      leaseMs: config.leaseMs,
      progressIntervalMs: config.progressIntervalMs,
      cancelPollMs: config.cancelPollMs,
      deadlineMarginMs: config.deadlineMarginMs,
      maxResultBytes: config.maxResultBytes,
      deadLetterQueueArns: { retry: config.retryDeadLetterQueueArn, stream: config.streamDeadLetterQueueArn },
      ...(config.watchdogQueue
        ? { watchdog: { queue: new SqsRetryQueue({ queueUrl: config.watchdogQueue.url, clientConfig: at(config.sqsEndpoint), ...traced(telemetry) }), queueArn: config.watchdogQueue.arn } }
        : {}),
      eventRetentionSeconds: config.eventRetentionSeconds,
    },
  });
  return telemetry.wrap(processor);
}

let instance: ProcessorHandler | undefined;

export async function handler(event: ProcessorEvent, context: Context): Promise<BatchResponse> {
  instance ??= buildHandler(process.env);
  return instance(event, context);
}

/** Builds the sweep handler from an environment map. */
export function buildSweepHandler(env: Record<string, string | undefined>): SweepHandler {
  const config = loadSweepConfig(env);
  const telemetry = createTelemetry({ serviceName: 'streamer-processor-sweep', functionName: 'processor-sweep', env });
  const { logger, metrics } = telemetry;
  const stores = createDynamoStores({ tables: config.tables, logger, clientConfig: at(config.dynamodbEndpoint) });
  telemetry.tracing.captureClient(stores.client);
  const retryQueue = new SqsRetryQueue({ queueUrl: config.retryQueueUrl, clientConfig: at(config.sqsEndpoint), ...traced(telemetry) });
  const sweep = createSweepHandler({ requests: stores.requests, retryQueue, logger, metrics, stalledRetryAfterMs: config.stalledRetryAfterMs });
  return telemetry.wrap(sweep);
}

let sweepInstance: SweepHandler | undefined;

export async function sweepHandler(event: unknown, context?: Context): Promise<SweepReport> {
  sweepInstance ??= buildSweepHandler(process.env);
  return sweepInstance(event, context);
}
