import { checkSchema, pickKnown, type Schema } from './schema';

const schema: Schema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['a', 'b'] },
    seq: { type: 'integer', minimum: 1 },
    at: { type: 'integer', minimum: 0 },
    name: { type: 'string', pattern: '^[a-z]{1,3}$' },
    id: { type: ['string', 'null'] },
    nested: { type: 'object', properties: { keep: { type: 'boolean' } } },
  },
  required: ['kind'],
  dependencies: { seq: ['at'], at: ['seq'] },
};

describe('checkSchema', () => {
  it.each([
    [{ kind: 'a' }],
    [{ kind: 'b', seq: 1, at: 0, name: 'abc', id: null, nested: { keep: true, other: 1 } }],
    [{ kind: 'a', id: 'x', extra: 'ignored' }],
  ])('accepts %j', (value) => {
    expect(checkSchema(schema, value)).toBeNull();
  });

  it.each([
    ['a non-object', 'text', 'message must be of type object'],
    ['a missing required key', {}, 'message.kind is required'],
    ['a value outside the enum', { kind: 'c' }, 'message.kind must be one of a, b'],
    ['a fraction where an integer is due', { kind: 'a', seq: 1.5, at: 1 }, 'message.seq must be of type integer'],
    ['a number under the minimum', { kind: 'a', seq: 0, at: 1 }, 'message.seq must be in [1, ∞]'],
    ['one of two dependent keys', { kind: 'a', seq: 2 }, 'message.seq and message.at come together'],
    ['a string off its pattern', { kind: 'a', name: 'abcd' }, 'message.name must match /^[a-z]{1,3}$/'],
    ['a type outside a type list', { kind: 'a', id: 1 }, 'message.id must be of type string or null'],
    ['a nested problem', { kind: 'a', nested: { keep: 'yes' } }, 'message.nested.keep must be of type boolean'],
  ])('refuses %s', (_case, value, problem) => {
    expect(checkSchema(schema, value)).toBe(problem);
  });

  it('reads only own properties', () => {
    expect(checkSchema(schema, Object.create({ kind: 'a' }) as object)).toBe('message.kind is required');
  });
});

describe('pickKnown', () => {
  it('copies only the properties the schema names, recursively', () => {
    expect(pickKnown(schema, { kind: 'a', extra: 1, nested: { keep: false, other: 2 } })).toStrictEqual({ kind: 'a', nested: { keep: false } });
  });
});
