// Input schemas (zod 4) for the admin events. Every field is checked before any store or gateway
// call: ids of a safe charset and bounded length, integer limits in range, bounded page tokens, the
// status enum, and no unknown parameters (a typo such as `next_token` must not silently restart a listing).
import { z } from 'zod';

export const MAX_ID_LENGTH = 256;
/** Connection ids (base64 with `=`), JWT subjects (`auth0|123`, e-mails, UUIDs) and tenant ids. */
/** Allowed characters (length is checked separately, so an empty id gets its own message). */
export const ID_PATTERN = /^[A-Za-z0-9._~:@|=+/-]*$/;
export const ID_CHARSET = 'A-Z a-z 0-9 . _ ~ : @ | = + / -';
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
export const MAX_NEXT_TOKEN_LENGTH = 2048;
export const CONNECTION_STATUSES = ['CONNECTED', 'DISCONNECTED'] as const;

const required = (field: string, type: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `${field} is required` : `${field} must be ${type}`;

export function idField(field: string) {
  return z
    .string({ error: required(field, 'a string') })
    .min(1, { error: `${field} must not be empty` })
    .max(MAX_ID_LENGTH, { error: `${field} must be at most ${MAX_ID_LENGTH} characters` })
    .regex(ID_PATTERN, { error: `${field} may only contain ${ID_CHARSET}` });
}

const LIMIT_MESSAGE = `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`;

export const limitField = z
  .int({ error: LIMIT_MESSAGE })
  .min(1, { error: LIMIT_MESSAGE })
  .max(MAX_PAGE_LIMIT, { error: LIMIT_MESSAGE });

export const nextTokenField = z
  .string({ error: 'nextToken must be a string' })
  .min(1, { error: 'nextToken must not be empty' })
  .max(MAX_NEXT_TOKEN_LENGTH, { error: 'invalid nextToken' });

export const statusField = z.enum(CONNECTION_STATUSES, {
  error: (issue) =>
    issue.input === undefined ? 'status is required' : `status must be one of ${CONNECTION_STATUSES.join(', ')}`,
});

/** A strict event schema for one action: `action` plus exactly the given parameters. */
export function actionEvent<const A extends string, S extends z.ZodRawShape>(action: A, shape: S) {
  return z.strictObject(
    { action: z.literal(action), ...shape },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} for ${action}`
          : undefined,
    },
  );
}

/** One readable line from the issues of a failed parse. */
export function describeIssues(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.message))].join('; ');
}
