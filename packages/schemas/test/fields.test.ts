import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, locale, money, plainText, timeZone } from '../src/index.js';

describe('field schemas', () => {
  it('stores a time zone by its proper spelling and keeps current names ICU would make old', () => {
    expect(timeZone.parse('asia/SHANGHAI')).toBe('Asia/Shanghai');
    expect(timeZone.parse('America/New_York')).toBe('America/New_York');
    expect(timeZone.parse('utc')).toBe('UTC');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    // One spelling whatever the case, so a retry that differs only in case changes nothing.
    for (const spelling of ['asia/kolkata', 'ASIA/KOLKATA'])
      expect(canonicalTimeZone(spelling)).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('asia/ho_chi_minh')).toBe('Asia/Ho_Chi_Minh');
    expect(canonicalTimeZone('us/pacific')).toBe(canonicalTimeZone('US/Pacific'));
    expect(timeZone.safeParse('Mars/Olympus_Mons').success).toBe(false);
    expect(timeZone.safeParse('').success).toBe(false);
  });

  it('refuses invisible formatting characters in plain text but keeps emoji joiners', () => {
    const name = plainText(50);
    for (const text of ['\u200B', 'a\u200Fb', 'feed\u202Egnp', 'x\u{E0041}y'])
      expect(name.safeParse(text).success, JSON.stringify(text)).toBe(false);
    expect(name.parse('👩\u200D💻 王芳')).toBe('👩\u200D💻 王芳');
  });

  it('refuses prices that are not whole cents, and negative zero', () => {
    for (const price of [1e-9, -0, -1, 0.001, 10.005])
      expect(money.safeParse(price).success, String(price)).toBe(false);
    for (const price of [0, 0.29, 19.99, 9_999_999_999.99]) expect(money.parse(price)).toBe(price);
  });

  it('canonicalises language tags and refuses very long ones', () => {
    expect(locale.parse('zh-cn')).toBe('zh-CN');
    expect(locale.safeParse('en-'.padEnd(99_004, 'x')).success).toBe(false);
  });
});
