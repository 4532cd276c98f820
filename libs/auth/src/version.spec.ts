import { authVersion } from './version';

describe('auth', () => {
  it('exposes its API version', () => {
    expect(authVersion).toBe(1);
  });
});
