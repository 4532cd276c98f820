// @streamer/connection-manager/gateway: the adapters of the management API port, built from
// configuration. Apps pass WEBSOCKET_ENDPOINT, the region and the kind (GATEWAY_ADAPTER, read by
// @streamer/config's `gatewayAdapter`); both adapters map errors identically. The fake is FakeGateway
// in ./testing.
import { parseEndpoint, regionOf } from './gateway/endpoint';
import type { ClosableGateway, GatewayConnectionInfo } from './gateway/port';
import type { SdkGatewayOptions } from './gateway/sdk-gateway';
import { SignedHttpGateway, type SignedHttpGatewayOptions } from './gateway/signed-gateway';

export { SignedHttpGateway } from './gateway/signed-gateway';

/** `lean` (the default everywhere): SigV4 on node:crypto over keep-alive HTTP; `sdk`: the AWS SDK client. */
type GatewayConfig = ({ kind: 'sdk' } & Omit<SdkGatewayOptions, 'client'>) | ({ kind: 'lean' } & SignedHttpGatewayOptions & LeanTracing);

/**
 * The lean adapter is plain HTTP: with tracing on, Powertools Tracer records its requests as it does
 * every outgoing HTTP(S) call, so there is no client to capture.
 */
interface LeanTracing {
  captureClient?: SdkGatewayOptions['captureClient'];
}

/**
 * `lean` is the fast path; `sdk` is the reference adapter over `@aws-sdk/client-apigatewaymanagementapi`,
 * which is loaded only when that kind is chosen (on the first call), so a Lambda on the lean path never
 * pays for requiring the SDK client at cold start.
 */
export function createGateway(config: GatewayConfig): ClosableGateway {
  switch (config.kind) {
    case 'lean': {
      const { captureClient: _traced, ...lean } = config;
      return new SignedHttpGateway(lean);
    }
    case 'sdk': {
      // Bad configuration fails here, as for the lean adapter, not on the first call.
      regionOf(parseEndpoint(config.endpoint), config.region);
      return new DeferredGateway(async () => new (await import('./gateway/sdk-gateway')).SdkGateway(config));
    }
    default:
      throw new TypeError(`Unknown gateway kind ${JSON.stringify((config as { kind?: unknown }).kind)}: use 'lean' or 'sdk'`);
  }
}

/** A gateway whose adapter module is loaded on its first call. */
class DeferredGateway implements ClosableGateway {
  private gateway: ClosableGateway | undefined;
  private loading: Promise<ClosableGateway> | undefined;
  private closed = false;

  constructor(private readonly load: () => Promise<ClosableGateway>) {}

  async post(connectionId: string, data: Uint8Array): Promise<void> {
    return (this.gateway ?? (await this.ready())).post(connectionId, data);
  }

  async get(connectionId: string): Promise<GatewayConnectionInfo> {
    return (this.gateway ?? (await this.ready())).get(connectionId);
  }

  async delete(connectionId: string): Promise<void> {
    return (this.gateway ?? (await this.ready())).delete(connectionId);
  }

  close(): void {
    this.closed = true;
    this.gateway?.close();
  }

  private ready(): Promise<ClosableGateway> {
    this.loading ??= this.load().then((gateway) => {
      if (this.closed) gateway.close();
      this.gateway = gateway;
      return gateway;
    });
    return this.loading;
  }
}
