// Who a verified token speaks for. `sub` is the user; the tenant comes from the configured claim.
import type { JWTPayload } from 'jose';
import { rejection } from './jose-errors';

export interface Principal {
  userId: string;
  tenantId: string;
  /** Every claim of the verified token. */
  claims: JWTPayload;
}

export function principalFromClaims(claims: JWTPayload, tenantClaim: string): Principal {
  return {
    userId: requireText(claims, 'sub'),
    tenantId: requireText(claims, tenantClaim),
    claims,
  };
}

/** A required identity claim must be a non-empty string; anything else counts as missing. */
function requireText(claims: JWTPayload, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value.trim() === '') throw rejection('missing-claim', { claim: name });
  return value;
}
