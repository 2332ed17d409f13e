import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  addWorkingTime,
  isWorkingTime,
  nextOpening,
  workingTimeBetween,
} from '../../src/calendar/index.js';
import { berlinEveningDesk, berlinOffice, HOUR, newYorkNightDesk, shanghaiSplitShift } from './calendars.js';

const d = (iso: string) => new Date(iso);

describe('workingTimeBetween', () => {
  it('counts only working periods (lunch, evenings and weekends left out)', () => {
    // Mon 2026-03-02 11:00 to Tue 10:00 local: 1 + 4.5 + 1 h.
    expect(workingTimeBetween(shanghaiSplitShift, d('2026-03-02T03:00:00Z'), d('2026-03-03T02:00:00Z'))).toBe(
      6.5 * HOUR,
    );
    // Fri 17:00 to Mon 09:30 local: 1 h + 30 min.
    expect(workingTimeBetween(shanghaiSplitShift, d('2026-03-06T09:00:00Z'), d('2026-03-09T01:30:00Z'))).toBe(
      1.5 * HOUR,
    );
  });

  it('is zero for an empty or closed interval and negative when reversed', () => {
    const lunch = d('2026-03-02T04:15:00Z');
    expect(workingTimeBetween(shanghaiSplitShift, lunch, lunch)).toBe(0);
    expect(workingTimeBetween(shanghaiSplitShift, d('2026-03-02T04:00:00Z'), d('2026-03-02T05:30:00Z'))).toBe(
      0,
    );
    expect(workingTimeBetween(shanghaiSplitShift, d('2026-03-02T03:00:00Z'), d('2026-03-02T02:00:00Z'))).toBe(
      -HOUR,
    );
  });

  it('counts the 23- and 25-hour days of the team zone, and plain elapsed time on ALWAYS_OPEN', () => {
    // New York night desk, whole Sundays: spring forward 5 h, fall back 7 h.
    expect(workingTimeBetween(newYorkNightDesk, d('2026-03-08T00:00:00Z'), d('2026-03-08T20:00:00Z'))).toBe(
      5 * HOUR,
    );
    expect(workingTimeBetween(newYorkNightDesk, d('2026-11-01T00:00:00Z'), d('2026-11-01T20:00:00Z'))).toBe(
      7 * HOUR,
    );
    expect(workingTimeBetween(ALWAYS_OPEN, d('2026-03-29T00:00:00Z'), d('2026-03-30T00:00:00Z'))).toBe(
      24 * HOUR,
    );
  });

  it('skips China holidays: Sep 30 to Oct 9 2026 holds 3 working days', () => {
    expect(workingTimeBetween(shanghaiSplitShift, d('2026-09-29T16:00:00Z'), d('2026-10-09T16:00:00Z'))).toBe(
      3 * 7.5 * HOUR,
    );
  });
});

describe('a clock paused while waiting on the customer', () => {
  it('keeps the remaining time across a pause over midnight on an evening desk (20:00-04:00 Berlin)', () => {
    const target = 3 * HOUR;
    const started = d('2026-02-10T21:00:00Z'); // 22:00 CET
    const paused = d('2026-02-10T22:30:00Z'); // 23:30
    const resumed = d('2026-02-10T23:30:00Z'); // 00:30 the next day
    const used = workingTimeBetween(berlinEveningDesk, started, paused);
    expect(used).toBe(1.5 * HOUR);
    // 1.5 h left from 00:30 CET -> 02:00 CET.
    expect(addWorkingTime(berlinEveningDesk, resumed, target - used).toISOString()).toBe(
      '2026-02-11T01:00:00.000Z',
    );
  });

  it('resumes a business-hours clock the next morning with the rest of its 4 h', () => {
    const started = d('2026-03-02T07:00:00Z'); // Mon 15:00 Shanghai
    const paused = d('2026-03-02T09:00:00Z'); // 17:00
    const resumed = d('2026-03-03T00:00:00Z'); // Tue 08:00, before opening
    const used = workingTimeBetween(shanghaiSplitShift, started, paused);
    expect(used).toBe(2 * HOUR);
    expect(addWorkingTime(shanghaiSplitShift, resumed, 4 * HOUR - used).toISOString()).toBe(
      '2026-03-03T03:00:00.000Z',
    );
  });

  it('gives the same due time as an unpaused clock when the pause lies outside working hours', () => {
    const started = d('2026-03-02T09:00:00Z'); // Mon 17:00
    const paused = d('2026-03-02T10:00:00Z'); // 18:00 closing
    const resumed = d('2026-03-03T00:30:00Z'); // Tue 08:30
    const remaining = 4 * HOUR - workingTimeBetween(shanghaiSplitShift, started, paused);
    expect(addWorkingTime(shanghaiSplitShift, resumed, remaining)).toEqual(
      addWorkingTime(shanghaiSplitShift, started, 4 * HOUR),
    );
  });
});

describe('isWorkingTime and nextOpening', () => {
  it('treats opening as inside and closing as outside', () => {
    expect(isWorkingTime(shanghaiSplitShift, d('2026-03-02T01:00:00Z'))).toBe(true); // 09:00
    expect(isWorkingTime(shanghaiSplitShift, d('2026-03-02T03:59:59.999Z'))).toBe(true);
    expect(isWorkingTime(shanghaiSplitShift, d('2026-03-02T04:00:00Z'))).toBe(false); // 12:00
    expect(isWorkingTime(shanghaiSplitShift, d('2026-10-01T03:00:00Z'))).toBe(false); // National Day
    expect(isWorkingTime(shanghaiSplitShift, d('2026-10-10T03:00:00Z'))).toBe(true); // make-up Saturday
    expect(isWorkingTime(ALWAYS_OPEN, d('2026-10-01T03:00:00Z'))).toBe(true);
  });

  it('answers the instant itself inside hours and the next shift start outside them', () => {
    expect(nextOpening(berlinOffice, d('2026-03-02T10:07:00Z')).toISOString()).toBe(
      '2026-03-02T10:07:00.000Z',
    );
    // A reminder due Fri 2026-03-27 20:00 CET waits for Monday 09:00 CEST (after the spring change).
    expect(nextOpening(berlinOffice, d('2026-03-27T19:00:00Z')).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    expect(nextOpening(shanghaiSplitShift, d('2026-03-02T04:00:00Z')).toISOString()).toBe(
      '2026-03-02T05:30:00.000Z',
    );
  });
});
