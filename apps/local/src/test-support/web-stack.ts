// A whole local stack in this process with the web page's routes, as `npm start` runs it, on a free
// port with a throwaway signing key.
import { silentLogger } from '@streamer/kernel';
import { type LocalStack, startLocalStack } from '@streamer/local-stack';
import { testStackOptions } from '@streamer/local-stack/testing';
import { DevTokens } from '../web/dev-tokens';
import { buildWebPage } from '../web/web-page';
import { webRoutes } from '../web/web-routes';

export async function startWebStack(): Promise<LocalStack> {
  const tokens = new DevTokens();
  const stack = await startLocalStack(testStackOptions('web', { logger: silentLogger, routes: webRoutes(await buildWebPage(), tokens) }));
  tokens.attach(stack);
  return stack;
}
