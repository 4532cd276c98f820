// Command line of the benchmark: `main.ts [--quick | --smoke] [--only a,b] [--out-dir DIR | --json F --markdown F] [--quiet] [--from F]
// [--dynamodb-endpoint URL]`.
import { join, resolve } from 'node:path';

export interface CliOptions {
  quick: boolean;
  /** Every scenario at its smallest size (implies quick): what the test suite runs to keep the benchmark working. */
  smoke: boolean;
  only?: string[];
  jsonPath: string;
  markdownPath: string;
  quiet: boolean;
  /** Re-render the report from a results.json of an earlier run instead of running anything. */
  from?: string;
  /** A running DynamoDB (e.g. the test run's DynamoDB Local) to create the run's tables in, instead of starting DynamoDB Local. */
  dynamodbEndpoint?: string;
}

export const USAGE =
  'usage: main.ts [--quick | --smoke] [--only <scenario>[,<scenario>…]] [--out-dir <dir> | --json <file> --markdown <file>] [--quiet] [--from <results.json>] [--dynamodb-endpoint <url>]';

export function parseCli(argv: readonly string[], root: string): CliOptions {
  const options: CliOptions = { quick: false, smoke: false, jsonPath: '', markdownPath: '', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    applyFlag(options, flag, value, root);
  }
  // A quick run never overwrites the committed report: it writes under tmp/ unless told otherwise.
  const defaults = options.quick ? QUICK_OUTPUT : FULL_OUTPUT;
  options.jsonPath ||= join(root, defaults.json);
  options.markdownPath ||= join(root, defaults.markdown);
  return options;
}

/** Where a full run writes (the committed report) and where a quick run does, relative to the root. */
export const FULL_OUTPUT = { json: 'bench/results.json', markdown: 'docs/benchmarks.md' };
export const QUICK_OUTPUT = { json: 'tmp/bench-quick/results.json', markdown: 'tmp/bench-quick/benchmarks.md' };

function applyFlag(options: CliOptions, flag: string, value: () => string, root: string): void {
  switch (flag) {
    case '--quick':
      options.quick = true;
      return;
    case '--smoke':
      options.quick = true;
      options.smoke = true;
      return;
    case '--quiet':
      options.quiet = true;
      return;
    case '--only':
      options.only = [...(options.only ?? []), ...value().split(',').map((s) => s.trim()).filter(Boolean)];
      return;
    case '--out-dir': {
      const dir = resolve(root, value());
      options.jsonPath = join(dir, 'results.json');
      options.markdownPath = join(dir, 'benchmarks.md');
      return;
    }
    case '--json':
      options.jsonPath = resolve(root, value());
      return;
    case '--markdown':
      options.markdownPath = resolve(root, value());
      return;
    case '--from':
      options.from = resolve(root, value());
      return;
    case '--dynamodb-endpoint':
      options.dynamodbEndpoint = endpointUrl(value());
      return;
    default:
      throw new Error(`Unknown argument ${flag}\n${USAGE}`);
  }
}

function endpointUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new Error(`--dynamodb-endpoint must be an http(s) URL, got ${JSON.stringify(text)}\n${USAGE}`);
  return text;
}
