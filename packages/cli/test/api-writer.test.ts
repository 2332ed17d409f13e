import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../src/api-writer.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T09:00:00Z');
  it('reads seconds and HTTP dates, and waits a second for anything else', () => {
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(1000);
    expect(retryAfterMs('soon', now)).toBe(1000);
  });
});
