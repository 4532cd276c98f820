import { defaultCredentials } from './credentials';

const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'] as const;

describe('defaultCredentials', () => {
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('takes the credentials the Lambda runtime puts in the environment, without loading the rest of the chain', async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'ASIAENV';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'secret';
    process.env['AWS_SESSION_TOKEN'] = 'token';
    const loadChain = jest.fn();
    const credentials = await defaultCredentials(loadChain)();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAENV', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(loadChain).not.toHaveBeenCalled();
  });

  it('loads the environment provider on the first call, once, not when created', async () => {
    const fromEnvironment = { accessKeyId: 'ASIAENV', secretAccessKey: 'secret' };
    const loadEnvironment = jest.fn(async () => async () => fromEnvironment);
    const provider = defaultCredentials(jest.fn(), loadEnvironment);
    expect(loadEnvironment).not.toHaveBeenCalled();
    await expect(provider()).resolves.toEqual(fromEnvironment);
    await expect(provider()).resolves.toEqual(fromEnvironment);
    expect(loadEnvironment).toHaveBeenCalledTimes(1);
  });

  it('loads the rest of the chain once, when the environment has none', async () => {
    for (const name of ENV) delete process.env[name];
    const fromChain = { accessKeyId: 'AKIDCHAIN', secretAccessKey: 'chain' };
    const loadChain = jest.fn(async () => async () => fromChain);
    const provider = defaultCredentials(loadChain);
    await expect(provider()).resolves.toEqual(fromChain);
    await expect(provider()).resolves.toEqual(fromChain);
    expect(loadChain).toHaveBeenCalledTimes(1);
  });

  it('loads the chain again after a load that failed', async () => {
    for (const name of ENV) delete process.env[name];
    const fromChain = { accessKeyId: 'AKIDCHAIN', secretAccessKey: 'chain' };
    const loadChain = jest.fn(async () => async () => fromChain).mockRejectedValueOnce(new Error('Cannot find module'));
    const provider = defaultCredentials(loadChain);
    await expect(provider()).rejects.toThrow('Cannot find module');
    await expect(provider()).resolves.toEqual(fromChain);
    expect(loadChain).toHaveBeenCalledTimes(2);
  });

  it('passes on what the chain fails with', async () => {
    for (const name of ENV) delete process.env[name];
    const provider = defaultCredentials(async () => async () => Promise.reject(new Error('no credentials anywhere')));
    await expect(provider()).rejects.toThrow('no credentials anywhere');
  });
});
