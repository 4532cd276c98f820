// One HTTP exchange over a keep-alive agent with a whole-request deadline. Transport failures become
// `network` / `timeout` GatewayErrors; any HTTP answer (2xx or not) is returned for the caller to map.
import { type Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { gatewayTransportError, type GatewayOperation } from './errors';

export interface HttpCall {
  protocol: 'http:' | 'https:';
  agent: HttpAgent | HttpsAgent;
  method: string;
  hostname: string;
  port: number | undefined;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  operation: GatewayOperation;
  connectionId: string;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const send = call.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send({
      agent: call.agent,
      method: call.method,
      hostname: call.hostname,
      port: call.port,
      path: call.path,
      headers: call.headers,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`${call.method} ${call.path} exceeded ${call.timeoutMs} ms`));
    }, call.timeoutMs);
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      const kind = timedOut ? 'timeout' : 'network';
      reject(gatewayTransportError(kind, { operation: call.operation, connectionId: call.connectionId }, error));
    };
    req.on('error', fail);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.once('close', () => {
        if (!res.complete) fail(new Error('response aborted before its end'));
      });
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(call.body);
  });
}
