import type { SignatureV4Init } from '@smithy/signature-v4';

/** Static AWS credentials or a provider of them (both adapters accept either). */
export type GatewayCredentials = SignatureV4Init['credentials'];
