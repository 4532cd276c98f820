// Who a dev token is for: a user (`sub`) and a tenant. The same rule is checked by GET /dev/token, the
// web page's form and the demo, so a name the page accepts is one the route accepts.

export interface DevIdentity {
  sub: string;
  tenant: string;
}

export const DEV_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const DEV_NAME_RULE = '1–64 characters of A–Z a–z 0–9 . _ -';

/** Why `value` cannot be the `field` of a dev token, or undefined when it can. */
export function devNameProblem(field: 'sub' | 'tenant', value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return `${field} is required (${DEV_NAME_RULE})`;
  return DEV_NAME_PATTERN.test(value) ? undefined : `${field} must be ${DEV_NAME_RULE}`;
}

/** The path of the local stack's dev-token route for `identity`. */
export function devTokenPath({ sub, tenant }: DevIdentity): string {
  return `/dev/token?${new URLSearchParams({ sub, tenant }).toString()}`;
}
