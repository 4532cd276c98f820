// What `npm start` prints once the stack is ready. The first line is stable (scripts wait for it);
// the web page URL and the dev token follow on their own lines.
import type { LocalStack } from '@streamer/local-stack';

export const READY_PREFIX = 'Streamer local stack ready: ';

export function readyBanner(stack: LocalStack, devToken: string | undefined, settings: { faults: string; hotReload?: boolean }): string {
  const lines = [
    `${READY_PREFIX}${stack.wsUrl}`,
    `Web page: ${stack.httpUrl}/`,
    devToken === undefined ? 'Dev token: none (tokens come from your JWT_PUBLIC_KEY / JWKS_URL issuer)' : `Dev token: ${devToken}`,
    '',
    `  token for     sub dev-user, tenant dev-tenant, valid 12 h (more: npm run token -- --sub u1 --tenant t1)`,
    `  management    ${stack.managementEndpoint}/@connections/{connectionId}`,
    `  admin         POST ${stack.adminUrl}`,
    `  DynamoDB      ${stack.dynamodbEndpoint}`,
    `  SQS           ${stack.sqsEndpoint} (retry queue ${stack.queues.retry.url})`,
  ];
  if (settings.faults) lines.push(`  faults        ${settings.faults}`);
  if (settings.hotReload !== undefined) {
    lines.push(`  hot reload    ${settings.hotReload ? 'on: saving a source of apps/ or libs/ redeploys its Lambdas (--no-reload turns it off)' : 'off'}`);
  }
  lines.push('  stop          Ctrl-C');
  return `${lines.join('\n')}\n`;
}
