import fc from 'fast-check';
import { ConfigError, envReader, gatewayAdapter, parseDuration } from './index';

describe('parseDuration', () => {
  it.each([
    ['24h', 86_400_000],
    ['5s', 5_000],
    ['1.5m', 90_000],
    ['250ms', 250],
    ['7d', 604_800_000],
    ['30', 30_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '-5s', '5 parsecs', 'h', '1e3s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const ms = parseDuration(text);
      return ms === undefined || (Number.isInteger(ms) && ms >= 0);
    }));
  });
});

describe('EnvReader', () => {
  it('names the variable when a required value is missing, including its aliases', () => {
    const read = envReader({ OTHER: 'x' });
    expect(() => read.required('CONNECTIONS_TABLE', 'CONNECTIONS_TABLE_NAME')).toThrow(
      new ConfigError('CONNECTIONS_TABLE or CONNECTIONS_TABLE_NAME', 'is required but not set'),
    );
  });

  it('falls back to an alias and ignores blank values', () => {
    expect(envReader({ A: '  ', B: 'value' }).required('A', 'B')).toBe('value');
  });

  it('reads integers, numbers and durations with defaults and ranges', () => {
    const read = envReader({ MAX_RETRIES: '5', RATE: '2.5', RETRY_DELAY: '10s', BAD: 'ten' });
    expect(read.int('MAX_RETRIES', 3)).toBe(5);
    expect(read.int('MISSING', 3)).toBe(3);
    expect(read.number('RATE', 1)).toBe(2.5);
    expect(read.durationMs('RETRY_DELAY', 5000)).toBe(10_000);
    expect(() => read.int('BAD', 1)).toThrow('BAD must be an integer, got "ten"');
    expect(() => read.durationMs('BAD', 1)).toThrow(/BAD must be a duration/);
    expect(() => read.int('MAX_RETRIES', 3, { max: 4 })).toThrow('MAX_RETRIES must be ≤ 4, got 5');
  });

  it('validates URLs and strips trailing slashes', () => {
    const read = envReader({ WEBSOCKET_ENDPOINT: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/', FTP: 'ftp://x' });
    expect(read.url('WEBSOCKET_ENDPOINT')).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
    expect(() => read.url('FTP')).toThrow('FTP must use https: or http:');
    expect(() => envReader({ U: 'not a url' }).url('U')).toThrow('U must be a URL, got "not a url"');
  });
});

describe('gatewayAdapter (GATEWAY_ADAPTER)', () => {
  it('defaults to the lean adapter and accepts sdk', () => {
    expect(gatewayAdapter({})).toBe('lean');
    expect(gatewayAdapter({ GATEWAY_ADAPTER: ' ' })).toBe('lean');
    expect(gatewayAdapter({ GATEWAY_ADAPTER: 'sdk' })).toBe('sdk');
    expect(gatewayAdapter({ GATEWAY_ADAPTER: 'lean' })).toBe('lean');
  });

  it('refuses anything else, naming the variable and the choices', () => {
    expect(() => gatewayAdapter({ GATEWAY_ADAPTER: 'signed' })).toThrow('GATEWAY_ADAPTER must be one of lean, sdk, got "signed"');
  });
});

describe('observeImport', () => {
  it('records the settings a module reads and the sockets it opens while loading', async () => {
    const { observeImport } = await import('./testing');
    process.env['STREAMER_PROBE'] = 'x';
    const seen = await observeImport(async () => ({ value: process.env['STREAMER_PROBE'], region: process.env['AWS_REGION'] }));
    delete process.env['STREAMER_PROBE'];
    expect(seen.module.value).toBe('x');
    expect(seen.appEnvReads).toEqual(['STREAMER_PROBE']);
    expect(seen.socketConnects).toBe(0);
  });
});
