// Input schemas for the admin events, with zod 4's tree-shakeable `zod/mini` API (the classic
// `zod` entry adds ~440 KiB to the Lambda bundle; mini adds ~20 KiB with the same validators).
// Every field is checked before any store or gateway call: ids of a safe charset and bounded
// length, integer limits in range, bounded page tokens, the status enum, and no unknown parameters
// (a typo such as `next_token` must not silently restart a listing from the first page).
import * as z from 'zod/mini';

export const MAX_ID_LENGTH = 256;
/** Allowed characters (length is checked separately, so an empty id gets its own message). */
export const ID_PATTERN = /^[A-Za-z0-9._~:@|=+/-]*$/;
/** Covers API Gateway connection ids (base64 with `=`), JWT subjects (`auth0|123`, e-mails, UUIDs) and tenant ids. */
export const ID_CHARSET = 'A-Z a-z 0-9 . _ ~ : @ | = + / -';
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
export const MAX_NEXT_TOKEN_LENGTH = 2048;
export const CONNECTION_STATUSES = ['CONNECTED', 'DISCONNECTED'] as const;

const LIMIT_MESSAGE = `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`;

const requiredOr = (field: string, problem: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `${field} is required` : `${field} ${problem}`;

export function idField(field: string) {
  return z.string({ error: requiredOr(field, 'must be a string') }).check(
    z.minLength(1, { error: `${field} must not be empty` }),
    z.maxLength(MAX_ID_LENGTH, { error: `${field} must be at most ${MAX_ID_LENGTH} characters` }),
    z.regex(ID_PATTERN, { error: `${field} may only contain ${ID_CHARSET}` }),
  );
}

export const limitField = z.int({ error: LIMIT_MESSAGE }).check(
  z.minimum(1, { error: LIMIT_MESSAGE }),
  z.maximum(MAX_PAGE_LIMIT, { error: LIMIT_MESSAGE }),
);

export const nextTokenField = z.string({ error: 'nextToken must be a string' }).check(
  z.minLength(1, { error: 'nextToken must not be empty' }),
  z.maxLength(MAX_NEXT_TOKEN_LENGTH, { error: 'invalid nextToken' }),
);

export const statusField = z.enum(CONNECTION_STATUSES, {
  error: requiredOr('status', `must be one of ${CONNECTION_STATUSES.join(', ')}`),
});

/** A strict event schema for one action: `action` plus exactly the given parameters. */
export function actionEvent<const A extends string, S extends z.core.$ZodLooseShape>(action: A, shape: S) {
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
export function describeIssues(error: { issues: readonly { message: string }[] }): string {
  return [...new Set(error.issues.map((issue) => issue.message))].join('; ');
}
