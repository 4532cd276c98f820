// The error-mapping table every gateway adapter must pass (SdkGateway with aws-sdk-client-mock and
// over HTTP, SignedHttpGateway over HTTP, FakeGateway by status).
import type { GatewayErrorKind } from '../errors';

export interface ErrorCase {
  title: string;
  status: number;
  /** x-amzn-ErrorType / SDK exception name; absent when the answer carries none. */
  errorType?: string;
  /** Response body as API Gateway sends it (may be empty or not JSON). */
  body: string;
  kind: GatewayErrorKind;
  retryable: boolean;
}

export const ERROR_TABLE: readonly ErrorCase[] = [
  { title: '410 GoneException, empty body', status: 410, errorType: 'GoneException', body: '', kind: 'gone', retryable: false },
  { title: '410 GoneException, JSON message', status: 410, errorType: 'GoneException', body: '{"message":"GoneException"}', kind: 'gone', retryable: false },
  { title: '429 LimitExceededException', status: 429, errorType: 'LimitExceededException', body: '{"message":"Rate exceeded"}', kind: 'throttled', retryable: true },
  { title: '429 TooManyRequestsException', status: 429, errorType: 'TooManyRequestsException', body: '{"message":"Too Many Requests"}', kind: 'throttled', retryable: true },
  { title: '500 InternalServerErrorException', status: 500, errorType: 'InternalServerErrorException', body: '{"message":"Internal server error"}', kind: 'server', retryable: true },
  { title: '502 without an error type', status: 502, body: '{"message":"Bad Gateway"}', kind: 'server', retryable: true },
  { title: '503 ServiceUnavailableException', status: 503, errorType: 'ServiceUnavailableException', body: '{"message":"Service Unavailable"}', kind: 'server', retryable: true },
  { title: '504 with an empty body', status: 504, body: '', kind: 'server', retryable: true },
  { title: '413 PayloadTooLargeException', status: 413, errorType: 'PayloadTooLargeException', body: '{"message":"Request Too Long"}', kind: 'payload-too-large', retryable: false },
  { title: '403 ForbiddenException', status: 403, errorType: 'ForbiddenException', body: '{"message":"Forbidden"}', kind: 'forbidden', retryable: false },
  { title: '403 InvalidSignatureException', status: 403, errorType: 'InvalidSignatureException', body: '{"message":"The request signature we calculated does not match the signature you provided."}', kind: 'forbidden', retryable: false },
  { title: '400 BadRequestException', status: 400, errorType: 'BadRequestException', body: '{"message":"Invalid connectionId"}', kind: 'client', retryable: false },
];
