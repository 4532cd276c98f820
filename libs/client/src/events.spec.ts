import { TypedEmitter } from './events';

interface Events {
  ping: number;
  error: Error;
}

describe('TypedEmitter', () => {
  it('calls listeners in order and removes them through the returned function', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const off = emitter.on('ping', (n) => seen.push(`a${n}`));
    emitter.on('ping', (n) => seen.push(`b${n}`));
    emitter.emit('ping', 1);
    off();
    emitter.emit('ping', 2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(emitter.listenerCount('ping')).toBe(1);
  });

  it('does not throw when emitting error without listeners', () => {
    expect(() => new TypedEmitter<Events>().emit('error', new Error('x'))).not.toThrow();
  });

  it('reports a throwing listener and still calls the others', () => {
    const reported: unknown[] = [];
    const emitter = new TypedEmitter<Events>((error, event) => reported.push([event, (error as Error).message]));
    const after = jest.fn();
    emitter.on('ping', () => {
      throw new Error('boom');
    });
    emitter.on('ping', after);
    emitter.emit('ping', 3);
    expect(after).toHaveBeenCalledWith(3);
    expect(reported).toEqual([['ping', 'boom']]);
  });

  it('lets a listener remove itself while being called', () => {
    const emitter = new TypedEmitter<Events>();
    const calls = jest.fn();
    const off = emitter.on('ping', () => {
      calls();
      off();
    });
    emitter.emit('ping', 1);
    emitter.emit('ping', 2);
    expect(calls).toHaveBeenCalledTimes(1);
  });
});
