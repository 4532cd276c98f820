// Arguments of `npm run token`: --sub, --tenant, --ttl (a duration: 30m, 12h, 7d, or seconds).
import { parseDuration } from '@streamer/config';
import { DEV_TOKEN_TTL_SECONDS, type TokenClaims } from './mint';

export const TOKEN_USAGE = 'usage: npm run token -- [--sub dev-user] [--tenant dev-tenant] [--ttl 12h]';

export type TokenArgs = { kind: 'ok'; claims: Required<TokenClaims> } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseTokenArgs(argv: readonly string[]): TokenArgs {
  const claims: Required<TokenClaims> = { sub: 'dev-user', tenant: 'dev-tenant', ttlSeconds: DEV_TOKEN_TTL_SECONDS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
    if (flag === '--sub') claims.sub = value;
    else if (flag === '--tenant') claims.tenant = value;
    else if (flag === '--ttl') {
      const ms = parseDuration(value);
      if (ms === undefined || ms < 1000) return { kind: 'error', message: `--ttl must be a duration like 30m, 12h or 7d, got "${value}"` };
      claims.ttlSeconds = Math.floor(ms / 1000);
    } else return { kind: 'error', message: `unknown argument ${flag}` };
  }
  return { kind: 'ok', claims };
}
