import { GetFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StreamerStack } from '../stack';
import { parseDeployArgs } from './args';
import { runDeployFunction } from './deploy-function';
import { planStack, runDeployStack } from './deploy-stack';
import { zipBundle } from './function-zip';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'streamer-deploy-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function fakeBundle(app: string, source = 'exports.handler = async () => 1;'): string {
  const dir = path.join(tmp, 'bundles', app);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), source);
  fs.writeFileSync(path.join(dir, 'index.js.map'), '{"version":3}');
  fs.writeFileSync(path.join(dir, 'meta.json'), '{}');
  return path.join(tmp, 'bundles');
}

describe('deploy arguments', () => {
  it('reads the app, --dry-run in its spellings, --stack and --region', () => {
    expect(parseDeployArgs(['router', '--dry-run'])).toMatchObject({ positional: ['router'], dryRun: true, stackName: 'Streamer' });
    expect(parseDeployArgs(['router', '--dry-run=true', '--stack', 'Dev', '--region=eu-west-1'])).toMatchObject({ dryRun: true, stackName: 'Dev', region: 'eu-west-1' });
    expect(parseDeployArgs(['--dryRun=false']).dryRun).toBe(false);
    expect(() => parseDeployArgs(['--yes'])).toThrow('Unknown option --yes');
  });
});

describe('nx deploy <app>', () => {
  it('zips a bundle reproducibly, without the esbuild metafile', async () => {
    const root = fakeBundle('router');
    const [first, second] = await Promise.all([zipBundle(path.join(root, 'router')), zipBundle(path.join(root, 'router'))]);
    expect(first.sha256).toBe(second.sha256);
    expect(first.files).toEqual(['index.js', 'index.js.map']);
  });

  it('dry run reports the function, size and CodeSha256 without calling AWS', async () => {
    const lambdaMock = mockClient(LambdaClient);
    const line = await runDeployFunction(['router', '--dry-run'], { bundleRoot: fakeBundle('router'), client: new LambdaClient({}) });
    expect(line).toMatch(/^\[dry run\] would update the code of Streamer-router: [\d.]+ KiB zip \(index\.js, index\.js\.map\), CodeSha256 \S+=$/);
    expect(lambdaMock.calls()).toHaveLength(0);
  });

  it('uploads the zip as new code of every function that runs the bundle and waits until each is updated', async () => {
    const lambdaMock = mockClient(LambdaClient);
    lambdaMock.on(UpdateFunctionCodeCommand).resolves({ Version: '7' });
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'Successful', State: 'Active' } });
    const lines = await runDeployFunction(['processor', '--stack', 'Dev'], { bundleRoot: fakeBundle('processor'), client: new LambdaClient({ region: 'eu-west-1' }) });
    // The processor bundle is the code of two functions: the processor and its scheduled sweeps.
    const [line, sweepLine] = lines.split('\n');
    expect(line).toMatch(/^Deployed Dev-processor: .* as version 7$/);
    expect(sweepLine).toMatch(/^Deployed Dev-processor-sweep: .* as version 7$/);
    const [update, sweepUpdate] = lambdaMock.commandCalls(UpdateFunctionCodeCommand);
    expect(update?.args[0].input).toMatchObject({ FunctionName: 'Dev-processor', Publish: true });
    expect(sweepUpdate?.args[0].input).toMatchObject({ FunctionName: 'Dev-processor-sweep', Publish: true });
    expect(Buffer.from(update?.args[0].input.ZipFile ?? []).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses an unknown app and a missing bundle with a clear message', async () => {
    await expect(runDeployFunction(['frontend', '--dry-run'], { bundleRoot: tmp })).rejects.toThrow(/Unknown Lambda app "frontend"/);
    await expect(runDeployFunction(['connect', '--dry-run'], { bundleRoot: path.join(tmp, 'none') })).rejects.toThrow(/run `nx run <app>:bundle` first/);
  });
});

describe('nx deploy infra', () => {
  function assembly(jwt: { publicKey?: string }): string {
    const outdir = fs.mkdtempSync(path.join(tmp, 'cdk-'));
    const app = new App({ outdir });
    const code = () => lambda.Code.fromInline('exports.handler = async () => 1;');
    new StreamerStack(app, 'Streamer', { jwt, code, removalPolicy: RemovalPolicy.DESTROY });
    app.synth();
    return outdir;
  }

  it('dry run lists what the synthesized stack would deploy, offline', async () => {
    const line = await runDeployStack(['--dry-run'], assembly({ publicKey: 'pem' }));
    expect(line).toMatch(/^\[dry run\] would deploy Streamer: \d+ resources/);
    expect(line).toContain('6 × AWS::Lambda::Function');
    expect(line).toContain('4 × AWS::DynamoDB::Table');
  });

  it('refuses to deploy a stack synthesized with warnings unless forced', async () => {
    const dir = assembly({});
    expect(planStack(dir, 'Streamer').warnings).toEqual([expect.stringContaining('No JWT key')]);
    await expect(runDeployStack([], dir)).rejects.toThrow(/Refusing to deploy with warnings/);
  });

  it('explains a missing assembly', async () => {
    await expect(runDeployStack(['--dry-run'], path.join(tmp, 'nothing'))).rejects.toThrow(/run `nx run infra:synth` first/);
  });
});
