// CDK app: `nx run infra:synth` / `nx deploy infra`. Settings come from CDK context (cdk.json or -c);
// JWT settings also from the deployer's environment (JWT_PUBLIC_KEY, JWKS_URL, JWT_ISSUER, …), as in CI.
import { App } from 'aws-cdk-lib';
import { parseSettings } from './config';
import { StreamerStack } from './stack';

const app = new App();
const context = (key: string, envVar?: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (typeof value === 'string' && value !== '') return value;
  return envVar ? process.env[envVar] || undefined : undefined;
};
const domainName = context('domainName');
const certificateArn = context('certificateArn');

new StreamerStack(app, context('stackName') ?? 'Streamer', {
  stageName: context('stageName'),
  jwt: {
    publicKey: context('jwtPublicKey', 'JWT_PUBLIC_KEY'),
    jwksUrl: context('jwksUrl', 'JWKS_URL'),
    issuer: context('jwtIssuer', 'JWT_ISSUER'),
    audience: context('jwtAudience', 'JWT_AUDIENCE'),
    tenantClaim: context('jwtTenantClaim', 'JWT_TENANT_CLAIM'),
  },
  customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  alarmTopicArn: context('alarmTopicArn'),
  settings: parseSettings(app.node.tryGetContext('settings')),
  env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
});
