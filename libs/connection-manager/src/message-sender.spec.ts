import { recordingSleep, setup, type Setup } from './test-support/manager-setup';
import { ConnectionNotFoundError, ConnectionStaleError } from './errors';
import { messageSenderFor } from './index';

describe('messageSenderFor (the MessageSender port over the manager)', () => {
  let s: Setup;
  afterEach(async () => {
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  it('sends to a stored connection, and refuses one the store does not list unless the send is verified', async () => {
    s = setup();
    await s.connect('c1');
    const sender = messageSenderFor(s.manager);

    await sender.send('c1', { id: 'a', type: 'result', success: true, data: 1 });
    await expect(sender.send('unknown', { id: 'b', type: 'error' })).rejects.toBeInstanceOf(ConnectionNotFoundError);
    const lookup = jest.spyOn(s.stores.connections, 'get');
    await sender.send('unknown', { id: 'c', type: 'error' }, { verified: true });

    expect(s.gateway.delivered('c1')).toEqual([{ id: 'a', type: 'result', success: true, data: 1 }]);
    expect(s.gateway.delivered('unknown')).toEqual([{ id: 'c', type: 'error' }]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it("logs a failed send with the message's id as correlation id (none for id: null)", async () => {
    s = setup();
    const sender = messageSenderFor(s.manager);

    await expect(sender.send('gone-1', { id: 'req-7', type: 'error' })).rejects.toThrow();
    await expect(sender.send('gone-2', { id: null, type: 'error' })).rejects.toThrow();

    const fields = s.logger.entries.filter((entry) => entry.message === 'Connection gone').map((entry) => entry.fields);
    expect(fields).toEqual([
      expect.objectContaining({ connectionId: 'gone-1', correlationId: 'req-7' }),
      expect.objectContaining({ connectionId: 'gone-2', correlationId: undefined }),
    ]);
  });

  it('rejects a transient failure with retryable: true and a gone socket (410) with retryable: false', async () => {
    s = setup({ sleep: recordingSleep().sleep });
    await s.connect('busy');
    await s.connect('closed');
    s.gateway.setStatus('busy', 500);
    s.gateway.setStatus('closed', 410);
    const sender = messageSenderFor(s.manager);

    await expect(sender.send('busy', { id: 'x', type: 'progress' })).rejects.toMatchObject({ retryable: true });
    const gone = sender.send('closed', { id: 'y', type: 'result' });
    await expect(gone).rejects.toBeInstanceOf(ConnectionStaleError);
    await expect(gone).rejects.toMatchObject({ retryable: false });
  });
});
