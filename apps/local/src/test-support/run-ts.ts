// Runs a TypeScript entry point of this workspace in a child process, as a person would from the
// repository root (`node tools/scripts/run-ts.cjs <file>`), and collects its output. Killed after 60 s.
import { workspaceRoot } from '@streamer/kernel/node';
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTs(file: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const root = workspaceRoot(__dirname);
  const child = spawn(process.execPath, [path.join(root, 'tools/scripts/run-ts.cjs'), file], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
