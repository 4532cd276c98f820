import { App, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStreamerApp, SYNTH_ENVIRONMENT, synthEnvironment, type SynthEnvironment } from './app';
import { runDeployStack } from './deploy/deploy-stack';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'streamer-app-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const BASE: SynthEnvironment = {
  JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMFk=\n-----END PUBLIC KEY-----',
  JWT_ISSUER: 'https://issuer.example',
};

/** What `nx deploy infra --dry-run` prints for an assembly synthesized from `env`. */
async function dryRun(env: SynthEnvironment): Promise<string> {
  const outdir = fs.mkdtempSync(path.join(tmp, 'cdk-'));
  const code = () => lambda.Code.fromInline('exports.handler = async () => 1;');
  const { app } = createStreamerApp(env, new App({ outdir }), { code, removalPolicy: RemovalPolicy.DESTROY });
  app.synth();
  return runDeployStack(['--dry-run', '--force'], outdir);
}

describe('the CDK app inputs', () => {
  it('keeps only the listed variables from the environment', () => {
    expect(synthEnvironment({ JWT_PUBLIC_KEY: 'pem', HOME: '/root', MAX_RETRIES: '9', JWKS_URL: '' })).toEqual({ JWT_PUBLIC_KEY: 'pem' });
  });

  it('makes every listed variable an input of the cached synth target', () => {
    const project = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'project.json'), 'utf8')) as {
      targets: { synth: { cache: boolean; inputs: (string | { env?: string })[] } };
    };
    const envInputs = project.targets.synth.inputs.flatMap((input) => (typeof input === 'object' && input.env ? [input.env] : []));
    expect(envInputs.sort()).toEqual([...SYNTH_ENVIRONMENT].sort());
  });

  it('reads the environment in main.ts alone, through the list', () => {
    const production = (f: string): boolean => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.startsWith(`test-support${path.sep}`);
    const sources = fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter(production);
    const readers = sources.filter((f) => /process\.env/.test(fs.readFileSync(path.join(__dirname, f), 'utf8')));
    expect(readers).toEqual(['main.ts']);
  });

  // The AWS_* variables shape the assembly through the CDK CLI, which turns them into CDK_DEFAULT_*.
  const shaping: [keyof SynthEnvironment, string][] = [
    ['JWT_PUBLIC_KEY', '-----BEGIN PUBLIC KEY-----\nMFl=\n-----END PUBLIC KEY-----'],
    ['JWKS_URL', 'https://issuer.example/.well-known/jwks.json'],
    ['JWT_ISSUER', 'https://other.example'],
    ['JWT_AUDIENCE', 'streamer'],
    ['JWT_TENANT_CLAIM', 'org_id'],
    ['JWT_ALGORITHMS', 'RS256'],
    ['CDK_DEFAULT_ACCOUNT', '123456789012'],
    ['CDK_DEFAULT_REGION', 'eu-west-1'],
  ];

  // The base assembly's dry run, synthesized once for every case.
  let base: Promise<string> | undefined;

  it.each(shaping)('changes the dry run when %s changes', async (name, value) => {
    const before = await (base ??= dryRun(BASE));
    const after = await dryRun({ ...BASE, [name]: value });
    expect(after.split('\n')[0]).not.toEqual(before.split('\n')[0]);
  });

  it('shows the target environment and the template hash in the dry run', async () => {
    const line = await dryRun({ ...BASE, CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' });
    expect(line).toMatch(/^\[dry run\] would deploy Streamer: \d+ resources to aws:\/\/123456789012\/eu-west-1, template sha256 [0-9a-f]{64}$/m);
  });
});
