// The soak's side of the client fleet: forks fleet-child.ts (through the workspace's TypeScript
// runner) and turns its IPC messages into awaited calls. The child holds the client sockets.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import type { FleetCommand, FleetMessage, FleetStats, OpenCommand } from './fleet-protocol';

export class ClientFleet {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<FleetMessage['type'], (stats: FleetStats) => void>();
  private readonly rejections = new Set<(error: Error) => void>();
  private exited = false;

  constructor() {
    const root = workspaceRoot();
    const entry = path.join(root, 'tools', 'reliability', 'src', 'soak', 'fleet-child.ts');
    this.child = fork(path.join(root, 'tools', 'scripts', 'run-ts.cjs'), [entry], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: FleetMessage) => this.waiting.get(message.type)?.(message.stats));
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`the client fleet exited (${signal ?? `code ${code}`})`);
      for (const reject of this.rejections) reject(error);
    });
  }

  open(command: Omit<OpenCommand, 'type'>): Promise<FleetStats> {
    return this.request({ type: 'open', ...command }, 'opened');
  }

  traffic(periodMs: number, asyncShare: number): void {
    this.child.send({ type: 'traffic', periodMs, asyncShare } satisfies FleetCommand);
  }

  report(): Promise<FleetStats> {
    return this.request({ type: 'report' }, 'report');
  }

  /** Stops the traffic, lets in-flight frames finish (bounded), closes the sockets. */
  stop(drainMs: number): Promise<FleetStats> {
    return this.request({ type: 'stop', drainMs }, 'stopped');
  }

  close(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }

  private request(command: FleetCommand, answer: FleetMessage['type']): Promise<FleetStats> {
    if (this.exited) return Promise.reject(new Error('the client fleet has exited'));
    return new Promise((resolve, reject) => {
      this.rejections.add(reject);
      this.waiting.set(answer, (stats) => {
        this.waiting.delete(answer);
        this.rejections.delete(reject);
        resolve(stats);
      });
      this.child.send(command);
    });
  }
}
