// startLocalStack: the whole local deployment in this process. The five Lambda bundles run behind an
// API Gateway emulation (WebSocket + management API) on 127.0.0.1, against DynamoDB Local (or any
// DynamoDB) and SQS, with pollers feeding the processor the way Lambda's event sources do.
import { type Logger, silentLogger } from '@streamer/kernel';
import type { TableNames } from '@streamer/store';
import { createMinter } from '../auth/dev-tokens';
import type { ManagementApiStats } from '../gateway/management-api';
import type { Route } from '../http/routes';
import type { FreezeCheck, FreezeStats } from '../lambda/freeze-check';
import { LambdaInvocationError } from '../lambda/lambda-function';
import { bundleScript, HotReload } from '../lambda/hot-reload';
import { assertBundlesBuilt } from '../lambda/load-functions';
import { LocalStackError } from '../util/support';
import { type ApiGateway, createApiGateway, HOST, StackHttpServer } from './api-gateway';
import { startEventSources } from './event-sources';
import { type StackServices, startServices, type StreamerQueues } from './services';
import { type LocalStackOptions, resolveSettings, type StackSettings } from './settings';

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

async function start(settings: StackSettings, options: LocalStackOptions, teardown: Teardown, logger: Logger): Promise<LocalStack> {
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
  startHotReload(settings, services, teardown, logger);
  logger.debug('Local stack ready', { port, dynamodb: services.dynamo.endpoint, sqs: services.sqs.endpoint });
  return handle(settings, services, api, port, teardown);
}

function startHotReload(settings: StackSettings, services: StackServices, teardown: Teardown, logger: Logger): void {
  if (!settings.hotReload) return;
  const { distDir, printLine } = settings;
  const reload = new HotReload({
    ...settings.hotReload,
    distDir,
    functions: services.functions,
    rebuild: bundleScript(distDir, settings.hotReload.sourceRoot),
    print: printLine ?? ((line) => logger.info(line)),
    logger,
  });
  reload.start();
  teardown.add('hot reload', () => reload.close());
}

function createApi(settings: StackSettings, services: StackServices, domainName: string, options: LocalStackOptions, logger: Logger): ApiGateway {
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
  const { invocationsWithPendingWork, pendingByType, examples } = check.snapshot();
  if (check.mode !== 'strict' || invocationsWithPendingWork === 0) return;
  const kinds = Object.entries(pendingByType).map(([type, count]) => `${type} ×${count}`).join(', ');
  throw new LocalStackError(
    `${invocationsWithPendingWork} Lambda invocation(s) returned with work still pending (${kinds}): ${examples.join('; ')}${invocationsWithPendingWork > examples.length ? '; …' : ''}`,
  );
}

function describeLambdaError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof LambdaInvocationError) return { errorType: error.errorType, errorMessage: error.errorMessage };
  return { errorType: 'Error', errorMessage: error instanceof Error ? error.message : String(error) };
}

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

// Stops what was started, last started first; one failing step never keeps the others from running.
type Step = { name: string; run: () => unknown };

export class Teardown {
  private steps: Step[] = [];

  constructor(private readonly logger: Logger) {}

  add(name: string, run: () => unknown): void {
    this.steps.push({ name, run });
  }

  async run(): Promise<void> {
    const steps = this.steps.reverse();
    this.steps = [];
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        this.logger.warn(`Stopping ${step.name} failed`, { error });
      }
    }
  }
}
