// Builds a gateway adapter from configuration (apps pass WEBSOCKET_ENDPOINT and the region).
import type { ClosableGateway } from './port';
import { SdkGateway, type SdkGatewayOptions } from './sdk-gateway';
import { SignedHttpGateway, type SignedHttpGatewayOptions } from './signed-gateway';

export type GatewayConfig =
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
