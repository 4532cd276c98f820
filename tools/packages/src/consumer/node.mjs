// A Node consumer of the installed packages: both module formats load, then one synchronous and one
// queued request against the stack. Run with `node --experimental-websocket node.mjs <url> <token>`
// (Node 20's global WebSocket); prints one JSON line.
import { createRequire } from 'node:module';
import { StreamerClient, StreamerError } from '@streamer/client';
import { MAX_MESSAGE_BYTES, parseServerMessage } from '@streamer/protocol';

const [url, token] = process.argv.slice(2);
const cjs = createRequire(import.meta.url)('@streamer/client');
const client = new StreamerClient(url, { token, reconnect: false, heartbeatMs: 0 });
await client.connect();
try {
  const echo = await client.request('echo', { hello: 'node' });
  const progress = [];
  const report = await client.request('generate_report', { recordCount: 5000 }, { onProgress: (p) => progress.push(p) });
  const refused = await client.request('no_such_action').catch((error) => error);
  console.log(JSON.stringify({
    cjsClient: typeof cjs.StreamerClient === 'function',
    maxMessageBytes: MAX_MESSAGE_BYTES,
    pong: parseServerMessage('{"id":"c-1","type":"pong"}').ok,
    echo,
    report,
    progress,
    refused: refused instanceof StreamerError ? refused.code : String(refused),
  }));
} finally {
  await client.close();
}
