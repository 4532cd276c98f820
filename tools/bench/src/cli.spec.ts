import { parseCli } from './cli';

const ROOT = '/repo';

describe('parseCli', () => {
  it('defaults to the full suite writing bench/results.json and docs/benchmarks.md', () => {
    expect(parseCli([], ROOT)).toEqual({ quick: false, smoke: false, quiet: false, jsonPath: '/repo/bench/results.json', markdownPath: '/repo/docs/benchmarks.md' });
  });

  it('writes a quick run under tmp/ by default, never over the committed report', () => {
    expect(parseCli(['--quick'], ROOT)).toMatchObject({ jsonPath: '/repo/tmp/bench-quick/results.json', markdownPath: '/repo/tmp/bench-quick/benchmarks.md' });
    expect(parseCli(['--quick', '--out-dir', 'x'], ROOT)).toMatchObject({ markdownPath: '/repo/x/benchmarks.md' });
    expect(parseCli(['--markdown', 'docs/benchmarks.md', '--quick'], ROOT)).toMatchObject({ markdownPath: '/repo/docs/benchmarks.md', jsonPath: '/repo/tmp/bench-quick/results.json' });
  });

  it('reads --smoke as the smallest quick run, written where a quick run writes', () => {
    expect(parseCli(['--smoke'], ROOT)).toMatchObject({ quick: true, smoke: true, jsonPath: '/repo/tmp/bench-quick/results.json' });
    expect(parseCli(['--quick'], ROOT)).toMatchObject({ quick: true, smoke: false });
  });

  it('reads --quick, --quiet and repeated or comma-separated --only', () => {
    const options = parseCli(['--quick', '--quiet', '--only', 'broadcast,faults', '--only=scale'], ROOT);
    expect(options).toMatchObject({ quick: true, quiet: true, only: ['broadcast', 'faults', 'scale'] });
  });

  it('puts both files in --out-dir, relative to the workspace or absolute', () => {
    expect(parseCli(['--out-dir', 'tmp/b'], ROOT)).toMatchObject({ jsonPath: '/repo/tmp/b/results.json', markdownPath: '/repo/tmp/b/benchmarks.md' });
    expect(parseCli(['--out-dir=/tmp/x'], ROOT)).toMatchObject({ jsonPath: '/tmp/x/results.json', markdownPath: '/tmp/x/benchmarks.md' });
  });

  it('takes --json and --markdown separately', () => {
    expect(parseCli(['--json', 'a.json', '--markdown', '/b.md'], ROOT)).toMatchObject({ jsonPath: '/repo/a.json', markdownPath: '/b.md' });
  });

  it('takes --from to re-render an earlier run', () => {
    expect(parseCli(['--from', 'bench/results.json'], ROOT)).toMatchObject({ from: '/repo/bench/results.json' });
  });

  it('takes --dynamodb-endpoint to create its tables in a running DynamoDB, and refuses what is not an http(s) URL', () => {
    expect(parseCli(['--dynamodb-endpoint', 'http://127.0.0.1:8000'], ROOT)).toMatchObject({ dynamodbEndpoint: 'http://127.0.0.1:8000' });
    expect(parseCli(['--dynamodb-endpoint=https://dynamodb.eu-west-1.amazonaws.com'], ROOT).dynamodbEndpoint).toBe('https://dynamodb.eu-west-1.amazonaws.com');
    expect(() => parseCli(['--dynamodb-endpoint', '127.0.0.1:8000'], ROOT)).toThrow(/--dynamodb-endpoint must be an http\(s\) URL/);
    expect(() => parseCli(['--dynamodb-endpoint', 'ftp://x'], ROOT)).toThrow(/--dynamodb-endpoint must be an http\(s\) URL/);
  });

  it('refuses unknown flags and flags without their value', () => {
    expect(() => parseCli(['--fast'], ROOT)).toThrow(/Unknown argument --fast/);
    expect(() => parseCli(['--only'], ROOT)).toThrow(/--only needs a value/);
  });
});
