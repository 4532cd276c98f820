// Finds the bearer token of an API Gateway WebSocket `$connect` event. Browsers cannot set headers
// on a WebSocket, so the query parameter `Authorization` comes first; the `Authorization` header
// (non-browser clients) second. Names are matched case-insensitively.

type SingleValues = Readonly<Record<string, string | undefined>>;
type MultiValues = Readonly<Record<string, readonly string[] | undefined>>;

/** The part of a `$connect` event this reads; `APIGatewayProxyWebsocketEventV2` fits it. */
export interface ConnectEventLike {
  queryStringParameters?: SingleValues | null;
  multiValueQueryStringParameters?: MultiValues | null;
  headers?: SingleValues | null;
  multiValueHeaders?: MultiValues | null;
}

const PARAMETER = 'authorization';

/**
 * The token, with any `Bearer ` prefix removed, or `undefined` when none is present. A value holding
 * whitespace after the prefix (another scheme such as `Basic …`) is not a token.
 */
export function extractToken(event: ConnectEventLike | null | undefined): string | undefined {
  if (!event) return undefined;
  return (
    firstToken(lookup(event.queryStringParameters, PARAMETER)) ??
    firstToken(lookup(event.multiValueQueryStringParameters, PARAMETER)) ??
    firstToken(lookup(event.headers, PARAMETER)) ??
    firstToken(lookup(event.multiValueHeaders, PARAMETER))
  );
}

function lookup<V>(values: Readonly<Record<string, V | undefined>> | null | undefined, name: string): V | undefined {
  if (!values) return undefined;
  const key = Object.keys(values).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : values[key];
}

function firstToken(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const values: readonly string[] = typeof value === 'string' ? [value] : value;
  for (const candidate of values) {
    const token = tokenOf(candidate);
    if (token !== undefined) return token;
  }
  return undefined;
}

function tokenOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const token = value.trim().replace(/^bearer(\s+|$)/i, '');
  return token === '' || /\s/.test(token) ? undefined : token;
}
