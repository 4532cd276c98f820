// The API Gateway side of the stack, composed: the WebSocket gateway, the `@connections` management
// API (with fault injection), the local-only `/admin` route and any extra routes, over one registry of
// live connections. The stack wires it to the Lambda bundles; tests wire plain functions.
import { ConnectionRegistry } from '../gateway/connection';
import { FaultInjector } from '../gateway/fault-injector';
import type { FaultSpec } from '../gateway/faults';
import type { RouteIntegrations } from '../gateway/integrations';
import { ManagementApi, type ManagementApiStats } from '../gateway/management-api';
import { createRandom } from '../gateway/random';
import { WebSocketGateway } from '../gateway/websocket-gateway';
import { type AdminInvoke, adminRoute, type LambdaErrorLike } from '../http/admin-route';
import { HttpRouter, type Route } from '../http/router';
import type { LocalLogger } from '../util/logger';

export interface ApiGatewayOptions {
  stage: string;
  /** `127.0.0.1:<port>`, the events' `domainName`. */
  domainName: string;
  integrations: RouteIntegrations;
  admin: AdminInvoke;
  describeError(error: unknown): LambdaErrorLike;
  faults: FaultSpec;
  faultSeed: number | undefined;
  idleTimeoutMs: number;
  maxConnectionMs: number;
  routes?: readonly Route[];
  logger: LocalLogger;
}

export interface ApiGateway {
  router: HttpRouter;
  gateway: WebSocketGateway;
  registry: ConnectionRegistry;
  managementStats(): ManagementApiStats;
}

export function createApiGateway(options: ApiGatewayOptions): ApiGateway {
  const registry = new ConnectionRegistry();
  const gateway = new WebSocketGateway({
    api: { apiId: 'local', stage: options.stage, domainName: options.domainName },
    integrations: options.integrations,
    registry,
    logger: options.logger,
    idleTimeoutMs: options.idleTimeoutMs,
    maxConnectionMs: options.maxConnectionMs,
  });
  const faults = new FaultInjector(options.faults, createRandom(options.faultSeed));
  const management = new ManagementApi({ registry, stage: options.stage, faults, logger: options.logger });
  const router = new HttpRouter(options.logger);
  for (const route of management.routes()) router.add(route);
  router.add(adminRoute(options.admin, options.describeError));
  for (const route of options.routes ?? []) router.add(route);
  return { router, gateway, registry, managementStats: () => management.stats() };
}
