// cdk-nag's AwsSolutions checks over the app as `cdk synth` builds it: no unacknowledged finding, and
// every acknowledgement names its rule with a reason.
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStreamerApp, type SynthEnvironment } from './app';
import { addNagChecks } from './nag';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'streamer-nag-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Report {
  pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs?: { constructPath: string }[] }[] }[];
}

/** Every unacknowledged finding as `rule at path`; synthesis itself fails when there is one. */
function findings(app: App): string[] {
  try {
    app.synth();
  } catch (error) {
    if (!/Validation failed|ValidationFailed/i.test(String(error))) throw error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as Report;
  return report.pluginReports.flatMap((p) => p.violations.flatMap((v) => (v.violatingConstructs ?? []).map((c) => `${v.ruleName} at ${c.constructPath}`)));
}

function streamerApp(env: SynthEnvironment, context: Record<string, unknown> = {}): { app: App; stack: Stack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(tmp, 'cdk-')), context });
  const code = () => lambda.Code.fromInline('exports.handler = async () => 1;');
  return createStreamerApp({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMFk=\n-----END PUBLIC KEY-----', ...env }, app, { code, removalPolicy: RemovalPolicy.DESTROY });
}

describe('cdk-nag AwsSolutions checks', () => {
  it('runs here: a queue without TLS enforcement or a DLQ is reported', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(tmp, 'bad-')) });
    new sqs.Queue(new Stack(app, 'Bad'), 'Plain');
    addNagChecks(app);
    expect(findings(app)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3 at Bad/Plain/Resource', 'AwsSolutions-SQS4 at Bad/Plain/Resource']));
  });

  it('finds nothing unacknowledged in the Streamer app, for an environment-agnostic and a pinned account and region', () => {
    expect(findings(streamerApp({}).app)).toEqual([]);
    expect(findings(streamerApp({ CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' }, { apiGatewayAccountRole: false }).app)).toEqual([]);
  });

  it('gives every acknowledgement a rule id and a reason of substance', () => {
    const { stack } = streamerApp({});
    const acknowledged = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    const entries = acknowledged.flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const [id, reason] of entries) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});
