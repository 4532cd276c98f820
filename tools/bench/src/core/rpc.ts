// A tiny request/response protocol over a forked child's IPC channel. The parent side forks a
// TypeScript entry point through tools/scripts/run-ts.cjs; the child side serves named methods.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

interface RpcRequest {
  id: number;
  method: string;
  args: unknown;
}

interface RpcReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export interface RpcChild {
  readonly pid: number | undefined;
  call<T>(method: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Ends the child (SIGTERM, then SIGKILL after 3 s); resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ForkOptions {
  env?: Record<string, string>;
  /** Let the child's stdout through (default: discarded, as Lambda logs would be shipped away). */
  inheritStdout?: boolean;
  /** Node flags for the child, e.g. `--cpu-prof` (Node refuses some of them in NODE_OPTIONS). */
  nodeArgs?: readonly string[];
}

/**
 * Starts `node tools/scripts/run-ts.cjs <entry>` through `sh`, which first raises the soft open-files
 * limit to the hard one (children holding thousands of sockets need it); `exec` keeps the IPC channel.
 */
export function forkTs(root: string, entry: string, options: ForkOptions = {}): RpcChild {
  const script = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  const child = spawn('/bin/sh', ['-c', script, process.execPath, ...(options.nodeArgs ?? []), join(root, 'tools/scripts/run-ts.cjs'), join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.inheritStdout ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  const guard = (): void => void child.kill('SIGKILL');
  process.once('exit', guard);
  return new ParentSide(child, () => process.removeListener('exit', guard));
}

class ParentSide implements RpcChild {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<void>;

  constructor(
    private readonly child: ChildProcess,
    release: () => void,
  ) {
    child.on('message', (reply: RpcReply) => this.settle(reply));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        release();
        for (const w of this.waiting.values()) w.reject(new Error(`child exited (${signal ?? code}) before answering`));
        this.waiting.clear();
        resolve();
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T>(method: string, args?: unknown, timeoutMs = 120_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = { resolve: (v: unknown) => (clearTimeout(timer), resolve(v as T)), reject: (e: Error) => (clearTimeout(timer), reject(e)) };
      this.waiting.set(id, done);
      this.child.send({ id, method, args } satisfies RpcRequest);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }

  private settle(reply: RpcReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new Error(reply.error ?? 'child failed'));
  }
}

export type RpcMethods = Record<string, (args: never) => Promise<unknown>>;

/** Child side: answers requests until the parent goes away. */
export function serveRpc(methods: RpcMethods): void {
  if (!process.send) throw new Error('serveRpc needs an IPC channel (start this file with forkTs)');
  process.on('message', (request: RpcRequest) => void answer(methods, request));
  process.on('disconnect', () => process.exit(0));
}

async function answer(methods: RpcMethods, request: RpcRequest): Promise<void> {
  const method = methods[request.method];
  let reply: RpcReply;
  try {
    if (!method) throw new Error(`unknown method ${request.method}`);
    reply = { id: request.id, ok: true, value: await method(request.args as never) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  process.send?.(reply);
}
