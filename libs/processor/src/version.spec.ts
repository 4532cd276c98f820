import { processorVersion } from './version';

describe('processor', () => {
  it('exposes its API version', () => {
    expect(processorVersion).toBe(1);
  });
});
