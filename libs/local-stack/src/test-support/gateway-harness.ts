// The API Gateway emulation on a real 127.0.0.1 port with plain functions as its integrations: what
// the WebSocket and management-API tests run against, without DynamoDB or the Lambda bundles.
import { silentLogger } from '@streamer/kernel';
import type { WebSocketEvent } from '../gateway/events';
import { parseFaultSpec } from '../gateway/faults';
import type { Integration } from '../gateway/integrations';
import type { AdminInvoke, Route } from '../http/routes';
import { type ApiGateway, createApiGateway, StackHttpServer } from '../stack/api-gateway';

export const GOOD_TOKEN = 'good';

export interface HarnessOptions {
  $connect?: Integration;
  $default?: Integration;
  admin?: AdminInvoke;
  idleTimeoutMs?: number;
  maxConnectionMs?: number;
  faults?: string;
  faultSeed?: number;
  routes?: Route[];
}

export interface GatewayHarness {
  port: number;
  wsUrl: string;
  httpUrl: string;
  api: ApiGateway;
  events: { $connect: WebSocketEvent[]; $default: WebSocketEvent[]; $disconnect: WebSocketEvent[] };
  stop(): Promise<void>;
}

/** Accepts `?Authorization=good`, refuses anything else with 401. */
export const tokenCheckingConnect: Integration = async (event) =>
  event.queryStringParameters?.['Authorization'] === GOOD_TOKEN ? { statusCode: 200 } : { statusCode: 401, body: '{"message":"Unauthorized"}' };

export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const http = new StackHttpServer();
  const port = await http.listen(0);
  const events: GatewayHarness['events'] = { $connect: [], $default: [], $disconnect: [] };
  const record = (route: keyof GatewayHarness['events'], next: Integration): Integration => (event) => {
    events[route].push(event);
    return next(event);
  };
  const api = createApiGateway({
    stage: 'local',
    domainName: `127.0.0.1:${port}`,
    integrations: {
      $connect: record('$connect', options.$connect ?? tokenCheckingConnect),
      $default: record('$default', options.$default ?? (async () => ({ statusCode: 200 }))),
      $disconnect: record('$disconnect', async () => ({ statusCode: 200 })),
    },
    admin: options.admin ?? (async () => ({ statusCode: 200, body: {} })),
    describeError: (error) => ({ errorType: (error as Error).name, errorMessage: (error as Error).message }),
    faults: parseFaultSpec(options.faults),
    faultSeed: options.faultSeed,
    idleTimeoutMs: options.idleTimeoutMs ?? 600_000,
    maxConnectionMs: options.maxConnectionMs ?? 7_200_000,
    routes: options.routes ?? [],
    logger: silentLogger,
  });
  http.serve(api.router, api.gateway);
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    api,
    events,
    stop: async () => {
      http.stopServing();
      await api.gateway.close({ notifyDisconnect: true, graceMs: 1_000 });
      await http.close();
    },
  };
}
