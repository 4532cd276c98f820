// `npm run soak [-- --sockets 10000 --duration 10m …]`: holds the sockets with traffic for the
// duration, prints progress and a summary, writes the JSON report, and exits 1 when anything went
// wrong (errors, lost replies or broadcasts, sockets dropped by the server).
import { parseSoakArgs, SOAK_USAGE } from './options';
import { summarise, writeReport } from './report';
import { runSoak } from './soak';

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${SOAK_USAGE}\n`);
    return 0;
  }
  const options = parseSoakArgs(args);
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  log(`soak: ${options.sockets} sockets for ${options.durationMs / 1000} s, one frame per socket every ${options.periodMs / 1000} s`);
  const report = await runSoak(options, log);
  log(summarise(report));
  log(`report: ${writeReport(report, options.jsonPath)}`);
  return report.problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
