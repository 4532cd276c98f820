import { handlersExampleVersion } from './version';

describe('handlers-example', () => {
  it('exposes its API version', () => {
    expect(handlersExampleVersion).toBe(1);
  });
});
