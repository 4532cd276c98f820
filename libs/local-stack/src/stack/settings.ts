// The stack's own settings: explicit options first, then the environment, then defaults. Every
// invalid value fails before anything starts, naming its variable.
import path from 'node:path';
import { ConfigError, type Env, envReader, parseDuration } from '@streamer/config';
import type { Logger } from '@streamer/kernel';
import { workspaceRoot } from '@streamer/kernel/node';
import { type FaultSpec, FaultSpecError, parseFaultSpec } from '../gateway/faults';
import type { Route } from '../http/routes';
import type { FreezeCheckMode } from '../lambda/freeze-check';
import type { HotReloadOptions } from '../lambda/hot-reload';

export const DEFAULT_PORT = 3001;
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_CONNECTION_MS = 2 * 60 * 60_000;
export const DEFAULT_RETRY_VISIBILITY_TIMEOUT_S = 30;
export const DEFAULT_STAGE = 'local';

/** Lambda's base rate of GetRecords per stream shard: 4 a second. */
const STREAM_POLL_INTERVAL_MS = 250;

export interface LocalStackOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Env PORT, default 3001. */
  port?: number;
  /** Environment for the settings below and for the Lambdas; merged over process.env (undefined unsets). */
  env?: Env;
  /** Management-API faults, GATEWAY_FAULTS syntax (e.g. `500:0.1,latency:20`). Env GATEWAY_FAULTS. */
  faults?: string;
  /** Seed for reproducible faults. Env GATEWAY_FAULTS_SEED. */
  faultSeed?: number;
  /** Env IDLE_TIMEOUT_MS, default 10 min. */
  idleTimeoutMs?: number;
  /** Env MAX_CONNECTION_MS, default 2 h. */
  maxConnectionMs?: number;
  /** Use this DynamoDB instead of starting DynamoDB Local. Env DYNAMODB_ENDPOINT. */
  dynamodbEndpoint?: string;
  /** Use this SQS instead of the in-process emulator. Env SQS_ENDPOINT. */
  sqsEndpoint?: string;
  /** API Gateway stage name (events, `/{stage}/@connections`), default `local`. */
  stage?: string;
  /** Where the dev signing key lives. Env STREAMER_STATE_DIR, default `<repo>/.streamer`. */
  stateDir?: string;
  /** Where the Lambda bundles are (`<distDir>/<app>/index.js`), default `<repo>/dist/apps`. */
  distDir?: string;
  /** Extra HTTP routes (the web page and its assets), matched before the 404. */
  routes?: Route[];
  logger?: Logger;
  /**
   * Pause of the stream poller after an empty read, default 250 ms: Lambda polls each shard of a
   * DynamoDB stream 4 times a second (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html).
   * The SQS pollers long-poll; this is their pause only against an endpoint that answers at once.
   */
  pollIntervalMs?: number;
  /** Visibility timeout of the retry queue in seconds. Env RETRY_VISIBILITY_TIMEOUT, default 30. */
  retryVisibilityTimeoutSeconds?: number;
  /**
   * Interval of every schedule (the admin's connection cleanup, the processor's sweeps). Env
   * CLEANUP_INTERVAL; default each schedule's own rate (deployment facts, hourly); 0 turns them off.
   */
  cleanupIntervalMs?: number;
  /**
   * Work a Lambda handler leaves pending after it returns (lost when AWS freezes the environment):
   * `warn` logs and counts it, `strict` also fails that invocation and makes `stop()` reject (tests),
   * `off` does not track. Env LAMBDA_FREEZE_CHECK, default `warn`.
   */
  freezeCheck?: FreezeCheckMode;
  /**
   * Where the stack's readable lines go: one per Lambda invocation (function, route/action, duration,
   * outcome) and one per hot reload. `npm start` prints them on stdout; unset, there are none.
   */
  printLine?: (line: string) => void;
  /**
   * Rebuild the Lambda bundles when their sources change and run the new code without restarting the
   * stack (open sockets and tables stay). Off by default; `npm start` turns it on.
   */
  hotReload?: boolean | HotReloadOptions;
}

export interface StackSettings {
  port: number;
  env: Env;
  faults: FaultSpec;
  faultSeed: number | undefined;
  idleTimeoutMs: number;
  maxConnectionMs: number;
  dynamodbEndpoint: string | undefined;
  sqsEndpoint: string | undefined;
  stage: string;
  stateDir: string;
  distDir: string;
  region: string;
  pollIntervalMs: number;
  retryVisibilityTimeoutSeconds: number;
  /** Every schedule's interval, or undefined for each schedule's own rate. */
  scheduleIntervalMs: number | undefined;
  freezeCheck: FreezeCheckMode;
  printLine: ((line: string) => void) | undefined;
  /** Resolved hot reload settings, or undefined when it is off. */
  hotReload: Required<HotReloadOptions> | undefined;
}

