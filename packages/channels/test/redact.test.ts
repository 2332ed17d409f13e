import { describe, expect, test } from 'vitest';
import { maskPhone, parseRetryAfter } from '../src/index.js';
import { maskEmails, maskPhones } from '../src/redact.js';

describe('maskPhone', () => {
  test('keeps the plus and the last four digits only', () => {
    expect(maskPhone('+447911123456')).toBe('+********3456');
    expect(maskPhone('07911 123456')).toBe('*******3456');
    expect(maskPhone('123')).toBe('***');
  });

  test('masks numbers inside a text', () => {
    expect(maskPhones('bad number +8613812345678, retry')).toBe('bad number +*********5678, retry');
    expect(maskPhones('order 2026-11-23 at 10:00')).toBe('order 2026-11-23 at 10:00');
  });
});

describe('maskEmails', () => {
  test('keeps the first letter and the domain', () => {
    expect(maskEmails('550 <bob.smith@example.com> unknown')).toBe('550 <b***@example.com> unknown');
  });
});

describe('parseRetryAfter', () => {
  test('reads seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:27:00 GMT');
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
