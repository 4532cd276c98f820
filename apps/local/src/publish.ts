// `npm run publish -- --tenant t1 --topic news '{"x":1}'`: see publish/publish-cli.ts.
import { runPublish } from './publish/publish-cli';

runPublish({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Publish failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
