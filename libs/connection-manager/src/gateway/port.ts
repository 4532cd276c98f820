// The narrow port the connection manager needs from API Gateway's management API.
// Adapters: SdkGateway (AWS SDK v3 client), SignedHttpGateway (SigV4 over keep-alive HTTP);
// fake: FakeGateway in ./testing. Every adapter rejects with GatewayError only.

/** What the management API knows about a live connection. Times are epoch milliseconds. */
export interface GatewayConnectionInfo {
  connectedAt: number;
  lastActiveAt: number;
  sourceIp?: string;
  userAgent?: string;
}

export interface GatewayPort {
  /** POST @connections/{id}: delivers one frame to the socket. */
  post(connectionId: string, data: Uint8Array): Promise<void>;
  /** GET @connections/{id}: the connection's details; rejects with a `gone` GatewayError when closed. */
  get(connectionId: string): Promise<GatewayConnectionInfo>;
  /** DELETE @connections/{id}: closes the socket. */
  delete(connectionId: string): Promise<void>;
}

/** A gateway adapter that owns sockets or clients and can release them. */
export interface ClosableGateway extends GatewayPort {
  close(): void;
}
