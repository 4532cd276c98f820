// CDK app: `nx run infra:synth` / `nx deploy infra`. Settings come from CDK context (cdk.json or -c).
import { App } from 'aws-cdk-lib';
import { StreamerStack } from './stack';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const domainName = context('domainName');
const certificateArn = context('certificateArn');

new StreamerStack(app, context('stackName') ?? 'Streamer', {
  stageName: context('stageName'),
  jwt: {
    publicKey: context('jwtPublicKey'),
    jwksUrl: context('jwksUrl'),
    issuer: context('jwtIssuer'),
    audience: context('jwtAudience'),
    tenantClaim: context('jwtTenantClaim'),
  },
  customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  alarmTopicArn: context('alarmTopicArn'),
  env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
});
