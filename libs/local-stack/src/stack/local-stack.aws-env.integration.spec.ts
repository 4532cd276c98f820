// `npm start` in an AWS developer's shell: whatever AWS variables are exported (keys, a session token,
// a profile that exists nowhere, another region, a global endpoint override), the stack with its
// embedded services works the same, and nothing it runs calls an AWS endpoint because of them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectClient, tempStateDir } from '../test-support/stack-helpers';
import { type LocalStack, startLocalStack } from './start-local-stack';

/** An HTTP server standing in for "an AWS endpoint": counts every request that reaches it. */
async function startRecorder(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

const SHELLS: Array<[string, Record<string, string>]> = [
  [
    'keys, a session token, another region',
    {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE',
      AWS_DEFAULT_REGION: 'eu-west-3',
    },
  ],
  ['a profile that does not exist', { AWS_PROFILE: 'does-not-exist' }],
  [
    'keys and a profile that does not exist',
    { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_PROFILE: 'does-not-exist' },
  ],
];

describe.each(SHELLS)('local stack in a shell with %s', (_name, shell) => {
  let stack: LocalStack;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;

  beforeAll(async () => {
    recorder = await startRecorder();
    stack = await startLocalStack({
      port: 0,
      stateDir: tempStateDir(),
      env: { ...shell, AWS_ENDPOINT_URL: recorder.url, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => recorder?.server.close(resolve));
    // Under Jest, require.cache is a view: the next stack in this file gets fresh bundles (a cold
    // start with its own signing key and endpoints) only from a fresh module registry.
    jest.resetModules();
  });

  it('accepts a socket and answers echo, and no AWS endpoint is called', async () => {
    const client = await connectClient(stack, 'aws-shell-user');
    try {
      await expect(client.request('echo', { shell: _name })).resolves.toEqual({ shell: _name });
      await expect(stack.invokeAdmin({ action: 'get_user_connections', userId: 'aws-shell-user' })).resolves.toMatchObject({ statusCode: 200 });
    } finally {
      await client.close();
    }
    expect(recorder.requests()).toBe(0);
  });
});
