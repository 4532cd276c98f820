import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { workspaceRoot } from '@streamer/kernel/node';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  permissions?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(fs.readFileSync(path.join(workspaceRoot(__dirname), '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
};
const stepIndex = (steps: Step[], match: (s: Step) => boolean): number => steps.findIndex(match);

describe('.github/workflows/ci.yml', () => {
  it('runs on pull requests and pushes to main, with Nx offline', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(workflow.on['push']).toEqual({ branches: ['main'] });
    expect(workflow.env).toMatchObject({ NX_NO_CLOUD: 'true', NX_DAEMON: 'false' });
  });

  it('checks out full history, sets base/head SHAs with nx-set-shas, then runs affected lint, typecheck, test and integration', () => {
    const steps = job('check').steps;
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toMatchObject({ 'fetch-depth': 0 });
    const install = stepIndex(steps, (s) => s.run === 'npm ci');
    const shas = stepIndex(steps, (s) => Boolean(s.uses?.startsWith('nrwl/nx-set-shas@')));
    const affected = stepIndex(steps, (s) => Boolean(s.run?.includes('nx affected')));
    expect(install).toBeGreaterThan(-1);
    expect(shas).toBeGreaterThan(install);
    expect(affected).toBeGreaterThan(shas);
    expect(steps[affected]?.run).toBe('npx nx affected -t lint typecheck test integration --base=$NX_BASE --head=$NX_HEAD');
  });

  it('provides the Java runtime DynamoDB Local needs', () => {
    expect(job('check').steps.some((s) => s.uses?.startsWith('actions/setup-java@'))).toBe(true);
  });

  it('deploys only from main after the check passes, with OIDC credentials and a dry run first', () => {
    const deploy = job('deploy');
    expect(deploy.needs).toBe('check');
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.permissions).toMatchObject({ 'id-token': 'write' });
    const runs = deploy.steps.map((s) => s.run).filter(Boolean);
    expect(runs.indexOf('npx nx deploy infra --dry-run')).toBeLessThan(runs.indexOf('npx nx deploy infra'));
    expect(deploy.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))).toBe(true);
  });
});
