// `npm run demo`: runs generate_report (5000 records) against the running local stack with a terminal
// progress bar. STREAMER_URL (default ws://127.0.0.1:<PORT>, PORT as `npm start` reads it, default
// 3001), STREAMER_TOKEN (default: one from the stack's GET /dev/token). Ctrl-C cancels the request on
// the server and exits; a second Ctrl-C exits at once.
import { runDemo } from './demo/run-demo';
import { demoTarget } from './demo/stack-address';

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(new Error('Interrupted'));
});

async function main(): Promise<number> {
  return runDemo({ ...demoTarget(process.env), stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`The demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
