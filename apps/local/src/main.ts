// `npm start`: builds the web page, runs the local stack with its routes until SIGINT / SIGTERM / SIGHUP. Ready banner on stdout, logs on stderr.
import { readyBanner } from './banner';
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
    stack = await startLocalStack({ logger, routes: webRoutes(page, tokens) });
    tokens.attach(stack);
  } catch (error) {
    process.stderr.write(`Streamer local stack could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  const devToken = stack.signing === 'external' ? undefined : await stack.token();
  process.stdout.write(readyBanner(stack, devToken, { faults: describeFaults(resolveSettings({}).faults) }));
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
