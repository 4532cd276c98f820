// AWS SDK v3 exception → GatewayError, by the exception's shape: `$metadata.httpStatusCode`, the
// modeled exception name (GoneException, LimitExceededException, …) and `$fault`. Errors without an
// HTTP answer are transport failures (timeouts by the SDK's TimeoutError name or ETIMEDOUT code).
import { ApiGatewayManagementApiServiceException } from '@aws-sdk/client-apigatewaymanagementapi';
import { gatewayErrorFromResponse, gatewayTransportError, type GatewayError, type GatewayOperation } from './errors';

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function translateSdkError(error: unknown, details: { operation: GatewayOperation; connectionId: string }): GatewayError {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const name = typeof shape.name === 'string' ? shape.name : undefined;
  if (status !== undefined || error instanceof ApiGatewayManagementApiServiceException) {
    const errorType = name === 'ApiGatewayManagementApiServiceException' ? undefined : name;
    return gatewayErrorFromResponse({ status, errorType, fault: faultOf(shape.$fault), ...details }, error);
  }
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const timedOut = (name !== undefined && TIMEOUT_CODES.has(name)) || (code !== undefined && TIMEOUT_CODES.has(code));
  return gatewayTransportError(timedOut ? 'timeout' : 'network', details, error);
}

function faultOf(fault: unknown): 'client' | 'server' | undefined {
  return fault === 'client' || fault === 'server' ? fault : undefined;
}
