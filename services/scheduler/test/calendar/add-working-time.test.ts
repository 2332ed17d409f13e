import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, addWorkingTime, nextOpening } from '../../src/calendar/index.js';
import {
  berlinDutyDesk,
  berlinOffice,
  HOUR,
  MINUTE,
  newYorkNightDesk,
  shanghaiSplitShift,
  shanghaiWithoutHolidays,
} from './calendars.js';

function due(calendar: Parameters<typeof addWorkingTime>[0], startIso: string, durationMs: number): string {
  return addWorkingTime(calendar, new Date(startIso), durationMs).toISOString();
}

describe('addWorkingTime on a split shift (Shanghai, 09:00-12:00 and 13:30-18:00)', () => {
  it('skips the lunch break', () => {
    // Mon 2026-03-02 11:00 local + 2 h: 1 h before lunch, 1 h after 13:30 -> 14:30.
    expect(due(shanghaiSplitShift, '2026-03-02T03:00:00Z', 2 * HOUR)).toBe('2026-03-02T06:30:00.000Z');
  });

  it('starts counting at 13:30 when the clock starts during lunch', () => {
    expect(due(shanghaiSplitShift, '2026-03-02T04:30:00Z', HOUR)).toBe('2026-03-02T06:30:00.000Z');
  });

  it('starts counting at the next opening when the clock starts before hours or at the weekend', () => {
    // Mon 07:00 local -> 09:00 + 1 h.
    expect(due(shanghaiSplitShift, '2026-03-01T23:00:00Z', HOUR)).toBe('2026-03-02T02:00:00.000Z');
    // Sat 2026-03-07 10:00 local -> Mon 09:00 + 1 h.
    expect(due(shanghaiSplitShift, '2026-03-07T02:00:00Z', HOUR)).toBe('2026-03-09T02:00:00.000Z');
  });

  it('ends at closing when the target uses up the day exactly, and rolls over when it starts there', () => {
    // 17:00 + 1 h = 18:00 the same day, not 09:00 the next.
    expect(due(shanghaiSplitShift, '2026-03-02T09:00:00Z', HOUR)).toBe('2026-03-02T10:00:00.000Z');
    // Exactly 18:00 (closing is outside hours) + 1 h = Tue 10:00.
    expect(due(shanghaiSplitShift, '2026-03-02T10:00:00Z', HOUR)).toBe('2026-03-03T02:00:00.000Z');
    // Exactly 12:00 (lunch closing) + 30 min = 14:00.
    expect(due(shanghaiSplitShift, '2026-03-02T04:00:00Z', 30 * MINUTE)).toBe('2026-03-02T06:00:00.000Z');
  });

  it('answers the next opening for a zero duration', () => {
    expect(due(shanghaiSplitShift, '2026-03-02T03:17:00Z', 0)).toBe('2026-03-02T03:17:00.000Z');
    expect(due(shanghaiSplitShift, '2026-03-02T04:00:00Z', 0)).toBe('2026-03-02T05:30:00.000Z');
    expect(due(shanghaiSplitShift, '2026-03-02T10:00:00Z', 0)).toBe('2026-03-03T01:00:00.000Z');
  });

  it('spans several days for a multi-day target (4 x 7.5 h from Monday 09:00 ends Thursday 18:00)', () => {
    expect(due(shanghaiSplitShift, '2026-03-02T01:00:00Z', 30 * HOUR)).toBe('2026-03-05T10:00:00.000Z');
  });
});

describe('addWorkingTime over China holidays and make-up days (2026 data from chinese-days)', () => {
  it('skips National Day (Oct 1-7) and works the make-up Saturday Oct 10', () => {
    // Wed 2026-09-30 10:00 local + 5 working days (37.5 h): Sep 30 6.5 h, Oct 8 and 9, Sat Oct 10,
    // Mon Oct 12 (36.5 h), then 1 h on Tue Oct 13 -> 10:00 local.
    expect(due(shanghaiSplitShift, '2026-09-30T02:00:00Z', 37.5 * HOUR)).toBe('2026-10-13T02:00:00.000Z');
    // The same target without China's calendar ends on Wed Oct 7.
    expect(due(shanghaiWithoutHolidays, '2026-09-30T02:00:00Z', 37.5 * HOUR)).toBe(
      '2026-10-07T02:00:00.000Z',
    );
  });

  it('defers a Friday-evening clock to the make-up Saturday, not to Monday', () => {
    // Fri 2026-10-09 17:00 local + 2 h: 1 h Friday, 1 h on Sat Oct 10 (Monday hours) -> 10:00.
    expect(due(shanghaiSplitShift, '2026-10-09T09:00:00Z', 2 * HOUR)).toBe('2026-10-10T02:00:00.000Z');
    expect(nextOpening(shanghaiSplitShift, new Date('2026-10-09T12:00:00Z')).toISOString()).toBe(
      '2026-10-10T01:00:00.000Z',
    );
  });

  it('works Sat Feb 14 and skips Spring Festival (Feb 15-23)', () => {
    expect(due(shanghaiSplitShift, '2026-02-13T09:00:00Z', 2 * HOUR)).toBe('2026-02-14T02:00:00.000Z');
    // Sat Feb 14 17:00 + 2 h: 1 h that day, then Tue Feb 24 09:00 + 1 h.
    expect(due(shanghaiSplitShift, '2026-02-14T09:00:00Z', 2 * HOUR)).toBe('2026-02-24T02:00:00.000Z');
  });

  it("lets the calendar's own dates override China's", () => {
    const overridden = { ...shanghaiSplitShift, holidays: ['2026-10-10'], workdays: ['2026-10-02'] };
    // Oct 2 (a Chinese holiday) is worked with Monday's hours: Thu Oct 1 10:00 local waits for Fri 09:00.
    expect(due(overridden, '2026-10-01T02:00:00Z', HOUR)).toBe('2026-10-02T02:00:00.000Z');
    // Oct 10 (a Chinese make-up day) is off: Fri Oct 9 17:00 + 2 h ends Mon Oct 12 10:00.
    expect(due(overridden, '2026-10-09T09:00:00Z', 2 * HOUR)).toBe('2026-10-12T02:00:00.000Z');
  });
});

