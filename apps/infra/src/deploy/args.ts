export interface DeployArgs {
  positional: string[];
  dryRun: boolean;
  stackName: string;
  region?: string;
  force: boolean;
}

const truthy = (value: string | undefined): boolean => value === undefined || value === 'true';

/** Parses `<app> [--dry-run] [--stack Name] [--region r] [--force]` (also `--dry-run=true`, `--dryRun`). */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const args: DeployArgs = { positional: [], dryRun: false, stackName: 'Streamer', force: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = (): string => inline ?? argv[++i] ?? '';
    if (flag === '--dry-run' || flag === '--dryRun') args.dryRun = truthy(inline);
    else if (flag === '--force') args.force = truthy(inline);
    else if (flag === '--stack') args.stackName = value();
    else if (flag === '--region') args.region = value();
    else if (flag.startsWith('--')) throw new Error(`Unknown option ${flag}`);
    else args.positional.push(arg);
  }
  return args;
}
