// The one topic rule: subscribe payloads, event frames and isTopic agree on every topic.
import fc from 'fast-check';
import { isTopic, parseClientMessage, parseServerMessage, TOPIC_PATTERN } from './index';

const subscribeFrame = (topic: string) => JSON.stringify({ id: 's-1', action: 'subscribe', payload: { topic } });
const eventFrame = (topic: string) => JSON.stringify({ type: 'event', topic, data: null });

describe('the topic rule', () => {
  it.each([['news'], ['tenant:acme/reports.daily'], ['alerts@acme'], ['t'.repeat(256)]])('accepts %j everywhere', (topic) => {
    expect(isTopic(topic)).toBe(true);
    expect(parseClientMessage(subscribeFrame(topic)).ok).toBe(true);
    expect(parseServerMessage(eventFrame(topic)).ok).toBe(true);
  });

  it.each([[''], ['with space'], ['a#b'], ['t'.repeat(257)], ['naïve']])('refuses %j everywhere', (topic) => {
    expect(isTopic(topic)).toBe(false);
    expect(parseClientMessage(subscribeFrame(topic)).ok).toBe(false);
    expect(parseServerMessage(eventFrame(topic)).ok).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['news'], { topic: 'news' }]) expect(isTopic(value)).toBe(false);
  });

  it('subscribing and receiving events agree on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (topic) => {
        const subscribable = parseClientMessage(subscribeFrame(topic)).ok;
        expect(parseServerMessage(eventFrame(topic)).ok).toBe(subscribable);
        expect(isTopic(topic)).toBe(subscribable);
        expect(TOPIC_PATTERN.test(topic)).toBe(subscribable);
      }),
      { numRuns: 2_000 },
    );
  });
});
