import { connectionManagerVersion } from './version';

describe('connection-manager', () => {
  it('exposes its API version', () => {
    expect(connectionManagerVersion).toBe(1);
  });
});
