// Error answers as the API Gateway management API gives them: the type in `x-amzn-ErrorType`, a
// JSON body `{"message": "…"}` and a request id.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/respond';

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'BadRequestException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  410: 'The connection with the provided id no longer exists.',
  413: 'Request entity too large',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function errorType(status: number): string {
  return ERROR_TYPES[status] ?? (status < 500 ? 'ClientException' : 'ServiceException');
}

export function sendGatewayError(res: ServerResponse, status: number, message = DEFAULT_MESSAGES[status] ?? errorType(status)): void {
  sendJson(res, status, { message }, { 'x-amzn-ErrorType': errorType(status), 'x-amzn-RequestId': randomUUID() });
}
