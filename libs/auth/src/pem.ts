// PEM as environment variables often hold it: quoted, on one line with `\n` escapes, CRLF line
// ends, or with the line breaks lost. Normalised to a canonical PEM SPKI block before import.
import { configError } from './config-error';

const PEM = /^-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function normalizePem(value: string): string {
  const text = unquote(value.trim())
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .trim();
  const body = PEM.exec(text)?.[1]?.replace(/\s+/g, '') ?? '';
  if (!BASE64.test(body)) {
    throw configError(
      ['publicKeyPem'],
      'JWT_PUBLIC_KEY must be a PEM SPKI public key ("-----BEGIN PUBLIC KEY-----" … "-----END PUBLIC KEY-----")',
    );
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----'].join('\n');
}

function unquote(text: string): string {
  const first = text[0];
  if ((first === '"' || first === "'") && text.endsWith(first) && text.length >= 2) return text.slice(1, -1);
  return text;
}
