// `npm run publish -- --tenant t1 --topic news '{"x":1}'`: publishes from a terminal to the running
// local stack through its `POST /admin` (the admin function's `publish` action) and prints what was
// delivered: `{"sent":…,"gone":…,"failed":…,"seq":…}`. `--user <sub>` or `--connection <id>`
// instead of `--topic` push to a user or a connection of the tenant (ephemeral: no seq). The stack is
// found like the demo finds it: STREAMER_URL, else 127.0.0.1 on PORT (default 3001).
import { ADMIN_PATH } from '@streamer/local-stack';
import { demoTarget, httpOrigin } from '../demo/stack-address';

export const PUBLISH_USAGE = [
  "Usage: npm run publish -- --tenant <tenantId> (--topic <topic> | --user <userId> | --connection <connectionId>) '<JSON data>'",
  "Example: npm run publish -- --tenant dev-tenant --topic news '{\"headline\":\"hello\"}'",
].join('\n');

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface PublishEvent {
  action: 'publish';
  tenantId: string;
  topic?: string;
  userId?: string;
  connectionId?: string;
  data: unknown;
}

export type PublishArgs = { kind: 'ok'; event: PublishEvent } | { kind: 'help' } | { kind: 'error'; message: string };

const TARGET_FLAGS = { '--topic': 'topic', '--user': 'userId', '--connection': 'connectionId' } as const;

/** Reads the command line; every mistake is a message naming it. */
export function parsePublishArgs(argv: readonly string[]): PublishArgs {
  let tenantId: string | undefined;
  const targets: Partial<Record<'topic' | 'userId' | 'connectionId', string>> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
    if (flag === '--tenant') tenantId = value;
    else if (flag in TARGET_FLAGS) targets[TARGET_FLAGS[flag as keyof typeof TARGET_FLAGS]] = value;
    else return { kind: 'error', message: `unknown argument ${flag}` };
  }
  if (tenantId === undefined) return { kind: 'error', message: '--tenant is required' };
  if (Object.keys(targets).length !== 1) return { kind: 'error', message: 'give exactly one of --topic, --user or --connection' };
  if (positional.length !== 1) return { kind: 'error', message: `give the data as one JSON argument, got ${positional.length}` };
  let data: unknown;
  try {
    data = JSON.parse(positional[0] as string);
  } catch {
    return { kind: 'error', message: `the data must be JSON (quote it for the shell: '{"x":1}'), got ${positional[0]}` };
  }
  return { kind: 'ok', event: { action: 'publish', tenantId, ...targets, data } };
}

interface Output {
  write(text: string): unknown;
}

export interface RunPublishOptions {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
}

/** Runs the command; resolves with the exit code. */
export async function runPublish(options: RunPublishOptions): Promise<number> {
  const { stdout, stderr } = options;
  const parsed = parsePublishArgs(options.argv);
  if (parsed.kind === 'help') {
    stdout.write(`${PUBLISH_USAGE}\n`);
    return EXIT_OK;
  }
  if (parsed.kind === 'error') {
    stderr.write(`${parsed.message}\n${PUBLISH_USAGE}\n`);
    return EXIT_USAGE;
  }
  const origin = httpOrigin(demoTarget(options.env).url);
  let response: Response;
  try {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(parsed.event) };
    response = await fetch(`${origin}${ADMIN_PATH}`, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch {
    stderr.write(`No local stack answers at ${origin}: start one with \`npm start\` (or set STREAMER_URL / PORT).\n`);
    return EXIT_FAILED;
  }
  const answer = (await response.json().catch(() => undefined)) as { statusCode?: number; body?: { message?: unknown } } | undefined;
  if (response.ok && answer?.statusCode === 200) {
    stdout.write(`${JSON.stringify(answer.body)}\n`);
    return EXIT_OK;
  }
  const message = typeof answer?.body?.message === 'string' ? answer.body.message : `HTTP ${response.status}`;
  stderr.write(`Publish refused: ${message}\n`);
  return EXIT_FAILED;
}
