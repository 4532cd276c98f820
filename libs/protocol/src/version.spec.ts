import { protocolVersion } from './version';

describe('protocol', () => {
  it('exposes its API version', () => {
    expect(protocolVersion).toBe(1);
  });
});
