// The management API endpoint, from configuration: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`,
// a custom domain (`https://ws.example.com` or with a base path), or the WebSocket URL itself (wss:// → https://),
// and the credentials both adapters sign with.

/** AWS credentials as the SDK's providers return them (`expiration` for temporary ones). */
export interface GatewayCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Static AWS credentials or a provider of them (both adapters accept either; the SDK's providers fit). */
export type GatewayCredentials = GatewayCredentialIdentity | (() => Promise<GatewayCredentialIdentity>);

export interface ManagementEndpoint {
  /** Normalised URL without a trailing slash, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod */
  url: string;
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number | undefined;
  /** Host header value (hostname plus non-default port). */
  host: string;
  /** Path prefix before `/@connections`, without a trailing slash ('' for a bare domain). */
  basePath: string;
  /** Region parsed from an execute-api hostname, if it is one. */
  region: string | undefined;
}

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const SCHEME_MAP: Readonly<Record<string, 'http:' | 'https:'>> = {
  'https:': 'https:',
  'wss:': 'https:',
  'http:': 'http:',
  'ws:': 'http:',
};

/** The region requests to `endpoint` are signed for: `region`, else the one in an execute-api hostname. */
export function regionOf(endpoint: ManagementEndpoint, region: string | undefined): string {
  const resolved = region ?? endpoint.region;
  if (!resolved) throw new TypeError(`No region for management API endpoint ${endpoint.url}: pass region`);
  return resolved;
}

/** Parses and normalises the configured endpoint; throws TypeError when it is not a usable URL. */
export function parseEndpoint(endpoint: string): ManagementEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(endpoint);
  } catch (error) {
    throw new TypeError(`Invalid management API endpoint ${JSON.stringify(endpoint)}: not a URL`, { cause: error });
  }
  const protocol = SCHEME_MAP[parsed.protocol];
  if (!protocol) throw new TypeError(`Invalid management API endpoint ${endpoint}: use https:// (or http:// locally)`);
  if (parsed.search || parsed.hash) throw new TypeError(`Invalid management API endpoint ${endpoint}: no query or fragment`);
  const basePath = parsed.pathname.replace(/\/+$/, '');
  const port = parsed.port === '' ? undefined : Number(parsed.port);
  const host = port === undefined ? parsed.hostname : `${parsed.hostname}:${port}`;
  return {
    url: `${protocol}//${host}${basePath}`,
    protocol,
    hostname: parsed.hostname,
    port,
    host,
    basePath,
    region: EXECUTE_API_HOST.exec(parsed.hostname)?.[1],
  };
}

/**
 * encodeURIComponent plus the RFC 3986 reserved characters it leaves alone (`!'()*`), as the SDK
 * encodes path labels. Connection ids are base64-like and never contain those, so the replacement
 * runs only when one is present (no regex per call on the delivery path).
 */
export function escapeUri(value: string): string {
  const encoded = encodeURIComponent(value);
  return hasReserved(encoded) ? encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : encoded;
}

function hasReserved(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 33 || (c >= 39 && c <= 42)) return true; // ! ' ( ) *
  }
  return false;
}
