import { InvalidPageTokenError } from './errors';
import { createPageTokenCodec } from './page-token';

describe('page tokens', () => {
  const codec = createPageTokenCodec({ secret: 's3cret', scope: 'table-a', keyNames: ['connectionId'] });

  it('round-trips a key through an opaque token', () => {
    const token = codec.encode({ connectionId: 'c-1' });
    expect(token).not.toContain('c-1');
    expect(codec.decode(token)).toEqual({ connectionId: 'c-1' });
  });

  it('rejects tokens of another table, another secret or another key shape', () => {
    const token = createPageTokenCodec({ secret: 's3cret', scope: 'table-b', keyNames: ['connectionId'] }).encode({ connectionId: 'c-1' });
    expect(() => codec.decode(token)).toThrow(InvalidPageTokenError);
    const otherSecret = createPageTokenCodec({ secret: 'other', scope: 'table-a', keyNames: ['connectionId'] });
    expect(() => codec.decode(otherSecret.encode({ connectionId: 'c-1' }))).toThrow(InvalidPageTokenError);
    const wide = createPageTokenCodec({ secret: 's3cret', scope: 'table-a', keyNames: ['connectionId', 'status'] });
    expect(() => codec.decode(wide.encode({ connectionId: 'c-1', status: 'x' }))).toThrow(InvalidPageTokenError);
  });

  it('rejects garbage of any size with a clear error', () => {
    for (const bad of ['', '.', 'a.b.c', 'x'.repeat(10_000), '%%%.%%%']) {
      expect(() => codec.decode(bad)).toThrow('Invalid page token');
    }
  });
});
