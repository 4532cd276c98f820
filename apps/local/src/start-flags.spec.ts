import { parseStartFlags, StartFlagError } from './start-flags';

describe('parseStartFlags', () => {
  it('turns hot reload on and the Lambdas’ INFO JSON logs off by default', () => {
    expect(parseStartFlags([], {})).toEqual({ hotReload: true, lambdaLogs: false });
  });

  it('reads the flags and their environment variables', () => {
    expect(parseStartFlags(['--no-reload', '--lambda-logs'], {})).toEqual({ hotReload: false, lambdaLogs: true });
    expect(parseStartFlags([], { HOT_RELOAD: 'off', LAMBDA_LOGS: 'on' })).toEqual({ hotReload: false, lambdaLogs: true });
  });

  it('refuses an unknown option with the usage', () => {
    expect(() => parseStartFlags(['--reload=false'], {})).toThrow(StartFlagError);
    expect(() => parseStartFlags(['--reload=false'], {})).toThrow(/usage: npm start/);
  });
});
