// The local stack's development signing key: an ES256 key pair generated on first use and kept in
// the git-ignored state directory (`.streamer/` at the repo root), so tokens minted by `npm run token`
// keep working across restarts.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { LocalStackError } from '../util/errors';

export const DEV_KEY_FILE = 'dev-jwt-key.json';

export interface DevKey {
  alg: 'ES256';
  privateKeyPem: string;
  publicKeyPem: string;
  file: string;
}

export async function loadOrCreateDevKey(stateDir: string): Promise<DevKey> {
  const file = path.join(stateDir, DEV_KEY_FILE);
  const existing = readDevKey(file);
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const key: DevKey = { alg: 'ES256', privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey), file };
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ alg: key.alg, privateKeyPem: key.privateKeyPem, publicKeyPem: key.publicKeyPem, createdAt: new Date().toISOString() }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  // Two first starts racing: whoever renamed last wins, and both use the file's key from now on.
  return readDevKey(file) ?? key;
}

function readDevKey(file: string): DevKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DevKey>;
    if (parsed.alg === 'ES256' && typeof parsed.privateKeyPem === 'string' && typeof parsed.publicKeyPem === 'string') {
      return { alg: 'ES256', privateKeyPem: parsed.privateKeyPem, publicKeyPem: parsed.publicKeyPem, file };
    }
  } catch {
    // Reported below.
  }
  throw new LocalStackError(`${file} is not a Streamer dev key: delete it to generate a new one`);
}
