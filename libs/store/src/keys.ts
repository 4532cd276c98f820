// Derived DynamoDB key values, one place for both implementations.

/** Tenant ids are escaped so the first "#" always ends the tenant part (no cross-tenant collisions). */
function escapeTenant(tenantId: string): string {
  return tenantId.replace(/%/g, '%25').replace(/#/g, '%23');
}

/** Subscriptions hash key: `${tenantId}#${topic}`, so the same topic in two tenants never mixes. */
export function subscriptionTopicKey(tenantId: string, topic: string): string {
  return `${escapeTenant(tenantId)}#${topic}`;
}

export const IDEMPOTENCY_GUARD_PREFIX = 'idem#';

/**
 * Key of the idempotency guard item kept in the requests table next to each request. Idempotency is
 * per user *of a tenant*: the same `sub` in two tenants is two users, so the tenant is part of the
 * key (each part URI-encoded, so no value can reach into the next). Guard items carry no `status`,
 * `userId` or `connectionId`, so stream consumers filtering on `status`, the GSIs and the
 * status-filtered scans never see them.
 */
export function idempotencyGuardKey(tenantId: string, userId: string, clientId: string): string {
  return `${IDEMPOTENCY_GUARD_PREFIX}${[tenantId, userId, clientId].map(encodeURIComponent).join('#')}`;
}
