// The whole stack through aws-cdk-lib's built-in CloudFormation template validation (resource schemas
// and CloudFormation's own rules), which the other suites turn off for speed (test-support/jest-setup.ts).
// Its findings are warnings by default; here any finding fails.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { StreamerStack } from './stack';

interface ValidationReport {
  pluginReports?: { pluginName: string; conclusion?: string; violations?: { ruleName: string; description?: string }[] }[];
}

describe('CloudFormation template validation', () => {
  let outdir: string;
  let saved: string | undefined;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'streamer-cfn-validate-'));
    saved = process.env['CDK_VALIDATION'];
    delete process.env['CDK_VALIDATION'];
  });
  afterAll(() => {
    if (saved !== undefined) process.env['CDK_VALIDATION'] = saved;
    rmSync(outdir, { recursive: true, force: true });
  });

  /** Every finding of the validation, as `plugin: rule description` (the report lists only plugins with findings). */
  function findings(build: (app: App) => void, name: string): string[] {
    const app = new App({ outdir: path.join(outdir, name), builtinCloudFormationValidation: true });
    build(app);
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
    return (report.pluginReports ?? []).flatMap((p) => (p.violations ?? []).map((v) => `${p.pluginName}: ${v.ruleName} ${v.description ?? ''}`));
  }

  it('runs here: a template CloudFormation would refuse (no resources) is reported', () => {
    expect(findings((app) => new Stack(app, 'Empty'), 'empty')).toEqual([expect.stringMatching(/^CloudFormation Validate: .*Resources section must exist/)]);
  });

  it('finds nothing in the synthesized stack', () => {
    const build = (app: App): void => {
      new StreamerStack(app, 'Streamer', {
        jwt: { publicKey: '-----BEGIN PUBLIC KEY-----\nMFk=\n-----END PUBLIC KEY-----', issuer: 'https://issuer.example' },
        code: () => lambda.Code.fromInline('exports.handler = async () => 1;'),
        removalPolicy: RemovalPolicy.DESTROY,
      });
    };
    expect(findings(build, 'streamer')).toEqual([]);
  });
});
