// GET /dev/token?sub=&tenant= (local stack only): a token the stack's $connect accepts, for the web
// page. Only answered to pages addressed as 127.0.0.1 / localhost (a page on another name that
// resolves here — DNS rebinding — gets 403), never cached.
import { isLoopbackHost, type Route } from '@streamer/local-stack';
import { devNameProblem } from '../common/dev-identity';
import type { DevTokens } from './dev-tokens';
import { sendJson } from './respond';

export const DEV_TOKEN_PATH = '/dev/token';


export function devTokenRoute(tokens: DevTokens): Route {
  return {
    method: 'GET',
    path: DEV_TOKEN_PATH,
    handler: async (req, res) => {
      if (!isLoopbackHost(req)) return sendJson(res, 403, { message: 'Dev tokens are only given to 127.0.0.1 and localhost' });
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      const sub = query.get('sub');
      const tenant = query.get('tenant');
      const problem = devNameProblem('sub', sub) ?? devNameProblem('tenant', tenant);
      if (problem !== undefined || sub === null || tenant === null) return sendJson(res, 400, { message: problem });
      const outcome = await tokens.mint({ sub, tenant });
      if (outcome.kind === 'starting') return sendJson(res, 503, { message: 'The stack is still starting' }, { 'retry-after': '1' });
      if (outcome.kind === 'external') {
        return sendJson(res, 404, { message: 'No dev tokens: the stack verifies tokens from your JWT_PUBLIC_KEY / JWKS_URL issuer' });
      }
      sendJson(res, 200, { token: outcome.token, sub, tenant });
    },
  };
}

