// Scenario 1 — JWT attacks over the wire. The stack trusts one issuer (its PEM public key, issuer and
// audience, as a deployment configures them); every forged, stale or malformed token is refused by
// the handshake with 401, stores no connection, and appears in no log line — neither the stack's own
// logger nor the Lambdas' Powertools output, captured at DEBUG for the whole file.
import { createTestIssuer, leakedFragments, type TestIssuer } from '@streamer/auth/testing';
import type { LocalStack } from '@streamer/local-stack';
import { TableReader } from '@streamer/local-stack/testing';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { handshake, type Transport } from './test-support/handshake';
import { captureOutput, type OutputCapture } from './test-support/output-capture';
import { recordOutcome } from './test-support/outcomes';
import { startStack } from './test-support/stack';

const ISSUER = 'https://id.reliability.test';
const AUDIENCE = 'streamer-reliability';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const seconds = (): number => Math.floor(Date.now() / 1000);

interface Keys {
  issuer: TestIssuer;
  stranger: TestIssuer;
}

interface Attack {
  name: string;
  /** What the connect Lambda logs as the refusal reason. */
  reason: string;
  token: (keys: Keys) => Promise<string | undefined>;
}

const claims = () => ({ sub: 'mallory', tenant_id: 'tenant-a', iss: ISSUER, aud: AUDIENCE, iat: seconds(), exp: seconds() + 600 });

async function tamper(token: string): Promise<string> {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${b64({ ...decoded, tenant_id: 'tenant-victim', sub: 'victim' })}.${signature}`;
}

const attacks: Attack[] = [
  { name: 'alg none', reason: 'alg-not-allowed', token: async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.` },
  {
    name: 'HS256 signed with the public key as the secret',
    reason: 'alg-not-allowed',
    token: (k) => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(k.issuer.publicKeyPem)),
  },
  { name: 'expired', reason: 'expired', token: (k) => k.issuer.mint({ ...claims(), iat: seconds() - 7200, exp: seconds() - 3600 }) },
  { name: 'nbf in the future', reason: 'not-yet-valid', token: (k) => k.issuer.mint({ ...claims(), nbf: seconds() + 3600 }) },
  { name: 'wrong iss', reason: 'wrong-issuer', token: (k) => k.issuer.mint({ ...claims(), iss: 'https://evil.test' }) },
  { name: 'wrong aud', reason: 'wrong-audience', token: (k) => k.issuer.mint({ ...claims(), aud: 'another-api' }) },
  { name: 'missing sub', reason: 'missing-claim', token: (k) => k.issuer.mint({ ...claims(), sub: undefined }) },
  { name: 'missing tenant', reason: 'missing-claim', token: (k) => k.issuer.mint({ ...claims(), tenant_id: undefined }) },
  { name: 'tampered payload', reason: 'bad-signature', token: async (k) => tamper(await k.issuer.mint(claims())) },
  { name: 'signed by a foreign key', reason: 'bad-signature', token: (k) => k.stranger.mint(claims()) },
  { name: 'garbage', reason: 'malformed', token: async () => randomBytes(600).toString('base64url') },
  { name: 'garbage in three segments', reason: 'malformed', token: async () => [1, 2, 3].map(() => randomBytes(90).toString('base64url')).join('.') },
  { name: 'empty', reason: 'missing-token', token: async () => '' },
  { name: 'absent', reason: 'missing-token', token: async () => undefined },
  { name: 'header only', reason: 'malformed', token: async () => b64({ alg: 'ES256', typ: 'JWT', kid: 'test-key-1' }) },
];

const transports: Transport[] = ['query', 'header'];

let stack: LocalStack;
let tables: TableReader;
let output: OutputCapture;
let keys: Keys;
const presented: string[] = [];
const refusals: { attack: string; transport: Transport; status: number }[] = [];

beforeAll(async () => {
  const issuer = await createTestIssuer({ issuer: ISSUER, audience: AUDIENCE });
  // The stranger uses the same kid, issuer and audience: only the key differs.
  const stranger = await createTestIssuer({ issuer: ISSUER, audience: AUDIENCE });
  keys = { issuer, stranger };
  output = captureOutput();
  stack = await startStack({
    logger: output.logger,
    env: { JWT_PUBLIC_KEY: issuer.publicKeyPem, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, POWERTOOLS_LOG_LEVEL: 'DEBUG' },
  });
  tables = new TableReader(stack);
});

afterAll(async () => {
  tables?.close();
  await stack?.stop();
  output?.stop();
  recordOutcome('jwt-attacks', {
    handshakes: refusals.length,
    refusedWith401: refusals.filter((r) => r.status === 401).length,
    logLinesScanned: output?.lines().length ?? 0,
    tokensChecked: presented.length,
  });
});

describe('the issuer the stack trusts', () => {
  it('is accepted over both transports, and the connection is stored with the token’s user and tenant', async () => {
    for (const transport of transports) {
      const token = await keys.issuer.mint(claims());
      presented.push(token);
      const before = await tables.connectionCount();
      const outcome = await handshake(stack.wsUrl, token, transport);
      expect(outcome.opened).toBe(true);
      if (outcome.opened) outcome.ws.close();
      expect(await tables.connectionCount()).toBe(before + 1);
    }
  });
});

describe.each(attacks)('a token that is $name', ({ token: make, reason }) => {
  it.each(transports)('is refused with 401 through the %s, nothing is stored, the refusal is logged without the token', async (transport) => {
    const token = await make(keys);
    if (token !== undefined) presented.push(token);
    const connectionsBefore = await tables.connectionCount();
    const linesBefore = output.lines().length;

    const outcome = await handshake(stack.wsUrl, token, transport);

    expect(outcome).toEqual({ opened: false, status: 401, body: expect.any(String) });
    if (!outcome.opened) refusals.push({ attack: reason, transport, status: outcome.status });
    expect(await tables.connectionCount()).toBe(connectionsBefore);
    const logged = output.lines().slice(linesBefore).join('\n');
    expect(logged).toContain('connect: token refused');
    expect(logged).toContain(`"reason":"${reason}"`);
    if (token !== undefined) {
      expect(leakedFragments(token, logged)).toEqual([]);
      if (!outcome.opened) expect(leakedFragments(token, outcome.body)).toEqual([]);
    }
  });
});

describe('the whole suite’s logs', () => {
  it('hold no fragment of any token presented, valid or forged', () => {
    const everything = output.lines().join('\n');
    expect(output.lines().length).toBeGreaterThan(attacks.length * transports.length);
    expect(presented.length).toBeGreaterThanOrEqual(attacks.length * transports.length);
    for (const token of presented) expect(leakedFragments(token, everything)).toEqual([]);
  });
});
