import { createGateway, SignedHttpGateway } from '../gateway';
import { SdkGateway } from './sdk-gateway';
import { parseEndpoint } from './endpoint';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

describe('createGateway', () => {
  it('builds the SDK adapter or the signed HTTP adapter from configuration', () => {
    const sdk = createGateway({ kind: 'sdk', endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', credentials });
    const signed = createGateway({ kind: 'signed', endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', credentials });
    expect(sdk).toBeInstanceOf(SdkGateway);
    expect(signed).toBeInstanceOf(SignedHttpGateway);
    sdk.close();
    signed.close();
  });

  it('refuses an unknown kind', () => {
    expect(() => createGateway({ kind: 'grpc', endpoint: 'https://x' } as never)).toThrow(/use 'sdk' or 'signed'/);
  });

  it('needs a region to sign for a custom domain', () => {
    expect(() => createGateway({ kind: 'signed', endpoint: 'https://ws.example.com', credentials })).toThrow(/pass region/);
    const gateway = createGateway({ kind: 'signed', endpoint: 'https://ws.example.com', region: 'eu-west-1', credentials });
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
