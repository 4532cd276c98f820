// The CDK app's inputs: CDK context (cdk.json or `-c key=value`) and a fixed list of environment
// variables. Everything that shapes the synthesized assembly is read here and nowhere else, so the
// list below is also the cache key of `nx run infra:synth` (apps/infra/project.json `inputs`, checked
// by app.spec.ts): a changed key or account never replays a stale template.
import { JWT_VARIABLES } from '@streamer/config/deployment';
import { App } from 'aws-cdk-lib';
import { parseNotifications } from './alarm-topic';
import { DEFAULT_THROTTLE, parseBoolean, parsePositiveNumber, parseSettings } from './config';
import { acknowledgeNagFindings, addNagChecks } from './nag';
import { StreamerStack, type StreamerStackProps } from './stack';

/**
 * Environment variables that shape the assembly. The JWT ones are fallbacks for their context keys
 * (as CI sets them); the CDK CLI derives CDK_DEFAULT_ACCOUNT/REGION from the AWS ones.
 */
export const SYNTH_ENVIRONMENT = [
  ...JWT_VARIABLES,
  'CDK_DEFAULT_ACCOUNT',
  'CDK_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
] as const;

export type SynthEnvironment = Partial<Record<(typeof SYNTH_ENVIRONMENT)[number], string>>;

/** Only the listed variables, so nothing else in the environment can shape the assembly unnoticed. */
export function synthEnvironment(env: NodeJS.ProcessEnv): SynthEnvironment {
  return Object.fromEntries(SYNTH_ENVIRONMENT.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}

/** Test seams: Lambda code other than the bundles, a removal policy. */
type Overrides = Pick<StreamerStackProps, 'code' | 'removalPolicy'>;

export function createStreamerApp(env: SynthEnvironment, app: App = new App(), overrides: Overrides = {}): { app: App; stack: StreamerStack } {
  const context = (key: string, fallback?: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (typeof value === 'string' && value !== '') return value;
    return fallback || undefined;
  };
  const raw = (key: string): unknown => app.node.tryGetContext(key);
  const domainName = context('domainName');
  const certificateArn = context('certificateArn');
  const stack = new StreamerStack(app, context('stackName') ?? 'Streamer', {
    stageName: context('stageName'),
    jwt: {
      publicKey: context('jwtPublicKey', env.JWT_PUBLIC_KEY),
      jwksUrl: context('jwksUrl', env.JWKS_URL),
      issuer: context('jwtIssuer', env.JWT_ISSUER),
      audience: context('jwtAudience', env.JWT_AUDIENCE),
      tenantClaim: context('jwtTenantClaim', env.JWT_TENANT_CLAIM),
      algorithms: context('jwtAlgorithms', env.JWT_ALGORITHMS),
    },
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    notifications: parseNotifications({ topicArn: context('alarmTopicArn'), email: context('alarmEmail'), webhookUrl: context('alarmWebhookUrl') }),
    throttle: {
      rateLimit: parsePositiveNumber('throttleRateLimit', raw('throttleRateLimit')) ?? DEFAULT_THROTTLE.rateLimit,
      burstLimit: parsePositiveNumber('throttleBurstLimit', raw('throttleBurstLimit')) ?? DEFAULT_THROTTLE.burstLimit,
    },
    apiGatewayAccountRole: parseBoolean('apiGatewayAccountRole', raw('apiGatewayAccountRole')),
    settings: parseSettings(raw('settings')),
    env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION },
    ...overrides,
  });
  addNagChecks(app);
  acknowledgeNagFindings(stack);
  return { app, stack };
}
