// Entry points for the deploy targets, run through tools/scripts/run-ts.cjs:
//   nx deploy <app> [--dry-run]   → node run-ts.cjs apps/infra/src/deploy/cli.ts function <app> …
//   nx deploy infra [--dry-run]   → node run-ts.cjs apps/infra/src/deploy/cli.ts stack …
import { runDeployFunction } from './deploy-function';
import { runDeployStack } from './deploy-stack';

const [command, ...argv] = process.argv.slice(2);
const commands: Record<string, (argv: readonly string[]) => Promise<string>> = {
  function: (args) => runDeployFunction(args),
  stack: (args) => runDeployStack(args),
};

const run = command ? commands[command] : undefined;
if (!run) {
  console.error('usage: cli.ts function <app> [--dry-run] | stack [--dry-run] [--force]');
  process.exit(2);
}
run(argv).then(
  (line) => console.log(line),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
