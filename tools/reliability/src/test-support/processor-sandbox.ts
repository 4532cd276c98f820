// The processor function run in a separate process, the way Lambda isolates an execution
// environment, so that a test can crash it for real: `crash()` kills the process (SIGKILL) in the
// middle of whatever it runs, and the invocation fails as Lambda reports a dead runtime
// (`Runtime.ExitError`). The next invocation starts a fresh process (a cold start) on the same real
// bundle. Optionally every stream batch is delivered twice at once, as an at-least-once event source
// may do. The local stack loads this module as its processor bundle (see `sandboxDistDir`).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAMBDA_APPS } from '@streamer/config/deployment';
import type { Context } from 'aws-lambda';

interface Outcome {
  id: string;
  result?: unknown;
  error?: { name: string; message: string };
}

interface BatchResponse {
  batchItemFailures?: { itemIdentifier: string }[];
}

/** The bundles loaded as they are; the processor's is this sandbox. */
const REAL_BUNDLES = LAMBDA_APPS.filter((app) => app !== 'processor');

export class ProcessorSandbox {
  readonly stats = { invocations: 0, coldStarts: 0, crashes: 0, failedInvocations: 0, duplicatedBatches: 0 };
  /** Deliver every stream batch twice, concurrently, to the same environment. */
  duplicateStreamBatches = false;
  private child: ChildProcess | undefined;
  private readonly pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private sequence = 0;
  private bundle = '';

  /** Points the sandbox at the real processor bundle. */
  use(bundle: string): void {
    this.bundle = bundle;
  }

  readonly handler = async (event: { Records?: { eventSource?: string }[] }, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<unknown> => {
    const remainingMs = context.getRemainingTimeInMillis();
    const isStream = event.Records?.[0]?.eventSource === 'aws:dynamodb';
    if (!(isStream && this.duplicateStreamBatches)) return this.invoke(event, remainingMs);
    this.stats.duplicatedBatches += 1;
    const [a, b] = (await Promise.all([this.invoke(event, remainingMs), this.invoke(event, remainingMs)])) as BatchResponse[];
    const failed = new Set([...(a?.batchItemFailures ?? []), ...(b?.batchItemFailures ?? [])].map((f) => f.itemIdentifier));
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };

  /** The scheduled sweeps, run in this process on the real bundle (only batches need to crash). */
  readonly sweepHandler = async (event: unknown, context: Context): Promise<unknown> => {
    if (!this.bundle) throw new Error('ProcessorSandbox: call use(bundle) first');
    const real = (await import(this.bundle)) as { sweepHandler: (event: unknown, context: Context) => Promise<unknown> };
    return real.sweepHandler(event, context);
  };

  /** Kills the environment now; true when one was running. */
  crash(): boolean {
    if (!this.child) return false;
    this.stats.crashes += 1;
    this.child.kill('SIGKILL');
    return true;
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }

  private invoke(event: unknown, remainingMs: number): Promise<unknown> {
    this.stats.invocations += 1;
    const child = this.child ?? this.start();
    const id = `sandbox-${++this.sequence}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ id, event, remainingMs });
    });
  }

  private start(): ChildProcess {
    if (!this.bundle) throw new Error('ProcessorSandbox: call use(bundle) first');
    this.stats.coldStarts += 1;
    // The environment is read now, after the stack has set the Lambdas' variables.
    const child = fork(path.join(__dirname, 'sandbox-runner.cjs'), [this.bundle], { env: { ...process.env }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.on('message', (outcome: Outcome) => this.settle(outcome));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const error = Object.assign(new Error(`Runtime exited with ${signal ? `signal: ${signal}` : `code ${code}`}`), { name: 'Runtime.ExitError' });
      for (const [id, waiter] of this.pending) {
        this.pending.delete(id);
        this.stats.failedInvocations += 1;
        waiter.reject(error);
      }
    });
    this.child = child;
    return child;
  }

  private settle(outcome: Outcome): void {
    const waiter = this.pending.get(outcome.id);
    if (!waiter) return;
    this.pending.delete(outcome.id);
    if (outcome.error) {
      this.stats.failedInvocations += 1;
      waiter.reject(Object.assign(new Error(outcome.error.message), { name: outcome.error.name }));
    } else waiter.resolve(outcome.result);
  }
}

/** The one sandbox of this test file; the stack's processor bundle is this module's `handler`. */
export const sandbox = new ProcessorSandbox();
export const handler = sandbox.handler;
export const sweepHandler = sandbox.sweepHandler;

/**
 * A bundle directory for `startLocalStack({distDir})`: the connect, disconnect, router and admin
 * bundles are the real ones, the processor is this sandbox running the real processor bundle.
 */
export function sandboxDistDir(realDistDir: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'streamer-sandbox-'));
  for (const app of REAL_BUNDLES) writeBundle(dir, app, `module.exports = require(${JSON.stringify(path.join(realDistDir, app, 'index.js'))});\n`);
  writeBundle(dir, 'processor', `module.exports = require(${JSON.stringify(__filename)});\n`);
  sandbox.use(path.join(realDistDir, 'processor', 'index.js'));
  return dir;
}

function writeBundle(dir: string, app: string, source: string): void {
  mkdirSync(path.join(dir, app));
  writeFileSync(path.join(dir, app, 'index.js'), source);
}