describe('addWorkingTime with its own holidays and make-up hours (Berlin office)', () => {
  it('skips Dec 24-25 and works Sat Dec 26 10:00-14:00', () => {
    // Wed 2026-12-23 16:00 CET + 3 h: 1 h Wednesday, then Sat 10:00 + 2 h = 12:00 CET.
    expect(due(berlinOffice, '2026-12-23T15:00:00Z', 3 * HOUR)).toBe('2026-12-26T11:00:00.000Z');
    // 4 h of make-up hours used up exactly end at 14:00; one more hour waits for Monday 09:00 + 1 h.
    expect(due(berlinOffice, '2026-12-26T09:00:00Z', 4 * HOUR)).toBe('2026-12-26T13:00:00.000Z');
    expect(due(berlinOffice, '2026-12-26T09:00:00Z', 5 * HOUR)).toBe('2026-12-28T09:00:00.000Z');
  });
});

describe('addWorkingTime across DST changes', () => {
  it('Europe/Berlin spring forward (Sun 2026-03-29): Friday 16:00 + 2 h is Monday 10:00 CEST', () => {
    // 15:00Z is 16:00 CET; Monday 10:00 is CEST (+02:00) = 08:00Z. A fixed +01:00 would say 09:00Z.
    expect(due(berlinOffice, '2026-03-27T15:00:00Z', 2 * HOUR)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('Europe/Berlin fall back (Sun 2026-10-25): Friday 16:00 + 2 h is Monday 10:00 CET', () => {
    expect(due(berlinOffice, '2026-10-23T14:00:00Z', 2 * HOUR)).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts a 23-hour and a 25-hour local day on a round-the-clock desk', () => {
    // Sat 2026-03-28 12:00 CET + 24 h of work = Sun 13:00 CEST: the same instant as plain addition.
    expect(due(berlinDutyDesk, '2026-03-28T11:00:00Z', 24 * HOUR)).toBe('2026-03-29T11:00:00.000Z');
    expect(due(berlinDutyDesk, '2026-10-24T10:00:00Z', 24 * HOUR)).toBe('2026-10-25T10:00:00.000Z');
    // New Year's Day is off: Dec 31 23:00 CET + 2 h = Jan 2 01:00 CET.
    expect(due(berlinDutyDesk, '2025-12-31T22:00:00Z', 2 * HOUR)).toBe('2026-01-02T00:00:00.000Z');
  });

  it('America/New_York spring forward (Sun 2026-03-08) inside a 00:00-06:00 shift: 5 working hours', () => {
    // Sat 05:00 EST + 3 h: 1 h Saturday, then Sun 00:00 EST (05:00Z) + 2 h = 07:00Z (03:00 EDT).
    expect(due(newYorkNightDesk, '2026-03-07T10:00:00Z', 3 * HOUR)).toBe('2026-03-08T07:00:00.000Z');
    // 6 h from Sunday's opening: the 5-hour shift, then Monday 00:00 EDT + 1 h = 05:00Z.
    expect(due(newYorkNightDesk, '2026-03-08T05:00:00Z', 6 * HOUR)).toBe('2026-03-09T05:00:00.000Z');
  });

  it('America/New_York fall back (Sun 2026-11-01) inside a 00:00-06:00 shift: 7 working hours', () => {
    // Sun 00:00 EDT (04:00Z) + 6.5 h = 10:30Z (05:30 EST).
    expect(due(newYorkNightDesk, '2026-11-01T04:00:00Z', 6.5 * HOUR)).toBe('2026-11-01T10:30:00.000Z');
    // + 7.5 h: the whole 7-hour shift, then Monday 00:00 EST (05:00Z) + 30 min.
    expect(due(newYorkNightDesk, '2026-11-01T04:00:00Z', 7.5 * HOUR)).toBe('2026-11-02T05:30:00.000Z');
  });
});

describe('addWorkingTime on ALWAYS_OPEN', () => {
  it('equals plain addition, DST days and long targets included', () => {
    const cases: Array<[string, number]> = [
      ['2026-03-29T00:30:00Z', 5 * HOUR],
      ['2026-11-01T05:59:59.999Z', 1],
      ['2026-10-01T00:00:00Z', 7 * 24 * HOUR],
      ['2024-02-28T12:00:00Z', 400 * 24 * HOUR + 17],
      ['2026-06-01T10:00:00Z', 0],
    ];
    for (const [start, duration] of cases) {
      const expected = new Date(new Date(start).getTime() + duration).toISOString();
      expect(due(ALWAYS_OPEN, start, duration), `${start} + ${duration} ms`).toBe(expected);
    }
  });
});

describe('addWorkingTime refuses bad input', () => {
  it('throws a RangeError for an invalid date or a negative or non-finite duration', () => {
    expect(() => addWorkingTime(shanghaiSplitShift, new Date('nope'), HOUR)).toThrow(RangeError);
    expect(() => addWorkingTime(shanghaiSplitShift, new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingTime(shanghaiSplitShift, new Date(), Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
  });

  it('throws for an invalid calendar instead of guessing', () => {
    const broken = { ...shanghaiSplitShift, timeZone: 'Asia/Atlantis' };
    expect(() => addWorkingTime(broken, new Date(), HOUR)).toThrow(/timeZone/);
  });
});
