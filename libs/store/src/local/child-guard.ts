// Makes sure a child process never outlives this one: killed on exit and on terminating signals,
// without changing how this process itself reacts to those signals.
import type { ChildProcess } from 'node:child_process';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Returns `release`, to call once the child has been stopped normally. */
export function guardChild(child: ChildProcess): () => void {
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    release();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = () => {
    process.removeListener('exit', killNow);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  process.on('exit', killNow);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return release;
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export function terminate(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
