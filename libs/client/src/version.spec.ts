import { clientVersion } from './version';

describe('client', () => {
  it('exposes its API version', () => {
    expect(clientVersion).toBe(1);
  });
});
