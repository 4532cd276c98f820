// @streamer/connection-manager/gateway: the adapters of the management API port (AWS SDK v3 client, or
// SigV4-signed HTTP over keep-alive sockets), built from configuration. Apps pass WEBSOCKET_ENDPOINT
// and the region; both adapters map errors identically. The fake is FakeGateway in ./testing.
import type { ClosableGateway } from './gateway/port';
import { SdkGateway, type SdkGatewayOptions } from './gateway/sdk-gateway';
import { SignedHttpGateway, type SignedHttpGatewayOptions } from './gateway/signed-gateway';

export { SignedHttpGateway } from './gateway/signed-gateway';

type GatewayConfig =
  | ({ kind: 'sdk' } & Omit<SdkGatewayOptions, 'client'>)
  | ({ kind: 'signed' } & SignedHttpGatewayOptions);

/**
 * `signed` (SigV4 over keep-alive HTTP) is the fast path for broadcasts; `sdk` is the reference
 * adapter over the AWS SDK client. Both map errors identically.
 */
export function createGateway(config: GatewayConfig): ClosableGateway {
  switch (config.kind) {
    case 'sdk':
      return new SdkGateway(config);
    case 'signed':
      return new SignedHttpGateway(config);
    default:
      throw new TypeError(`Unknown gateway kind ${JSON.stringify((config as { kind?: unknown }).kind)}: use 'sdk' or 'signed'`);
  }
}