export function resolveSettings(options: LocalStackOptions, processEnv: Env = process.env): StackSettings {
  const env = mergeEnv(processEnv, options.env ?? {});
  const read = envReader(env);
  const optionalUrl = (name: string): string | undefined => (read.optional(name) === undefined ? undefined : read.url(name));
  const root = rootOrCwd();
  return {
    port: options.port ?? read.int('PORT', DEFAULT_PORT, { min: 0, max: 65_535 }),
    env,
    faults: faultsFrom(options.faults ?? env['GATEWAY_FAULTS']),
    faultSeed: options.faultSeed ?? optionalInt(read, 'GATEWAY_FAULTS_SEED'),
    idleTimeoutMs: options.idleTimeoutMs ?? msFrom(env, 'IDLE_TIMEOUT_MS', DEFAULT_IDLE_TIMEOUT_MS),
    maxConnectionMs: options.maxConnectionMs ?? msFrom(env, 'MAX_CONNECTION_MS', DEFAULT_MAX_CONNECTION_MS),
    dynamodbEndpoint: options.dynamodbEndpoint ?? optionalUrl('DYNAMODB_ENDPOINT'),
    sqsEndpoint: options.sqsEndpoint ?? optionalUrl('SQS_ENDPOINT'),
    stage: options.stage ?? DEFAULT_STAGE,
    stateDir: options.stateDir ?? read.optional('STREAMER_STATE_DIR') ?? path.join(root, '.streamer'),
    distDir: options.distDir ?? path.join(root, 'dist', 'apps'),
    region: read.optional('AWS_REGION', 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    pollIntervalMs: options.pollIntervalMs ?? STREAM_POLL_INTERVAL_MS,
    retryVisibilityTimeoutSeconds: options.retryVisibilityTimeoutSeconds ?? read.int('RETRY_VISIBILITY_TIMEOUT', DEFAULT_RETRY_VISIBILITY_TIMEOUT_S, { min: 0, max: 43_200 }),
    scheduleIntervalMs: options.cleanupIntervalMs ?? (read.optional('CLEANUP_INTERVAL') === undefined ? undefined : read.durationMs('CLEANUP_INTERVAL', 0, { min: 0 })),
    freezeCheck: options.freezeCheck ?? freezeCheckFrom(env['LAMBDA_FREEZE_CHECK']),
    printLine: options.printLine,
    hotReload: hotReloadFrom(options.hotReload, root),
  };
}

function hotReloadFrom(option: LocalStackOptions['hotReload'], root: string): Required<HotReloadOptions> | undefined {
  if (!option) return undefined;
  const { sourceRoot = root, watch, debounceMs = 150 } = option === true ? {} : option;
  return { sourceRoot, watch: watch ?? [path.join(sourceRoot, 'apps'), path.join(sourceRoot, 'libs')], debounceMs };
}

/** `overrides` over `base`; an override set to undefined removes the variable. */
export function mergeEnv(base: Env, overrides: Env): Env {
  const merged: Env = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

function faultsFrom(text: string | undefined): FaultSpec {
  try {
    return parseFaultSpec(text);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new ConfigError('GATEWAY_FAULTS', error.message.replace(/^GATEWAY_FAULTS: /, 'is invalid: '));
    throw error;
  }
}

function freezeCheckFrom(raw: string | undefined): FreezeCheckMode {
  const value = raw?.trim().toLowerCase() || 'warn';
  if (value === 'off' || value === 'warn' || value === 'strict') return value;
  throw new ConfigError('LAMBDA_FREEZE_CHECK', `must be off, warn or strict, got "${raw}"`);
}

function msFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const ms = parseDuration(raw, 'ms');
  if (ms === undefined || ms <= 0) throw new ConfigError(name, `must be a positive number of milliseconds (or a duration like 10m), got "${raw}"`);
  return ms;
}

function optionalInt(read: ReturnType<typeof envReader>, name: string): number | undefined {
  return read.optional(name) === undefined ? undefined : read.int(name, 0);
}

/** The workspace root, or the working directory when the stack runs outside an Nx workspace. */
function rootOrCwd(): string {
  try {
    return workspaceRoot();
  } catch {
    return path.resolve(process.cwd());
  }
}
