import { gatewayId, requestTime } from './events';

describe('gatewayId', () => {
  it('is shaped like an API Gateway id: 11 random bytes, URL-safe base64 with its padding', () => {
    expect(gatewayId()).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it('never repeats, across refills of its entropy pool', () => {
    const ids = Array.from({ length: 2_000 }, () => gatewayId());
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('requestTime', () => {
  it("is API Gateway's requestTime format, in UTC", () => {
    expect(requestTime(Date.UTC(2026, 10, 23, 6, 25, 45))).toBe('23/Nov/2026:06:25:45 +0000');
  });
});
