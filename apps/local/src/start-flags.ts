// `npm start`'s switches, each also an environment variable: hot reload (on unless `--no-reload` or
// HOT_RELOAD=off) and the Lambdas' JSON logs at INFO (`--lambda-logs` or LAMBDA_LOGS=on; by default
// they log WARN and above, and the console shows one readable line per invocation).
export interface StartFlags {
  hotReload: boolean;
  lambdaLogs: boolean;
}

export const START_USAGE = 'usage: npm start [-- --no-reload] [--lambda-logs]   (or HOT_RELOAD=off, LAMBDA_LOGS=on)';

export class StartFlagError extends Error {
  override name = 'StartFlagError';
}

export function parseStartFlags(args: readonly string[], env: NodeJS.ProcessEnv): StartFlags {
  const flags: StartFlags = { hotReload: !isOff(env['HOT_RELOAD']), lambdaLogs: isOn(env['LAMBDA_LOGS']) };
  for (const arg of args) {
    if (arg === '--no-reload') flags.hotReload = false;
    else if (arg === '--lambda-logs') flags.lambdaLogs = true;
    else throw new StartFlagError(`Unknown option ${arg}; ${START_USAGE}`);
  }
  return flags;
}

function isOff(value: string | undefined): boolean {
  return ['off', 'false', '0', 'no'].includes(value?.trim().toLowerCase() ?? '');
}

function isOn(value: string | undefined): boolean {
  return ['on', 'true', '1', 'yes', 'json'].includes(value?.trim().toLowerCase() ?? '');
}
