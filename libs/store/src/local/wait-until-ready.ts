import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { localClientConfig } from './client-config';
import { DynamoDbLocalError } from './dynamodb-local-error';

/** Keeps the last few KB of the child's output (for error messages) and keeps its pipes drained. */
export class OutputTail {
  private text = '';

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr] as (Readable | null)[]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.text = (this.text + chunk).slice(-4096);
      });
      (stream as { unref?: () => void } | null)?.unref?.();
    }
  }

  toString(): string {
    return this.text.trim();
  }
}

export async function waitUntilReady(child: ChildProcess, endpoint: string, output: OutputTail, timeoutMs: number): Promise<void> {
  const exited = exitOrSpawnError(child, output);
  const client = new DynamoDBClient(localClientConfig(endpoint, { maxAttempts: 1, requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true } }));
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const answered = await Promise.race([ping(client), exited]);
      if (answered) return;
      await Promise.race([sleep(100), exited]);
    }
    throw new DynamoDbLocalError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms. ${output}`);
  } finally {
    client.destroy();
  }
}

async function ping(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

/** A promise that rejects when the child fails to spawn or exits before being ready. */
function exitOrSpawnError(child: ChildProcess, output: OutputTail): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      const missing = err.code === 'ENOENT';
      reject(missing ? DynamoDbLocalError.javaRequired(`\`${child.spawnfile}\` was not found`, { cause: err }) : new DynamoDbLocalError('Could not start DynamoDB Local', { cause: err }));
    });
    child.once('exit', (code, signal) => {
      const text = output.toString();
      if (/UnsupportedClassVersionError/.test(text)) reject(DynamoDbLocalError.javaRequired('the installed Java is too old', { context: { output: text } }));
      const portInUse = /Could not start server on port/.test(text);
      reject(new DynamoDbLocalError(`DynamoDB Local exited early (code ${code}, signal ${signal}): ${text}`, { context: { output: text, portInUse } }));
    });
  });
  failed.catch(() => undefined);
  return failed;
}
