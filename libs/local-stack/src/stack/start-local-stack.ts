// startLocalStack: the whole local deployment in this process. The five Lambda bundles run behind an
// API Gateway emulation (WebSocket + management API) on 127.0.0.1, against DynamoDB Local (or any
// DynamoDB) and SQS, with pollers feeding the processor the way Lambda's event sources do.
import { createMinter } from '../auth/mint';
import type { FreezeCheck } from '../lambda/freeze-check';
import { LambdaInvocationError } from '../lambda/lambda-function';
import { assertBundlesBuilt } from '../lambda/load-functions';
import { LocalStackError } from '../util/errors';
import { type LocalLogger, silentLogger } from '../util/logger';
import { type ApiGateway, createApiGateway } from './api-gateway';
import { startEventSources } from './event-sources';
import { HOST, StackHttpServer } from './http-server';
import type { LocalStack } from './local-stack';
import { type StackServices, startServices } from './services';
import { type LocalStackOptions, resolveSettings, type StackSettings } from './settings';
import { Teardown } from './teardown';

let running = false;

/** Starts a stack; one at a time per process (the Lambdas read process.env). */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const settings = resolveSettings(options);
  assertBundlesBuilt(settings.distDir);
  if (running) throw new LocalStackError('A local stack is already running in this process: stop it first (the Lambdas share process.env)');
  running = true;
  const logger = options.logger ?? silentLogger;
  const teardown = new Teardown(logger);
  teardown.add('stack slot', () => {
    running = false;
  });
  try {
    return await start(settings, options, teardown, logger);
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

async function start(settings: StackSettings, options: LocalStackOptions, teardown: Teardown, logger: LocalLogger): Promise<LocalStack> {
  const http = new StackHttpServer();
  const port = await http.listen(settings.port);
  teardown.add('HTTP server', () => http.close());
  const httpUrl = `http://${HOST}:${port}`;
  const services = await startServices(settings, httpUrl, teardown, logger);
  const api = createApi(settings, services, `${HOST}:${port}`, options, logger);
  teardown.add('WebSockets', () => api.gateway.close({ notifyDisconnect: !services.dynamo.embedded }));
  await startEventSources(settings, services, teardown, logger);
  http.serve(api.router, api.gateway);
  teardown.add('serving', () => http.stopServing());
  logger.debug('Local stack ready', { port, dynamodb: services.dynamo.endpoint, sqs: services.sqs.endpoint });
  return handle(settings, services, api, port, teardown);
}

function createApi(settings: StackSettings, services: StackServices, domainName: string, options: LocalStackOptions, logger: LocalLogger): ApiGateway {
  const { functions } = services;
  return createApiGateway({
    stage: settings.stage,
    domainName,
    integrations: {
      $connect: (event) => functions.connect.invoke(event),
      $disconnect: (event) => functions.disconnect.invoke(event),
      $default: (event) => functions.router.invoke(event),
    },
    admin: (event) => functions['admin-connection-manager'].invoke(event),
    describeError: describeLambdaError,
    faults: settings.faults,
    faultSeed: settings.faultSeed,
    idleTimeoutMs: settings.idleTimeoutMs,
    maxConnectionMs: settings.maxConnectionMs,
    routes: options.routes ?? [],
    logger,
  });
}

function handle(settings: StackSettings, services: StackServices, api: ApiGateway, port: number, teardown: Teardown): LocalStack {
  const httpUrl = `http://${HOST}:${port}`;
  const mint = createMinter(services.signer, settings.env);
  const admin = services.functions['admin-connection-manager'];
  let stopping: Promise<void> | undefined;
  return {
    port,
    wsUrl: `ws://${HOST}:${port}`,
    httpUrl,
    managementEndpoint: httpUrl,
    adminUrl: `${httpUrl}/admin`,
    stage: settings.stage,
    region: settings.region,
    tables: services.tables,
    queues: services.sqs.queues,
    dynamodbEndpoint: services.dynamo.endpoint,
    sqsEndpoint: services.sqs.endpoint,
    signing: services.signer.kind,
    token: (sub = 'dev-user', tenant = 'dev-tenant', ttlSeconds) => mint(ttlSeconds === undefined ? { sub, tenant } : { sub, tenant, ttlSeconds }),
    invokeAdmin: (event) => admin.invoke(event),
    connectionCount: () => api.registry.size,
    managementStats: () => api.managementStats(),
    freezeStats: () => services.freezeCheck.snapshot(),
    addRoute: (route) => api.router.add(route),
    stop: () => (stopping ??= teardown.run().then(() => assertNoPendingWork(services.freezeCheck))),
  };
}

/** In strict mode, the suite that ran the stack fails when any invocation left work pending. */
function assertNoPendingWork(check: FreezeCheck): void {
  const { invocationsWithPendingWork, pendingByType } = check.snapshot();
  if (check.mode !== 'strict' || invocationsWithPendingWork === 0) return;
  const kinds = Object.entries(pendingByType).map(([type, count]) => `${type} ×${count}`).join(', ');
  throw new LocalStackError(`${invocationsWithPendingWork} Lambda invocation(s) returned with work still pending (${kinds}); see the warn lines naming each function and awsRequestId`);
}

function describeLambdaError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof LambdaInvocationError) return { errorType: error.errorType, errorMessage: error.errorMessage };
  return { errorType: 'Error', errorMessage: error instanceof Error ? error.message : String(error) };
}
