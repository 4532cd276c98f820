// The local stack's functions and Lambda environment against the deployment facts the CDK stack is
// built from (@streamer/config/deployment; apps/infra/src/deployment.spec.ts checks the template).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEPLOYMENT_VARIABLES, LAMBDA_APPS, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS } from '@streamer/config/deployment';
import { lambdaEnvironment } from '../stack/lambda-env';
import { assertBundlesBuilt, loadFunctions } from './load-functions';

// Stand-in bundles: every export answers with its own name and the context it was given.
const distDir = mkdtempSync(path.join(tmpdir(), 'streamer-deployment-'));
const bundle = `const answer = (name) => async (_event, context) => ({ name, memory: context.memoryLimitInMB, functionName: context.functionName });
module.exports = { handler: answer('handler'), sweepHandler: answer('sweepHandler') };
`;
for (const app of LAMBDA_APPS) {
  mkdirSync(path.join(distDir, app));
  writeFileSync(path.join(distDir, app, 'index.js'), bundle);
}
afterAll(() => rmSync(distDir, { recursive: true, force: true }));

describe('the local stack agrees with the deployment facts', () => {
  const functions = loadFunctions(distDir, 'us-east-1', 'streamer-local');

  it('runs exactly the functions of the table', () => {
    expect(Object.keys(functions).sort()).toEqual([...LAMBDA_FUNCTION_NAMES].sort());
    expect(() => assertBundlesBuilt(distDir)).not.toThrow();
  });

  it.each(LAMBDA_FUNCTION_NAMES)('runs %s with the handler export, timeout and memory of the table', async (name) => {
    const facts = LAMBDA_FUNCTIONS[name];
    const fn = functions[name];
    expect(fn.timeoutMs).toBe(facts.timeoutSeconds * 1000);
    await expect(fn.invoke({})).resolves.toEqual({
      name: facts.handler.split('.')[1],
      memory: String(facts.memoryMb),
      functionName: `streamer-local-${name}`,
    });
  });

  it('sets every variable the deployment sets for any function', () => {
    const env = lambdaEnvironment({
      base: {},
      tables: { connections: 'c', requests: 'r', subscriptions: 's', events: 'e' },
      region: 'us-east-1',
      websocketEndpoint: 'http://127.0.0.1:3001',
      retryQueueUrl: 'http://127.0.0.1:9/000000000000/retry',
      watchdogQueue: { url: 'http://127.0.0.1:9/000000000000/watchdog', arn: 'arn:aws:sqs:us-east-1:000000000000:watchdog' },
      deadLetterQueueArns: { retry: 'arn:retry-dlq', stream: 'arn:stream-dlq' },
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      sqsEndpoint: 'http://127.0.0.1:9',
      externalServices: false,
      auth: {},
    });
    const listed = new Set(LAMBDA_FUNCTION_NAMES.flatMap((name) => LAMBDA_FUNCTIONS[name].environment));
    expect([...listed].sort()).toEqual([...DEPLOYMENT_VARIABLES].sort());
    for (const variable of DEPLOYMENT_VARIABLES) expect(env[variable]).toEqual(expect.any(String));
  });
});
