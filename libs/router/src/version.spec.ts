import { routerVersion } from './version';

describe('router', () => {
  it('exposes its API version', () => {
    expect(routerVersion).toBe(1);
  });
});
