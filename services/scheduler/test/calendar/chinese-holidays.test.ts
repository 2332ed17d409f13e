import { describe, expect, it } from 'vitest';
import { chineseCalendarDays } from '../../src/calendar/index.js';

const dayNumber = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8))) / 86_400_000;
const dates = (list: string[]) => list.map(dayNumber);

describe('chineseCalendarDays', () => {
  // The 2026 arrangement as the chinese-days package data has it (checked against its JSON).
  it('has 2026 National Day off Oct 1-7, worked Sun Sep 20 and Sat Oct 10', () => {
    const { holidays, makeUpDays } = chineseCalendarDays();
    for (const day of dates(['2026-10-01', '2026-10-04', '2026-10-07'])) expect(holidays.has(day)).toBe(true);
    expect(holidays.has(dayNumber('2026-10-08'))).toBe(false);
    for (const day of dates(['2026-09-20', '2026-10-10'])) expect(makeUpDays.has(day)).toBe(true);
  });

  it('has 2026 Spring Festival off Feb 15-23, worked Sat Feb 14 and Sat Feb 28', () => {
    const { holidays, makeUpDays } = chineseCalendarDays();
    expect(holidays.has(dayNumber('2026-02-15'))).toBe(true);
    expect(holidays.has(dayNumber('2026-02-23'))).toBe(true);
    expect(holidays.has(dayNumber('2026-02-24'))).toBe(false);
    for (const day of dates(['2026-02-14', '2026-02-28'])) expect(makeUpDays.has(day)).toBe(true);
  });

  it('says which year its data runs to', () => {
    expect(chineseCalendarDays().lastYear).toBeGreaterThanOrEqual(2026);
  });
});
