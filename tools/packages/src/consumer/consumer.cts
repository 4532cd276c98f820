// Type-checked under `strict` against the installed declarations (CommonJS resolution: index.d.ts).
import { StreamerClient, StreamerError } from '@streamer/client';
import { MAX_CLIENT_FRAME_BYTES, type WireError } from '@streamer/protocol';

export const frameLimit: 32768 | number = MAX_CLIENT_FRAME_BYTES;
export const client: StreamerClient = new StreamerClient('ws://127.0.0.1:3001', { token: 't' });
export const wire = (error: StreamerError): WireError['code'] | string => error.code;
// @ts-expect-error the token option is a string or a function, not a number
export const wrong = new StreamerClient('ws://127.0.0.1:3001', { token: 1 });
