// `npm start`: builds the web page, runs the local stack with its routes until SIGINT / SIGTERM / SIGHUP.
// Ready banner, one line per Lambda invocation and per hot reload on stdout; JSON logs on stderr (the
// Lambdas' own on stdout, as in Lambda). Flags: start-flags.ts.
import { readyBanner } from './banner';
import { parseStartFlags, type StartFlags, StartFlagError } from './start-flags';
import { DevTokens } from './web/dev-tokens';
import { buildWebPage, type WebPage } from './web/web-page';
import { webRoutes } from './web/web-routes';
import type { Logger } from '@streamer/kernel';
import {
  createStreamLogger,
  describeFaults,
  isLogLevel,
  type LogLevel,
  resolveSettings,
  startLocalStack,
} from '@streamer/local-stack';

async function main(): Promise<void> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  let flags: StartFlags;
  try {
    flags = parseStartFlags(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof StartFlagError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const level = process.env['LOG_LEVEL']?.toLowerCase() ?? 'info';
  const logger: Logger = createStreamLogger(isLogLevel(level) ? level : ('info' as LogLevel));
  let page: WebPage;
  try {
    page = await buildWebPage();
  } catch (error) {
    process.stderr.write(`The web page could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  const tokens = new DevTokens();
  let stack;
  try {
    stack = await startLocalStack({
      logger,
      routes: webRoutes(page, tokens),
      printLine: (line) => process.stdout.write(`${line}\n`),
      hotReload: flags.hotReload,
      // The Lambdas' Powertools JSON logs at INFO, unless the environment already chose a level.
      ...(flags.lambdaLogs ? { env: { POWERTOOLS_LOG_LEVEL: process.env['POWERTOOLS_LOG_LEVEL'] ?? 'INFO' } } : {}),
    });
    tokens.attach(stack);
  } catch (error) {
    process.stderr.write(`Streamer local stack could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  const devToken = stack.signing === 'external' ? undefined : await stack.token();
  process.stdout.write(readyBanner(stack, devToken, { faults: describeFaults(resolveSettings({}).faults), hotReload: flags.hotReload }));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(1);
    logger.info('Stopping the local stack', { signal });
    void stack.stop().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

void main();
