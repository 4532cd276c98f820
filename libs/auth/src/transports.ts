// Where a `$connect` event carries the token, and what `$connect` answers to a subprotocol offer.
// Three transports, read in this order:
//   1. query parameter `Authorization` (the compatible one; a query string ends up in access logs and
//      proxy logs when they log it);
//   2. header `Authorization: Bearer …` (clients that can set headers: Node, native apps);
//   3. `Sec-WebSocket-Protocol: streamer.v1, bearer.<jwt>` (browsers, which cannot set headers on a
//      WebSocket); `$connect` must answer with `Sec-WebSocket-Protocol: streamer.v1` — the name only,
//      never the token value — or the browser fails the handshake:
//      https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@streamer/protocol';

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
const PROTOCOL_HEADER = 'sec-websocket-protocol';

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
    firstToken(lookup(event.multiValueHeaders, PARAMETER)) ??
    subprotocolToken(offeredSubprotocols(event))
  );
}

/** What `$connect` answers to the client's `Sec-WebSocket-Protocol` offer. */
export type SubprotocolAnswer =
  /** No offer: answer without the header. */
  | { kind: 'none' }
  /** Echo `protocol` (the protocol name alone) in the `Sec-WebSocket-Protocol` response header. */
  | { kind: 'echo'; protocol: string }
  /** Subprotocols offered, ours not among them: no answer can complete the handshake; refuse it. */
  | { kind: 'unsupported' };

export function answerSubprotocol(event: ConnectEventLike | null | undefined): SubprotocolAnswer {
  const offered = event ? offeredSubprotocols(event) : [];
  if (offered.length === 0) return { kind: 'none' };
  return offered.includes(SUBPROTOCOL) ? { kind: 'echo', protocol: SUBPROTOCOL } : { kind: 'unsupported' };
}

/**
 * Every value of `Sec-WebSocket-Protocol`, in order. API Gateway hands the header over as the client
 * sent it (`streamer.v1, bearer.eyJ…`), in `headers` and as one element per header line in
 * `multiValueHeaders`; each is a comma-separated list (RFC 6455 §4.1), split and trimmed here.
 */
function offeredSubprotocols(event: ConnectEventLike): string[] {
  const multi = lookup(event.multiValueHeaders, PROTOCOL_HEADER);
  const single = lookup(event.headers, PROTOCOL_HEADER);
  const lines = multi ?? (single === undefined ? [] : [single]);
  return lines.flatMap((line) => (typeof line === 'string' ? line.split(',') : [])).map((value) => value.trim()).filter((value) => value !== '');
}

/** The JWT of the first `bearer.<jwt>` value, or undefined. */
function subprotocolToken(offered: readonly string[]): string | undefined {
  const value = offered.find((candidate) => candidate.toLowerCase().startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  const token = value?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  return token === undefined || token === '' ? undefined : token;
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
