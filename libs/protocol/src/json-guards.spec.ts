import { exceedsDepth, findPollutingKey, own } from './json-guards';

describe('exceedsDepth', () => {
  it.each([
    ['1', 0, false],
    ['{}', 1, false],
    ['{}', 0, true],
    ['[[],[[]]]', 3, false],
    ['[[],[[]]]', 2, true],
    ['["[[[[", "\\"[[[["]', 1, false],
    ['{"a\\\\":[["x"]]}', 2, true],
  ])('%s with limit %i → %p', (text, limit, expected) => {
    expect(exceedsDepth(text, limit)).toBe(expected);
  });
});

describe('findPollutingKey', () => {
  it('finds __proto__ at any depth and reports its path', () => {
    expect(findPollutingKey(JSON.parse('{"a":{"b":[0,{"__proto__":1}]}}'), 'payload')).toBe('payload.a.b[1].__proto__');
  });

  it('finds prototype only under constructor', () => {
    expect(findPollutingKey({ constructor: { prototype: {} } })).toBe('.constructor.prototype');
    expect(findPollutingKey({ prototype: {}, constructor: 'x' })).toBeNull();
    expect(findPollutingKey([{ prototype: 1 }])).toBeNull();
  });

  it('returns null for primitives', () => {
    expect(findPollutingKey('__proto__')).toBeNull();
    expect(findPollutingKey(null)).toBeNull();
  });
});

describe('own', () => {
  it('ignores inherited properties', () => {
    expect(own({}, 'constructor')).toBeUndefined();
    expect(own({ constructor: 1 }, 'constructor')).toBe(1);
  });
});
