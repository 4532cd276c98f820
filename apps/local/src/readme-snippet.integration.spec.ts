// The root README's "Using it from code" snippet, run as the README says: saved as a file in the
// repository and run with tools/scripts/run-ts.cjs, against a running stack, with STREAMER_URL and
// STREAMER_TOKEN. When the snippet stops running as written, this fails.
import { silentLogger } from '@streamer/kernel';
import { workspaceRoot } from '@streamer/kernel/node';
import { type LocalStack, startLocalStack } from '@streamer/local-stack';
import { testStackOptions } from '@streamer/local-stack/testing';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTs } from './test-support/run-ts';

const root = workspaceRoot(__dirname);

/** The first ```ts block after "Using it from code" in the root README. */
function readmeSnippet(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('Using it from code'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ts block under "Using it from code"');
  return block;
}

describe('the README client snippet', () => {
  let stack: LocalStack | undefined;
  let dir: string;

  beforeAll(async () => {
    stack = await startLocalStack(testStackOptions('readme', { logger: silentLogger, env: { REPORT_STEP: '20ms' } }));
    mkdirSync(path.join(root, 'tmp'), { recursive: true });
    dir = mkdtempSync(path.join(root, 'tmp', 'readme-snippet-'));
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs as written: progress up to 100 %, then the report, then the process exits by itself', async () => {
    if (!stack) throw new Error('The stack did not start');
    const file = path.join(dir, 'try.ts');
    writeFileSync(file, readmeSnippet());

    const run = await runTs(file, { STREAMER_URL: stack.wsUrl, STREAMER_TOKEN: await stack.token('readme-user', 'dev-tenant') });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^100% /m);
    const result = /^result (.+)$/m.exec(run.stdout)?.[1];
    expect(JSON.parse(result ?? 'null')).toMatchObject({ recordCount: 5000, url: expect.stringContaining('https://reports.example.com/dev-tenant/') });
  });
});
