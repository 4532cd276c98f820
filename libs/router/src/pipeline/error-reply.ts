// Anything a step throws becomes the one `error` reply. RouterErrors carry their code; anything else
// (store failures included) is a retryable INTERNAL_ERROR whose details stay in the log.
import { error, errorFrom, type ErrorMessage, genericMessage } from '@streamer/protocol';
import { RouterError } from '../errors';
import type { RouterLogger } from '../logger';

export function errorReply(logger: RouterLogger, id: string | null, connectionId: string, err: unknown): ErrorMessage {
  if (err instanceof RouterError) {
    logger.info('router: request rejected', { connectionId, id, code: err.code });
    return errorFrom(id, err);
  }
  logger.error('router: request failed', { connectionId, id, error: err });
  return error(id, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
}
