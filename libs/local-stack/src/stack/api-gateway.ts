// The API Gateway side of the stack, composed: the WebSocket gateway, the `@connections` management
// API (with fault injection), the local-only `/admin` route and any extra routes, over one registry of
// live connections. The stack wires it to the Lambda bundles; tests wire plain functions.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@streamer/kernel';
import { ConnectionRegistry } from '../gateway/connection';
import { createRandom, FaultInjector, type FaultSpec } from '../gateway/faults';
import { refuseUpgrade, type RouteIntegrations } from '../gateway/integrations';
import { ManagementApi, type ManagementApiStats } from '../gateway/management-api';
import { WebSocketGateway } from '../gateway/websocket-gateway';
import { type AdminInvoke, adminRoute, HttpRouter, type LambdaErrorLike, type Route, sendJson } from '../http/routes';
import { LocalStackError } from '../util/support';

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
  logger: Logger;
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

// The one HTTP server of the stack on 127.0.0.1: WebSocket upgrades go to the gateway, requests to
// the route table. Until the stack is ready both answer 503.
export const HOST = '127.0.0.1';

export class StackHttpServer {
  readonly server: Server;
  private router: HttpRouter | undefined;
  private gateway: WebSocketGateway | undefined;

  constructor() {
    // Keep-alive sockets of management-API clients stay up a minute (as behind AWS's load balancers),
    // so a pooled socket is rarely closed just as a client reuses it.
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      if (this.router) this.router.handle(req, res);
      else sendJson(res, 503, { message: 'The local stack is starting or stopping' });
    });
    this.server.on('upgrade', (req, socket, head: Buffer) => {
      if (this.gateway) this.gateway.handleUpgrade(req, socket, head);
      else refuseUpgrade(socket, 503, '{"message": "Service Unavailable"}');
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Binds 127.0.0.1:`port` (0 for any free port) and returns the port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const hint = error.code === 'EADDRINUSE' ? `Port ${port} on ${HOST} is in use: set PORT to another port (0 picks a free one)` : `Could not listen on ${HOST}:${port}`;
        reject(new LocalStackError(hint, { cause: error }));
      };
      this.server.once('error', onError);
      this.server.listen(port, HOST, () => {
        this.server.removeListener('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  serve(router: HttpRouter, gateway: WebSocketGateway): void {
    this.router = router;
    this.gateway = gateway;
  }

  /** Stops accepting; answers 503 to whatever still arrives on open keep-alive sockets. */
  stopServing(): void {
    this.router = undefined;
    this.gateway = undefined;
    if (this.server.listening) this.server.close();
  }

  /** Closes every remaining socket and waits for the server to be closed. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    this.server.closeAllConnections();
    await closed;
  }
}
