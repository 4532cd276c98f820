// The one HTTP server of the stack on 127.0.0.1: WebSocket upgrades go to the gateway, requests to
// the route table. Until the stack is ready both answer 503.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocketGateway } from '../gateway/websocket-gateway';
import { refuseUpgrade } from '../gateway/handshake';
import { sendJson } from '../http/respond';
import type { HttpRouter } from '../http/router';
import { LocalStackError } from '../util/errors';

export const HOST = '127.0.0.1';

export class StackHttpServer {
  readonly server: Server;
  private router: HttpRouter | undefined;
  private gateway: WebSocketGateway | undefined;

  constructor() {
    // Keep-alive sockets of management-API clients stay up a minute (as behind AWS's load balancers),
    // so a pooled socket is rarely closed just as a client reuses it.
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      if (this.router) this.router.handle(req, res);
      else sendJson(res, 503, { message: 'The local stack is starting or stopping' });
    });
    this.server.on('upgrade', (req, socket, head: Buffer) => {
      if (this.gateway) this.gateway.handleUpgrade(req, socket, head);
      else refuseUpgrade(socket, 503, '{"message": "Service Unavailable"}');
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Binds 127.0.0.1:`port` (0 for any free port) and returns the port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const hint = error.code === 'EADDRINUSE' ? `Port ${port} on ${HOST} is in use: set PORT to another port (0 picks a free one)` : `Could not listen on ${HOST}:${port}`;
        reject(new LocalStackError(hint, { cause: error }));
      };
      this.server.once('error', onError);
      this.server.listen(port, HOST, () => {
        this.server.removeListener('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  serve(router: HttpRouter, gateway: WebSocketGateway): void {
    this.router = router;
    this.gateway = gateway;
  }

  /** Stops accepting; answers 503 to whatever still arrives on open keep-alive sockets. */
  stopServing(): void {
    this.router = undefined;
    this.gateway = undefined;
    if (this.server.listening) this.server.close();
  }

  /** Closes every remaining socket and waits for the server to be closed. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    this.server.closeAllConnections();
    await closed;
  }
}
