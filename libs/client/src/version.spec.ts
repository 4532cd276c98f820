import { clientVersion } from './client';

describe('client', () => {
  it('exposes its API version', () => {
    expect(clientVersion).toBe(1);
  });
});
