// Type-checked under `strict` against the installed declarations (ES module resolution: index.d.mts).
import { isStreamerError, StreamerClient, type StreamerClientOptions } from '@streamer/client';
import { type ErrorCode, parseServerMessage, type ServerMessage } from '@streamer/protocol';

const options: StreamerClientOptions = { token: () => 'token', reconnect: false };
const client = new StreamerClient('ws://127.0.0.1:3001', options);

export async function report(): Promise<string> {
  const data = await client.request<{ url: string }>('generate_report', { recordCount: 1 }, { onProgress: (p: number) => void p });
  // @ts-expect-error the action is a string
  await client.request(42);
  return data.url;
}

export const notFound: ErrorCode = 'NOT_FOUND';
// @ts-expect-error not one of the protocol's error codes
export const bogus: ErrorCode = 'NOPE';

export function code(error: unknown): string | undefined {
  return isStreamerError(error) ? error.code : undefined;
}

export function kind(raw: string): ServerMessage['type'] | null {
  const parsed = parseServerMessage(raw);
  return parsed.ok ? parsed.message.type : null;
}
