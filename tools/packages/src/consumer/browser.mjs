// The browser consumer: bundled by esbuild from the installed packages, loaded into Chromium; the
// page calls `StreamerConsumer.run(url, token)`.
import { StreamerClient } from '@streamer/client';

export async function run(url, token) {
  const client = new StreamerClient(url, { token, reconnect: false, heartbeatMs: 0 });
  await client.connect();
  try {
    const progress = [];
    const echo = await client.request('echo', { hello: 'browser' });
    const report = await client.request('generate_report', { recordCount: 5000 }, { onProgress: (p) => progress.push(p) });
    return { echo, report, progress };
  } finally {
    await client.close();
  }
}
