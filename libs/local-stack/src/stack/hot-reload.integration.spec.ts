// Hot reload on a running stack: the router's source lives in a temporary workspace (the repository's
// sources are never edited), its bundle is rebuilt when the source changes, and the new code answers on
// a socket opened before the change. A source that does not build keeps the previous code running.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@streamer/kernel/testing';
import { workspaceRoot } from '@streamer/kernel/node';
import { bundleScript } from '../lambda/hot-reload';
import { openSocket, type TestSocket } from '../test-support/sockets';
import { testStackOptions, userConnections } from '../test-support/stack-helpers';
import { type LocalStack, startLocalStack } from './start-local-stack';

/** A router that answers every frame with `{reply}` through the management API. */
function routerSource(reply: string): string {
  return `
export const handler = async (event: { requestContext: { connectionId: string } }) => {
  const url = \`\${process.env['WEBSOCKET_ENDPOINT']}/@connections/\${encodeURIComponent(event.requestContext.connectionId)}\`;
  await fetch(url, { method: 'POST', body: JSON.stringify({ reply: '${reply}' }) });
  return { statusCode: 200 };
};
`;
}

describe('local stack hot reload', () => {
  // Under dist/ so the copied bundles resolve the SDK from the workspace's node_modules, as they do in
  // dist/apps; "streamer-reload-" keeps them out of Jest's transform (jest.integration.config.cjs).
  const scratch = path.join(workspaceRoot(), 'dist', 'tmp');
  mkdirSync(scratch, { recursive: true });
  const sourceRoot = mkdtempSync(path.join(scratch, 'streamer-reload-'));
  const distDir = path.join(sourceRoot, 'dist');
  const routerMain = path.join(sourceRoot, 'apps', 'router', 'src', 'main.ts');
  const lines: string[] = [];
  let stack: LocalStack | undefined;
  let socket: TestSocket | undefined;

  beforeAll(async () => {
    mkdirSync(path.dirname(routerMain), { recursive: true });
    writeFileSync(path.join(sourceRoot, 'apps', 'router', 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
    writeFileSync(routerMain, routerSource('v1'));
    for (const app of ['connect', 'disconnect', 'processor', 'admin-connection-manager']) {
      cpSync(path.join(workspaceRoot(), 'dist', 'apps', app), path.join(distDir, app), { recursive: true });
    }
    await bundleScript(distDir, sourceRoot)('router');
    stack = await startLocalStack(
      testStackOptions('hotreload', {
        distDir,
        hotReload: { sourceRoot, watch: [path.join(sourceRoot, 'apps')], debounceMs: 50 },
        printLine: (line) => lines.push(line),
        freezeCheck: 'off',
        env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
      }),
    );
    socket = await openSocket(`${stack.wsUrl}?Authorization=${await stack.token('reload-user', 'tenant-1')}`);
  });
  afterAll(async () => {
    socket?.ws.close();
    await stack?.stop();
    rmSync(sourceRoot, { recursive: true, force: true });
  });

  /** Sends a frame and waits for the router's next reply on the same socket. */
  async function reply(): Promise<string> {
    const open = socket as TestSocket;
    const before = open.frames.length;
    open.ws.send(JSON.stringify({ id: 'r', action: 'echo' }));
    const frame = await waitFor(() => open.frames[before], 'a reply from the router');
    return (JSON.parse(frame.text) as { reply: string }).reply;
  }

  it('prints one readable line per invocation', async () => {
    expect(await reply()).toBe('v1');
    const invocations = await waitFor(() => lines.filter((l) => l.startsWith('λ ')).length >= 2 && lines, 'invocation lines');
    expect(invocations).toContainEqual(expect.stringMatching(/^λ \S+-connect\s+\$connect\s+\d+ ms {2}status 200$/));
    expect(invocations).toContainEqual(expect.stringMatching(/^λ \S+-router\s+\$default echo\s+\d+ ms {2}status 200$/));
  });

  it('runs the edited handler on the socket that was already open', async () => {
    writeFileSync(routerMain, routerSource('v2'));
    await waitFor(() => lines.find((l) => /^↻ reloaded \S+-router \(router rebuilt in \d+ ms\)$/.test(l)), 'the reload line');
    expect(await reply()).toBe('v2');
    expect(socket?.ws.readyState).toBe(socket?.ws.OPEN);
    expect(stack?.connectionCount()).toBe(1);
    // DynamoDB Local's state is the same: the connection stored by $connect before the reload.
    expect(await userConnections(stack as LocalStack, 'reload-user')).toHaveLength(1);
  });

  it('keeps the previous code running when the edit does not build, and says why', async () => {
    writeFileSync(routerMain, 'export const handler = async (event => {\n');
    const failure = await waitFor(() => lines.find((l) => l.startsWith('↻ reload of router failed')), 'the failed reload line');
    expect(failure).toMatch(/the previous code keeps running: .*main\.ts:\d+:\d+: ERROR: /);
    expect(await reply()).toBe('v2');
    // The previous bundle stays on disk, so a restarted stack still has one.
    expect(existsSync(path.join(distDir, 'router', 'index.js'))).toBe(true);
  });
});
