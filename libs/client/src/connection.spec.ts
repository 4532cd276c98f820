import { WebSocket as NodeWebSocket } from 'ws';
import { handshakeError, type WebSocketConstructor } from './connection';

describe('handshakeError', () => {
  it('maps the HTTP status ws reports to a typed code', () => {
    expect(handshakeError({ message: 'Unexpected server response: 401' }).code).toBe('UNAUTHORIZED');
    expect(handshakeError({ error: new Error('Unexpected server response: 403') }).code).toBe('FORBIDDEN');
    expect(handshakeError({ message: 'Unexpected server response: 500' })).toMatchObject({ code: 'CONNECTION_FAILED', message: expect.stringContaining('HTTP 500') });
  });

  it('reports CONNECTION_FAILED when the status is unknown (browsers hide it)', () => {
    expect(handshakeError({ type: 'error' })).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true });
    expect(handshakeError(undefined).code).toBe('CONNECTION_FAILED');
  });
});

describe('WebSocketConstructor', () => {
  it('accepts the ws package and the standard DOM WebSocket types', () => {
    const fromWs: WebSocketConstructor = NodeWebSocket;
    const fromDom: WebSocketConstructor | undefined = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    expect(typeof fromWs).toBe('function');
    expect(fromDom === undefined || typeof fromDom === 'function').toBe(true);
  });
});
