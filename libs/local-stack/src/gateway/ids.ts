// Identifiers shaped like API Gateway's: 11 random bytes in URL-safe base64 with its padding, e.g.
// `SsVbLdDtIAMCJ-g=` for connection ids, message ids and request ids.
import { randomBytes } from 'node:crypto';

export function gatewayId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

/** API Gateway's `requestTime` format: `23/Nov/2026:06:25:45 +0000`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
