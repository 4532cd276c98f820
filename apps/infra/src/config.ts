/** JWT settings passed to $connect as env (see @streamer/auth). */
export interface JwtSettings {
  publicKey?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  tenantClaim?: string;
  algorithms?: string;
}

export interface CustomDomain {
  domainName: string;
  certificateArn: string;
}

export function hasJwtKey(jwt: JwtSettings): boolean {
  return Boolean(jwt.publicKey || jwt.jwksUrl);
}

export function jwtEnvironment(jwt: JwtSettings): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['JWT_PUBLIC_KEY', jwt.publicKey],
    ['JWKS_URL', jwt.jwksUrl],
    ['JWT_ISSUER', jwt.issuer],
    ['JWT_AUDIENCE', jwt.audience],
    ['JWT_TENANT_CLAIM', jwt.tenantClaim],
    ['JWT_ALGORITHMS', jwt.algorithms],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => Boolean(e[1])));
}
