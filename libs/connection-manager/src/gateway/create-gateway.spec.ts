import { createGateway, SignedHttpGateway } from '../gateway';
import { parseEndpoint } from './endpoint';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

describe('createGateway', () => {
  it('builds the lean adapter, or the SDK adapter behind a loader that waits for the first call', async () => {
    const lean = createGateway({ kind: 'lean', endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', credentials });
    expect(lean).toBeInstanceOf(SignedHttpGateway);
    lean.close();
    const loaded = jest.fn();
    jest.doMock('./sdk-gateway', () => {
      loaded();
      return { SdkGateway: jest.fn(() => ({ post: async () => undefined, get: jest.fn(), delete: jest.fn(), close: jest.fn() })) };
    });
    try {
      const sdk = createGateway({ kind: 'sdk', endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', credentials });
      expect(sdk).not.toBeInstanceOf(SignedHttpGateway);
      expect(loaded).not.toHaveBeenCalled();
      await sdk.post('c1', Buffer.from('{}'));
      expect(loaded).toHaveBeenCalledTimes(1);
      sdk.close();
    } finally {
      jest.dontMock('./sdk-gateway');
    }
  });

  it('refuses an unknown kind', () => {
    expect(() => createGateway({ kind: 'grpc', endpoint: 'https://x' } as never)).toThrow(/use 'lean' or 'sdk'/);
  });

  it.each(['lean', 'sdk'] as const)('needs a region to sign for a custom domain (%s)', (kind) => {
    expect(() => createGateway({ kind, endpoint: 'https://ws.example.com', credentials })).toThrow(/pass region/);
    const gateway = createGateway({ kind, endpoint: 'https://ws.example.com', region: 'eu-west-1', credentials });
    gateway.close();
  });
});

describe('parseEndpoint (WEBSOCKET_ENDPOINT as the apps pass it)', () => {
  it('accepts https://{domain}/{stage} and reads the region from an execute-api host', () => {
    expect(parseEndpoint('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/')).toEqual({
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      protocol: 'https:',
      hostname: 'abc123.execute-api.eu-west-1.amazonaws.com',
      port: undefined,
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      basePath: '/prod',
      region: 'eu-west-1',
    });
  });

  it('accepts a custom domain with or without a base path', () => {
    expect(parseEndpoint('https://ws.example.com')).toMatchObject({ url: 'https://ws.example.com', basePath: '', region: undefined });
    expect(parseEndpoint('https://ws.example.com/realtime')).toMatchObject({ basePath: '/realtime' });
  });

  it('turns the WebSocket URL into the management URL and keeps local ports', () => {
    expect(parseEndpoint('wss://abc.execute-api.us-east-1.amazonaws.com/dev').url).toBe('https://abc.execute-api.us-east-1.amazonaws.com/dev');
    expect(parseEndpoint('ws://127.0.0.1:3001/local')).toMatchObject({ url: 'http://127.0.0.1:3001/local', host: '127.0.0.1:3001', port: 3001 });
  });

  it.each(['not a url', 'ftp://x/y', 'https://x/y?stage=1'])('rejects %s', (endpoint) => {
    expect(() => parseEndpoint(endpoint)).toThrow(TypeError);
  });
});
